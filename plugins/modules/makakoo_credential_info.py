#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_credential_info
short_description: List the API keys, LLM API keys and Sentinel passes of a Makakoo organization
version_added: 0.1.0
description:
  - Lists the credentials of every project of an organization, or of one project, for audits
    and runbooks. Each credential carries the id and name of its project.
  - Never returns a secret value. The fields C(secret_key), C(encrypted_secret_key),
    C(meta.secret_key), C(key), C(client_secret), and any other field whose name contains
    C(secret), C(token) or C(password) or names a key (such as C(private_key)), are removed
    by the collection's redaction rule. Masked display values (C(display_secret_key),
    C(display_key)), C(public_key) and C(client_id) are kept.
  - Any secret value of 8 or more characters received from the service is also masked as C(********) wherever else it
    appears in the task's output, for example in an error message that echoes it.
  - Reads the organization-wide listings first. When one of them returns HTTP 404, because the
    service does not offer it, the module builds the same list from the per-project listings
    and reports that in RV(source).
  - Only OWNER and ADMIN members of an organization may list its credentials. Any other caller
    gets a failure that names its role.
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
  types:
    description:
      - The kinds of credential to list. Each kind is returned under a key of the same name.
      - Kinds that are not listed here are neither requested from the service nor returned.
    type: list
    elements: str
    choices: [api_keys, llm_api_keys, sentinel_passes]
    default: [api_keys, llm_api_keys, sentinel_passes]
  project:
    description:
      - Name or id of one project of the organization, to list only its credentials.
      - A value that equals a project's id selects that project. Otherwise the value must match
        exactly one project name.
      - The module then reads only that project's listings, so RV(source) is V(projects) for every kind.
    type: str
notes:
  - Besides looking up the organization and listing its projects, each kind of credential costs
    one listing, followed through every page. A kind whose organization-wide listing returns
    HTTP 404 costs one listing per project instead.
"""

EXAMPLES = r"""
- name: List every credential of an organization
  makakoo.platform.makakoo_credential_info:
    organization: Northwind Labs
  register: credentials

- name: List the API keys of one project
  makakoo.platform.makakoo_credential_info:
    organization: Northwind Labs
    project: Forecasting
    types: [api_keys]
  register: forecasting_keys

- name: Show API keys that have no expiry date
  ansible.builtin.debug:
    msg: "{{ item.project_name }}: {{ item.note }} ({{ item.public_key }})"
  loop: "{{ credentials.api_keys | selectattr('expires_at', 'none') | list }}"
  loop_control:
    label: "{{ item.id }}"

- name: Report the kinds that were listed project by project
  ansible.builtin.debug:
    msg: "{{ credentials.source | dict2items | selectattr('value', 'equalto', 'projects') | map(attribute='key') | list }}"
"""

RETURN = r"""
organization:
  description: The organization whose credentials are listed.
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
      sample: Northwind Labs
source:
  description:
    - Where each listed kind of credential came from, keyed by kind. Only the kinds in O(types) appear.
    - V(organization) means the list came from the organization-wide listing of that kind.
    - V(projects) means the list was built from the per-project listings, either because the
      organization-wide listing returned HTTP 404 or because O(project) was given.
    - Each kind is reported on its own, because the service may offer some organization-wide
      listings and not others.
  returned: success
  type: dict
  sample: {"api_keys": "organization", "llm_api_keys": "projects", "sentinel_passes": "organization"}
api_keys:
  description:
    - The organization's API keys, in the order the service lists them.
    - Never contains C(secret_key), C(encrypted_secret_key) or C(meta.secret_key).
  returned: when O(types) contains V(api_keys)
  type: list
  elements: dict
  contains:
    id:
      description: API key id.
      type: str
      sample: 6d1c0e9a-4b8e-5f7a-9d63-2a1f0b7c8e41
    note:
      description: The key's label.
      type: str
      sample: CI pipeline
    public_key:
      description: The public part of the key, which identifies it without granting access.
      type: str
      sample: pk_3f9a0c1e5b7d2a48c6e1f0b9
    display_secret_key:
      description: The secret key masked by the service, for recognising a key.
      type: str
      sample: "sk_live_****************8a1e"
    project_id:
      description: Id of the project the key belongs to.
      type: str
      sample: 0f4b7c1e-2d9a-5e63-8b10-7a4c9e2f6d35
    project_name:
      description: Name of that project, or null when the project is not in the organization's project list.
      type: str
      sample: Forecasting
    created_at:
      description: Creation time, ISO 8601.
      type: str
      sample: "2026-01-15T09:30:00.000Z"
    expires_at:
      description: Expiry time, ISO 8601, or null when the key never expires.
      type: str
      sample: "2027-01-15T09:30:00.000Z"
    last_used_at:
      description: Time of the last request made with the key, ISO 8601, or null when it was never used.
      type: str
      sample: "2026-11-30T17:02:11.000Z"
llm_api_keys:
  description:
    - The organization's LLM provider keys, in the order the service lists them.
    - Never contains C(key), the provider key itself.
  returned: when O(types) contains V(llm_api_keys)
  type: list
  elements: dict
  contains:
    id:
      description: LLM API key id.
      type: str
      sample: 9b2e4d70-1c3f-5a86-b7e9-0d4c2f1a6b58
    name:
      description: The key's name.
      type: str
      sample: OpenAI production
    provider:
      description: The LLM provider the key is for.
      type: str
      sample: openai
    display_key:
      description: The provider key masked by the service.
      type: str
      sample: "****************************0002"
    project_id:
      description: Id of the project the key belongs to.
      type: str
      sample: 0f4b7c1e-2d9a-5e63-8b10-7a4c9e2f6d35
    project_name:
      description: Name of that project, or null when the project is not in the organization's project list.
      type: str
      sample: Forecasting
    created_at:
      description: Creation time, ISO 8601.
      type: str
      sample: "2026-01-15T09:30:00.000Z"
sentinel_passes:
  description:
    - The organization's Sentinel passes, in the order the service lists them.
    - Never contains C(client_secret).
  returned: when O(types) contains V(sentinel_passes)
  type: list
  elements: dict
  contains:
    id:
      description: Sentinel pass record id.
      type: str
      sample: 4a8c2e6f-0b1d-5c93-a7e5-3f9b1d0c2e74
    pass_id:
      description: The pass identifier shown to users, C(SP-YYYY-XXXXXX).
      type: str
      sample: SP-2026-4A8C2E
    title:
      description: The pass's title.
      type: str
      sample: Reporting agent
    description:
      description: The pass's description.
      type: str
      sample: Reads the monthly reporting data.
    client_id:
      description: The client id of the pass, which identifies it without granting access.
      type: str
      sample: spc_6f0b1d5c93a7e53f9b1d0c2e
    credential_type:
      description: The kind of credential the pass issues.
      type: str
      sample: api_key
    scopes:
      description: Scopes granted to the pass.
      type: list
      elements: str
      sample: ["read:data"]
    permissions:
      description: Permissions granted to the pass.
      type: list
      elements: raw
      sample: []
    access_level:
      description: Access level of the pass.
      type: str
      sample: read
    status:
      description: State of the pass.
      type: str
      sample: active
    tags:
      description: Tags of the pass.
      type: list
      elements: raw
      sample: ["reporting"]
    project_id:
      description: Id of the project the pass belongs to.
      type: str
      sample: 0f4b7c1e-2d9a-5e63-8b10-7a4c9e2f6d35
    project_name:
      description: Name of that project, or null when the project is not in the organization's project list.
      type: str
      sample: Forecasting
    created_at:
      description: Creation time, ISO 8601.
      type: str
      sample: "2026-01-15T09:30:00.000Z"
    valid_from:
      description: Start of validity, ISO 8601.
      type: str
      sample: "2026-01-15T09:30:00.000Z"
    valid_until:
      description: End of validity, ISO 8601, or null when the pass does not expire.
      type: str
      sample: null
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule
from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError

CREDENTIAL_TYPES = ("api_keys", "llm_api_keys", "sentinel_passes")
TYPE_NAMES = {"api_keys": "API keys", "llm_api_keys": "LLM API keys", "sentinel_passes": "Sentinel passes"}

# The contract's non-secret fields of each kind. Only these are returned:
# attributes the contract does not document are dropped, so that a new secret
# field of the service cannot reach the output under an unexpected name.
RETURNED_FIELDS = {
    "api_keys": ("id", "note", "public_key", "display_secret_key", "project_id",
                 "created_at", "expires_at", "last_used_at"),
    "llm_api_keys": ("id", "name", "provider", "display_key", "project_id", "created_at"),
    "sentinel_passes": ("id", "pass_id", "title", "description", "client_id", "credential_type", "scopes",
                        "permissions", "access_level", "status", "tags", "project_id",
                        "created_at", "valid_from", "valid_until"),
}

# Maximum number of projects named in a "project not found" message.
MAX_PROJECTS_NAMED = 10


def organization_lister(client, credential_type):
    return {
        "api_keys": client.list_organization_api_keys,
        "llm_api_keys": client.list_organization_llm_api_keys,
        "sentinel_passes": client.list_organization_sentinel_passes,
    }[credential_type]


def project_lister(client, credential_type):
    return {
        "api_keys": client.list_project_api_keys,
        "llm_api_keys": client.list_project_llm_api_keys,
        "sentinel_passes": client.list_project_sentinel_passes,
    }[credential_type]


def find_project(module, organization, projects, value):
    """Return the project whose id is ``value``, else the one project named ``value``, or fail."""
    for project in projects:
        if project["id"] == value:
            return project

    named = [project for project in projects if project.get("name") == value]
    if len(named) > 1:
        ids = ", ".join(project["id"] for project in named)
        module.fail("Project name '%s' is ambiguous in organization '%s': it matches %d projects with ids %s. "
                    "Set project to one of those ids." % (value, organization["name"], len(named), ids))
    if named:
        return named[0]

    if not projects:
        module.fail("Project '%s' was not found: organization '%s' has no projects. Remove project to list "
                    "the organization's credentials." % (value, organization["name"]))
    project_labels = ["'%s' (id %s)" % (project.get("name"), project["id"]) for project in projects[:MAX_PROJECTS_NAMED]]
    if len(projects) > MAX_PROJECTS_NAMED:
        project_labels.append("and %d more" % (len(projects) - MAX_PROJECTS_NAMED))
    module.fail("Project '%s' was not found in organization '%s', by id or by name. Its projects are %s. "
                "Check project." % (value, organization["name"], ", ".join(project_labels)))


def read_credentials(module, organization_id, credential_type, projects, whole_organization):
    """Return the credentials of one kind and where they came from (organization or projects).

    With ``whole_organization``, the organization-wide listing is tried first.
    Its HTTP 404 means the service does not offer it, so the list is built
    from one listing per project of ``projects`` instead.
    """
    client = module.client
    if whole_organization:
        try:
            items = organization_lister(client, credential_type)(organization_id)
            return module.hide_secrets(items), "organization"
        except MakakooApiError as exc:
            if exc.status != 404:
                raise

    items = []
    for project in projects:
        try:
            listed = project_lister(client, credential_type)(organization_id, project["id"])
        except MakakooApiError as exc:
            if exc.status != 404:
                raise
            module.fail(missing_listing_message(credential_type, project, whole_organization, exc),
                        error=exc.to_dict())
        module.hide_secrets(listed)
        for item in listed:
            # The project is known here even when the service leaves projectId out.
            if item.get("project_id") is None:
                item["project_id"] = project["id"]
        items.extend(listed)
    return items, "projects"


def describe(item, credential_type, project_names):
    """Return the returned fields of one credential, with its project's name."""
    entry = dict((field, item.get(field)) for field in RETURNED_FIELDS[credential_type])
    entry["project_name"] = project_names.get(entry["project_id"])
    return entry


def missing_listing_message(credential_type, project, whole_organization, exc):
    if whole_organization:
        reason = ("both the organization-wide listing and the listing of project '%s' (id %s) returned HTTP 404"
                  % (project.get("name"), project["id"]))
    else:
        reason = "the listing of project '%s' (id %s) returned HTTP 404" % (project.get("name"), project["id"])
    return ("Cannot list the %s: %s (%s). The service may not offer this kind of credential, or the project "
            "was deleted while the task ran. Run the task again, or remove %s from types."
            % (TYPE_NAMES[credential_type], reason, (exc.detail or exc.title or "no detail").rstrip("."),
               credential_type))


def permission_message(organization, exc):
    role = organization.get("current_user_role")
    role_text = "is %s" % role if role else "is not known"
    return ("Cannot list the credentials of organization '%s' (id %s): the caller's role there %s, and only "
            "OWNER and ADMIN members may list credentials. The service returned HTTP 403%s: %s. "
            "Run the task with the access token of an OWNER or ADMIN of the organization."
            % (organization["name"], organization["id"], role_text,
               " %s" % exc.code if exc.code else "", (exc.detail or exc.title or "no detail").rstrip(".")))


def list_credentials(module):
    params = module.params
    types = [name for name in CREDENTIAL_TYPES if name in params["types"]]
    if not types:
        module.fail("types is empty. Give at least one of %s, or remove types to list all of them."
                    % ", ".join(CREDENTIAL_TYPES))

    organization = module.require_organization()
    organization_id = organization["id"]
    try:
        projects = module.client.list_projects(organization_id)
        project_names = dict((project["id"], project.get("name")) for project in projects)
        whole_organization = params["project"] is None
        if not whole_organization:
            projects = [find_project(module, organization, projects, params["project"])]

        source = {}
        credentials = {}
        for credential_type in types:
            items, source[credential_type] = read_credentials(
                module, organization_id, credential_type, projects, whole_organization)
            credentials[credential_type] = [describe(item, credential_type, project_names) for item in items]
    except MakakooApiError as exc:
        if exc.status != 403:
            raise
        module.fail(permission_message(organization, exc), error=exc.to_dict())

    module.exit(
        changed=False,
        organization={"id": organization_id, "name": organization["name"]},
        source=source,
        **credentials
    )


def main():
    module = MakakooModule(
        argument_spec=dict(
            organization=dict(type="str"),
            organization_id=dict(type="str"),
            types=dict(type="list", elements="str", choices=list(CREDENTIAL_TYPES), default=list(CREDENTIAL_TYPES)),
            project=dict(type="str"),
        ),
        mutually_exclusive=[["organization", "organization_id"]],
        required_one_of=[["organization", "organization_id"]],
    )
    module.run(list_credentials)


if __name__ == "__main__":
    main()
