#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_organization_info
short_description: List the Makakoo organizations the caller can see
version_added: 0.1.0
description:
  - Lists every organization the caller is a member of, or one found by O(name) or O(organization_id).
  - With O(include), adds each organization's members, projects or memberships.
  - An organization that is not found gives an empty list, not a failure.
author:
  - Makakoo Platform Team (@makakoo)
extends_documentation_fragment:
  - makakoo.platform.auth
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
  name:
    description:
      - Return only the organizations with exactly this name.
    type: str
  organization_id:
    description:
      - Return only the organization with this id.
    type: str
  include:
    description:
      - Related resources to add to each organization, each under a key of the same name.
      - Each organization then costs one more request.
    type: list
    elements: str
    choices: [users, projects, organization_memberships]
    default: []
"""

EXAMPLES = r"""
- name: List every organization the caller can see
  makakoo.platform.makakoo_organization_info:
  register: all_organizations

- name: Get one organization with its members and projects
  makakoo.platform.makakoo_organization_info:
    name: Northwind Labs
    include: [users, projects]
  register: northwind

- name: Show the members' e-mail addresses
  ansible.builtin.debug:
    msg: "{{ northwind.organizations[0].users | map(attribute='email') | list }}"
"""

RETURN = r"""
organizations:
  description: The matching organizations, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Organization id, always a string.
      type: str
      sample: "1001"
    name:
      description: Organization name.
      type: str
      sample: Northwind Labs
    current_user_role:
      description: The caller's role in the organization, in UPPER case.
      type: str
      sample: ADMIN
    created_at:
      description: Creation time, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00Z"
    meta:
      description: Service metadata; C(can) is the caller's permission map.
      type: dict
      returned: when the service sends it
      sample: {"can": {"organization": {"manage_settings": true}}}
    users:
      description: Members, with C(id), C(email), C(first_name), C(last_name), C(role) and C(joined_at).
      type: list
      elements: dict
      returned: when O(include) contains V(users)
    projects:
      description: Projects, with C(id), C(name) and C(created_at).
      type: list
      elements: dict
      returned: when O(include) contains V(projects)
    organization_memberships:
      description: Memberships, with C(id), C(user_id) and C(role).
      type: list
      elements: dict
      returned: when O(include) contains V(organization_memberships)
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule

# The JSON:API type of each include, as the service names them.
INCLUDE_TYPES = {
    "users": "users",
    "projects": "project",
    "organization_memberships": "organization_membership",
}


def list_organizations(module):
    params = module.params
    include = params["include"]

    if params["organization_id"] is not None:
        found = module.find_organization(organization_id=params["organization_id"])
        organizations = [found] if found else []
    else:
        organizations = module.client.list_organizations()
    if params["name"] is not None:
        organizations = [org for org in organizations if org.get("name") == params["name"]]

    result = []
    for organization in organizations:
        organization = dict(organization)
        organization.pop("included", None)
        if include:
            included = module.client.get_organization(organization["id"], include=include)["included"]
            for name in include:
                organization[name] = [dict((key, value) for key, value in item.items() if key != "type")
                                      for item in included if item.get("type") == INCLUDE_TYPES[name]]
        result.append(organization)

    module.exit(changed=False, organizations=result)


def main():
    module = MakakooModule(
        argument_spec=dict(
            name=dict(type="str"),
            organization_id=dict(type="str"),
            include=dict(type="list", elements="str", default=[],
                         choices=["users", "projects", "organization_memberships"]),
        ),
    )
    module.run(list_organizations)


if __name__ == "__main__":
    main()
