#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_invitation_info
short_description: List the invitations of a Makakoo organization, or the caller's own pending invitations
version_added: 0.1.0
description:
  - Lists the invitations of the organization given by O(organization) or O(organization_id), optionally
    only those for one O(email) or with one O(status).
  - With O(pending_for_current_user=true), lists instead the pending invitations addressed to the caller
    (the user of the access token) in every organization, including organizations the caller is not a member of yet.
author:
  - Makakoo Platform Team (@makakoo)
extends_documentation_fragment:
  - makakoo.platform.auth
  - makakoo.platform.organization
  - ansible.builtin.action_common_attributes
  - makakoo.platform.attributes
attributes:
  check_mode:
    support: full
    details: This module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details: This module changes nothing.
options:
  organization:
    description:
      - Exact name of the organization whose invitations to list. A name that matches several organizations
        fails, listing their ids; use O(organization_id) then.
      - Required, or O(organization_id), unless O(pending_for_current_user=true).
  organization_id:
    description:
      - Id of the organization whose invitations to list, an opaque string, also for legacy numeric ids.
      - Required, or O(organization), unless O(pending_for_current_user=true).
  email:
    description:
      - Return only the invitations for this e-mail address, compared case-insensitively.
    type: str
  status:
    description:
      - Return only the invitations with this status.
      - The service lists only pending invitations, so any other value returns an empty list today.
        The option accepts every status the service defines, so that a playbook keeps working if
        the service starts listing the others.
    type: str
    choices: [pending, accepted, rejected, cancelled, expired]
  pending_for_current_user:
    description:
      - List the caller's own pending invitations, across organizations, instead of an organization's invitations.
      - Each carries the C(organization_id) and C(organization_name) of the organization that sent it, which
        M(makakoo.platform.makakoo_invitation) takes to accept or reject it.
      - Cannot be combined with O(organization), O(organization_id) or O(email).
    type: bool
    default: false
notes:
  - Reading an organization's invitations needs membership of the organization. The caller's own pending
    invitations need no membership.
seealso:
  - module: makakoo.platform.makakoo_invitation
"""

EXAMPLES = r"""
- name: List the pending invitations of Northwind Labs
  makakoo.platform.makakoo_invitation_info:
    organization: Northwind Labs
  register: northwind_invitations

- name: Find the invitation of one person, whatever the case of the address
  makakoo.platform.makakoo_invitation_info:
    organization: Northwind Labs
    email: Viktor.Varga@Example.com
  register: viktor

- name: List the invitations waiting for the user of the access token
  makakoo.platform.makakoo_invitation_info:
    pending_for_current_user: true
    access_token: "{{ new_hire_access_token }}"
  register: my_invitations

- name: Accept each of them
  makakoo.platform.makakoo_invitation:
    invitation_id: "{{ item.id }}"
    organization_id: "{{ item.organization_id }}"
    state: accepted
    access_token: "{{ new_hire_access_token }}"
  loop: "{{ my_invitations.invitations }}"
  loop_control:
    label: "{{ item.organization_name }}"
"""

RETURN = r"""
invitations:
  description: The matching invitations, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Invitation id, always a string.
      type: str
      sample: 6f1c2d9e-0b7a-4c55-9a43-2f1e8d7c6b5a
    email:
      description: The invited address, as the service stores it.
      type: str
      sample: viktor.varga@example.com
    role:
      description: Role the invitation grants, in lower case.
      type: str
      sample: viewer
    status:
      description: One of V(pending), V(accepted), V(rejected), V(cancelled) and V(expired).
      type: str
      sample: pending
    organization_id:
      description: Id of the organization that sent the invitation.
      type: str
      sample: "1001"
    organization_name:
      description: Name of the organization that sent the invitation.
      type: str
      sample: Northwind Labs
    invited_by:
      description: E-mail address of the member who sent the invitation.
      type: str
      sample: automation@example.org
    created_at:
      description: When the invitation was first sent, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00.000Z"
    expires_at:
      description: When the invitation expires, ISO 8601.
      type: str
      sample: "2026-12-11T10:00:00.000Z"
    last_sent_at:
      description: When the invitation e-mail was last sent, ISO 8601.
      type: str
      sample: "2026-12-05T08:30:00.000Z"
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule, ORGANIZATION_ARGUMENT_SPEC
from ansible_collections.makakoo.platform.plugins.module_utils.membership import email_key


def list_invitations(module):
    params = module.params
    if params["pending_for_current_user"]:
        invitations = module.client.list_pending_invitations()
    else:
        organization = module.require_organization()
        invitations = module.client.list_invitations(organization["id"])

    if params["email"] is not None:
        invitations = [item for item in invitations if email_key(item.get("email")) == email_key(params["email"])]
    if params["status"] is not None:
        invitations = [item for item in invitations if item.get("status", "pending") == params["status"]]
    module.exit(changed=False, invitations=invitations)


def main():
    argument_spec = dict(
        email=dict(type="str"),
        status=dict(type="str", choices=["pending", "accepted", "rejected", "cancelled", "expired"]),
        pending_for_current_user=dict(type="bool", default=False),
    )
    argument_spec.update(ORGANIZATION_ARGUMENT_SPEC)
    module = MakakooModule(
        argument_spec=argument_spec,
        mutually_exclusive=[["organization", "organization_id"]],
    )
    params = module.params
    selected = [name for name in ("organization", "organization_id", "email") if params[name] is not None]
    if params["pending_for_current_user"] and selected:
        module.fail("Invalid options: pending_for_current_user=true lists the caller's own invitations, so it "
                    "cannot be combined with %s. Leave out %s, or set pending_for_current_user=false."
                    % (", ".join(selected), " and ".join(selected)))
    if not params["pending_for_current_user"] and params["organization"] is None and params["organization_id"] is None:
        module.fail("Missing organization: give organization or organization_id, or set pending_for_current_user=true "
                    "to list the caller's own pending invitations.")
    module.run(list_invitations)


if __name__ == "__main__":
    main()
