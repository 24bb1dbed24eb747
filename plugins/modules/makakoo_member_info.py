#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_member_info
short_description: List the members of a Makakoo organization
version_added: 0.1.0
description:
  - Lists the members of one organization, reading every page of the member list.
  - Filters by O(email) or O(role). Without a filter, returns every member.
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
  email:
    description:
      - Return only the member with this e-mail address, compared case-insensitively.
    type: str
  role:
    description:
      - Return only the members with this role, one of V(owner), V(admin), V(member), V(viewer) in any case.
      - Any other value fails before any request.
    type: str
notes:
  - An e-mail that matches no member gives an empty list, not a failure.
seealso:
  - module: makakoo.platform.makakoo_member
"""

EXAMPLES = r"""
- name: List the members of Northwind Labs
  makakoo.platform.makakoo_member_info:
    organization: Northwind Labs
  register: northwind

- name: List the owners
  makakoo.platform.makakoo_member_info:
    organization: Northwind Labs
    role: owner
  register: owners

- name: Check whether Wen is a member, and with which role
  makakoo.platform.makakoo_member_info:
    organization: Northwind Labs
    email: Wen.Weber@example.com
  register: wen

- name: Show the owners' e-mail addresses
  ansible.builtin.debug:
    msg: "{{ owners.members | map(attribute='email') | list }}"
"""

RETURN = r"""
members:
  description: The matching members, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: User id, always a string.
      type: str
      sample: "3f1c2a9e-6d0b-5b8e-9a51-2f4f7f0c1d2e"
    email:
      description: E-mail address, as the service spells it.
      type: str
      sample: wen.weber@example.com
    first_name:
      description: First name.
      type: str
      sample: Wen
    last_name:
      description: Last name.
      type: str
      sample: Weber
    role:
      description: Role in the organization, in UPPER case.
      type: str
      sample: MEMBER
    joined_at:
      description: When the person became a member, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00.000Z"
organization:
  description: The organization whose members were listed.
  returned: always
  type: dict
  contains:
    id:
      description: Organization id, always a string.
      type: str
      sample: "1001"
    name:
      description: Organization name.
      type: str
      sample: Northwind Labs
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule
from ansible_collections.makakoo.platform.plugins.module_utils.membership import email_key
from ansible_collections.makakoo.platform.plugins.module_utils.roles import InvalidRoleError, normalize_role


def list_members(module, role):
    email = module.params["email"]
    organization = module.require_organization()

    members = module.client.list_members(organization["id"])
    if email is not None:
        members = [member for member in members if email_key(member.get("email")) == email_key(email)]
    if role is not None:
        members = [member for member in members if (member.get("role") or "").upper() == role]

    module.exit(changed=False, members=members,
                organization={"id": organization["id"], "name": organization["name"]})


def main():
    module = MakakooModule(
        argument_spec=dict(
            organization=dict(type="str"),
            organization_id=dict(type="str"),
            email=dict(type="str"),
            role=dict(type="str"),
        ),
        mutually_exclusive=[["organization", "organization_id"]],
        required_one_of=[["organization", "organization_id"]],
    )
    role = None
    if module.params["role"] is not None:
        try:
            role = normalize_role(module.params["role"])
        except InvalidRoleError as exc:
            module.fail(str(exc))
    module.run(lambda current: list_members(current, role))


if __name__ == "__main__":
    main()
