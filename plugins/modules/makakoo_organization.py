#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_organization
short_description: Create or rename a Makakoo organization
version_added: 0.1.0
description:
  - Ensures that an organization with a given name exists, creating it if needed.
    The caller becomes the OWNER of an organization it creates.
  - Renames an organization, found by its current name (O(name) with O(new_name)) or
    by its id (O(organization_id) with O(name)).
  - The Makakoo API has no operation that deletes an organization, so this module has
    no O(ignore:state=absent).
author:
  - Makakoo Platform Team (@makakoo)
extends_documentation_fragment:
  - makakoo.platform.auth
  - ansible.builtin.action_common_attributes
  - makakoo.platform.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  name:
    description:
      - Exact name of the organization.
      - With O(new_name), the current name of the organization to rename.
      - With O(organization_id), the name the organization should have.
    type: str
    required: true
  new_name:
    description:
      - New name for the organization found by O(name).
      - A rerun after a successful rename is unchanged, because O(name) no longer exists and O(new_name) does.
      - When neither O(name) nor O(new_name) exists, the organization is created as O(new_name).
      - When both exist, the task fails before any change.
    type: str
  organization_id:
    description:
      - Id of the organization to rename to O(name). Mutually exclusive with O(new_name).
      - When another organization already has the name O(name), the task fails before any change.
    type: str
notes:
  - Names are matched exactly, including case and spaces.
  - When a create fails with a server fault or without a response, the module reads the organizations
    again. If the organization exists then, the task reports it as created, with a warning, and the
    request is not sent a second time.
"""

EXAMPLES = r"""
- name: Ensure the Northwind Analytics organization exists
  makakoo.platform.makakoo_organization:
    name: Northwind Analytics
    api_key: "{{ makakoo_api_key }}"
    access_token: "{{ makakoo_access_token }}"

- name: Rename an organization, idempotently
  makakoo.platform.makakoo_organization:
    name: Northwind Labs
    new_name: Northwind Research

- name: Rename an organization by id
  makakoo.platform.makakoo_organization:
    organization_id: "1001"
    name: Northwind Research
"""

RETURN = r"""
organization:
  description:
    - The organization after the change, or as it would be in check mode.
    - In check mode, an organization that would be created has O(ignore:id=null).
  returned: success
  type: dict
  contains:
    id:
      description: Organization id, always a string.
      type: str
      sample: "1001"
    name:
      description: Organization name.
      type: str
      sample: Northwind Analytics
    current_user_role:
      description: The caller's role in the organization, in UPPER case.
      type: str
      sample: OWNER
    created_at:
      description: Creation time, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00Z"
    meta:
      description: Service metadata; C(can) is the caller's permission map.
      type: dict
      sample: {"can": {"organization": {"manage_settings": true}}}
action:
  description: What the task did, or would do in check mode.
  returned: always
  type: str
  choices: [created, renamed, unchanged]
  sample: renamed
msg:
  description: A sentence describing what was done.
  returned: always
  type: str
  sample: "Renamed organization 'Northwind Labs' to 'Northwind Research'."
diff:
  description: The organization's name before and after.
  returned: always
  type: dict
  sample: {"before": {"name": "Northwind Labs"}, "after": {"name": "Northwind Research"}}
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule
from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError


def ensure_organization(module):
    params = module.params
    name = params["name"]
    new_name = params["new_name"]
    organization_id = params["organization_id"]

    if organization_id is not None:
        current = module.find_organization(organization_id=organization_id)
        if current is None:
            module.fail("Organization id '%s' was not found, or the caller is not a member of it. "
                        "Check organization_id." % organization_id)
        target_name = name
    elif new_name is not None and new_name != name:
        current = module.find_organization(name=name)
        existing_target = module.find_organization(name=new_name)
        if current is not None and existing_target is not None:
            module.fail("Cannot rename organization '%s' to '%s': both names exist (ids %s and %s). "
                        "Remove new_name to keep both, or rename one of them by organization_id."
                        % (name, new_name, current["id"], existing_target["id"]))
        if current is None and existing_target is not None:
            finish(module, existing_target, "unchanged",
                   "Organization '%s' already exists and '%s' does not." % (new_name, name))
        if current is None:
            create(module, new_name,
                   "Neither '%s' nor '%s' existed, so the organization was created as '%s'."
                   % (name, new_name, new_name))
        target_name = new_name
    else:
        current = module.find_organization(name=name)
        if current is None:
            create(module, name, "Created organization '%s'." % name)
        target_name = name

    if current["name"] == target_name:
        finish(module, current, "unchanged", "Organization '%s' is already present." % target_name)

    if organization_id is not None:
        # Organization names need not be unique, but every later
        # lookup by that name would then fail as ambiguous.
        namesakes = [org for org in module.client.list_organizations()
                     if org.get("name") == target_name and org.get("id") != current["id"]]
        if namesakes:
            module.fail(
                "Cannot rename organization id %s to '%s': organization id %s already has that name. "
                "Choose another name, or rename that organization first."
                % (current["id"], target_name, namesakes[0]["id"]))

    renamed = dict(current, name=target_name)
    if not module.check_mode:
        renamed = module.client.update_organization_name(current["id"], target_name)
    module.exit(
        changed=True,
        action="renamed",
        organization=renamed,
        msg="Renamed organization '%s' to '%s'." % (current["name"], target_name),
        diff={"before": {"name": current["name"]}, "after": {"name": target_name}},
    )


def create(module, name, msg):
    organization = {"id": None, "name": name, "current_user_role": "OWNER"}
    if not module.check_mode:
        organization = create_once(module, name)
    module.exit(changed=True, action="created", organization=organization, msg=msg,
                diff={"before": {}, "after": {"name": name}})


def create_once(module, name):
    """Create the organization ``name``, which did not exist, and return it.

    A 5xx or a lost response may come after the service created it. The
    organizations are then read again, and one named ``name`` is the result,
    so that the task reports the change it made. The create is never sent twice.
    """
    try:
        return module.client.create_organization(name)
    except MakakooApiError as exc:
        if exc.status is not None and exc.status < 500:
            raise
        try:
            found = [org for org in module.client.list_organizations() if org.get("name") == name]
        except MakakooApiError:
            raise exc
        if len(found) != 1:
            exc.hint = ("The organizations were read again and no organization named '%s' exists. "
                        "Run the task again." % name)
            exc.args = (exc._build_message(),)
            raise exc
        module.ansible.warn("Creating organization '%s' failed (%s), but reading the organizations again showed "
                            "that it was created, so the request was not sent again." % (name, exc.detail or exc.status))
        return found[0]


def finish(module, organization, action, msg):
    state = {"name": organization["name"]}
    module.exit(changed=False, action=action, organization=organization, msg=msg,
                diff={"before": state, "after": state})


def main():
    module = MakakooModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            new_name=dict(type="str"),
            organization_id=dict(type="str"),
        ),
        mutually_exclusive=[["new_name", "organization_id"]],
    )
    for option in ("name", "new_name", "organization_id"):
        value = module.params[option]
        if value is not None and not value.strip():
            field = "id" if option == "organization_id" else "name"
            module.fail("Invalid %s: it is empty. Give the organization's %s." % (option, field))
    module.run(ensure_organization)


if __name__ == "__main__":
    main()
