# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a live Makakoo tenant against the REST contract that this collection assumes.

Run it with ``make contract-check`` and real credentials in the environment:
MAKAKOO_API_KEY plus MAKAKOO_ACCESS_TOKEN, or MAKAKOO_USERNAME and
MAKAKOO_PASSWORD, or MAKAKOO_REFRESH_TOKEN. MAKAKOO_API_URL and
MAKAKOO_AUTH_URL default to the vendor's URLs.

For every GET operation of the contract, it reports whether the service
responds as assumed: the status, the envelope, the resource type, the
attribute names, the role spelling, the id types and the pagination links.
It sends GET requests to the API only. Without an access token it also sends
one token request to the Auth service. The report names operations,
attributes and types but never prints an attribute value or a credential.

Exit status: 0 when every checked operation matches, 1 when one differs,
2 when the check cannot run (missing or rejected credentials).
"""

import argparse
import json
import os
import sys

from urllib.parse import urlsplit

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MATCH = "match"
DIFFERS = "differs"
SKIPPED = "skipped"

# Pages followed per collection. A tenant with more pages than this is still
# checked, on its first pages only.
MAX_PAGES = 50

UPPER_ROLES = ("OWNER", "ADMIN", "MEMBER", "VIEWER")
LOWER_ROLES = tuple(role.lower() for role in UPPER_ROLES)

# Attribute names whose values are secrets. The report lists their names only.
SECRET_ATTRIBUTES = ("secretKey", "encryptedSecretKey", "clientSecret", "key")

# An organization id that no tenant has, for the error-body check.
UNKNOWN_ORGANIZATION_ID = "00000000-0000-0000-0000-000000000000"


class Expectation:
    """The contract's assumptions about the response of one GET operation."""

    def __init__(self, operation, resource_type, required, optional=(), role_case=None, collection=True):
        self.operation = operation
        self.resource_type = resource_type
        self.required = required
        self.optional = optional
        self.role_case = role_case
        self.collection = collection


# The GET operations of the contract, in the order they are checked. Required
# attributes are the ones the modules read; optional ones are reported when
# absent but do not make an operation differ.
EXPECTATIONS = [
    Expectation("list_organizations", "organization", ("name", "currentUserRole"), ("createdAt",),
                role_case="upper"),
    Expectation("get_organization", "organization", ("name", "currentUserRole"), ("createdAt",),
                role_case="upper", collection=False),
    Expectation("list_members", "users", ("email", "role"), ("firstName", "lastName", "joinedAt"),
                role_case="upper"),
    Expectation("list_invitations", "membershipInvitation", ("email", "role", "status"),
                ("organizationId", "organizationName", "invitedBy", "createdAt", "expiresAt", "lastSentAt"),
                role_case="lower"),
    Expectation("list_pending_invitations", "membershipInvitation",
                ("email", "role", "status", "organizationId", "organizationName"),
                ("invitedBy", "createdAt", "expiresAt", "lastSentAt"), role_case="lower"),
    Expectation("list_organization_api_keys", "apiKey", ("note", "publicKey", "displaySecretKey"),
                ("projectId", "createdAt", "expiresAt", "lastUsedAt")),
    Expectation("list_organization_llm_api_keys", "llmApiKey", ("name", "provider", "displayKey"),
                ("projectId", "createdAt")),
    Expectation("list_organization_sentinel_passes", "sentinelPass", ("title", "passId", "status"),
                ("description", "clientId", "credentialType", "scopes", "permissions", "accessLevel",
                 "projectId", "validFrom", "validUntil", "tags")),
    Expectation("list_projects", "project", ("name",), ("createdAt",)),
    Expectation("list_project_api_keys", "apiKey", ("note", "publicKey", "displaySecretKey"),
                ("projectId", "createdAt", "expiresAt", "lastUsedAt")),
    Expectation("list_project_llm_api_keys", "llmApiKey", ("name", "provider", "displayKey"),
                ("projectId", "createdAt")),
    Expectation("list_project_sentinel_passes", "sentinelPass", ("title", "passId", "status"),
                ("description", "clientId", "credentialType", "scopes", "permissions", "accessLevel",
                 "projectId", "validFrom", "validUntil", "tags")),
]

# The organization-wide credential lists have no public paths. When the
# tenant returns 404 for one, the same list can be built from the per-project ones.
HUB_OPERATIONS = ("list_organization_api_keys", "list_organization_llm_api_keys", "list_organization_sentinel_passes")
ORGANIZATION_OPERATIONS = ("get_organization", "list_members", "list_invitations") + HUB_OPERATIONS + ("list_projects",)
PROJECT_OPERATIONS = ("list_project_api_keys", "list_project_llm_api_keys", "list_project_sentinel_passes")


def import_client():
    """Import the collection's client module from the installed or built collection.

    The client lives at ansible_collections/makakoo/platform/plugins/module_utils,
    so the directory three levels above the collection root, or an entry of
    ANSIBLE_COLLECTIONS_PATH, must be on sys.path.
    """
    candidates = [os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))]
    candidates.extend(path for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep) if path)
    for path in candidates:
        if os.path.isdir(os.path.join(path, "ansible_collections", "makakoo", "platform")) and path not in sys.path:
            sys.path.insert(0, path)
    try:
        from ansible_collections.makakoo.platform.plugins.module_utils import client
    except ImportError as exc:
        raise SystemExit(
            "Cannot import the makakoo.platform client (%s). Run `make contract-check`, or set "
            "ANSIBLE_COLLECTIONS_PATH to a directory that contains ansible_collections/makakoo/platform." % exc)
    return client


class Result:
    """The outcome of checking one operation: match, differs or skipped, and why."""

    def __init__(self, operation, method, path):
        self.operation = operation
        self.method = method
        self.path = path
        self.outcome = MATCH
        self.http_status = None
        self.details = []

    def differ(self, detail):
        self.outcome = DIFFERS
        self.details.append(detail)

    def note(self, detail):
        self.details.append(detail)

    def skip(self, detail):
        self.outcome = SKIPPED
        self.details.append(detail)

    def to_dict(self):
        return {
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "outcome": self.outcome,
            "http_status": self.http_status,
            "details": self.details,
        }


class ContractCheck:
    """Runs the read-only checks with one MakakooClient and collects a Result per operation."""

    def __init__(self, client_module, client):
        self.client_module = client_module
        self.client = client
        self.results = []

    def result_for(self, operation, label=None):
        spec = self.client_module.OPERATIONS[operation]
        result = Result(label or operation, spec.method, spec.path)
        self.results.append(result)
        return result

    # -- requests -------------------------------------------------------------

    def fetch(self, result, operation, params=None, query=None):
        """Send the GET of ``operation`` and return its decoded body, or None after recording why it failed."""
        try:
            body = self.client.request(operation, params=params or {}, query=query)
        except self.client_module.MakakooApiError as exc:
            result.http_status = exc.status
            if operation in HUB_OPERATIONS and exc.status == 404:
                result.differ("HTTP 404: this tenant has no organization-wide list here. The same list can be "
                              "built from the per-project lists (list_projects and list_project_*).")
            else:
                result.differ(describe_error(exc))
            return None
        result.http_status = 200
        return body

    def fetch_pages(self, result, operation, params=None):
        """Return the resources of every page of a collection, checking each envelope, or None."""
        body = self.fetch(result, operation, params)
        if body is None:
            return None
        resources = []
        pages = 0
        total_count = None
        while True:
            pages += 1
            if not check_collection_envelope(result, body):
                return None
            resources.extend(body["data"])
            meta = body.get("meta") or {}
            if pages == 1:
                total_count = meta.get("total_count")
            next_url = (body.get("links") or {}).get("next")
            if not next_url:
                break
            if not self.same_origin(next_url):
                result.differ("links.next points to another host. The collection does not follow it, "
                              "so it would miss the following pages.")
                return None
            if pages >= MAX_PAGES:
                result.note("Stopped after %d pages." % MAX_PAGES)
                return resources
            try:
                body = self.client.request(operation, url=next_url)
            except self.client_module.MakakooApiError as exc:
                result.differ("Following links.next failed: %s" % describe_error(exc))
                return None
        result.note("%d page(s), %d item(s)." % (pages, len(resources)))
        if isinstance(total_count, int) and total_count != len(resources):
            result.differ("meta.total_count is %d but the pages held %d items: the collection, which follows "
                          "links.next only, would miss items." % (total_count, len(resources)))
        return resources

    def same_origin(self, url):
        expected = urlsplit(self.client.api_url)
        actual = urlsplit(url)
        return (expected.scheme, expected.netloc) == (actual.scheme, actual.netloc)

    # -- checks ---------------------------------------------------------------

    def check_collection(self, expectation, params=None):
        result = self.result_for(expectation.operation)
        resources = self.fetch_pages(result, expectation.operation, params)
        if resources is None:
            return []
        check_resources(result, expectation, resources)
        return resources

    def check_organization(self, expectation, organization_id):
        result = self.result_for(expectation.operation)
        query = {"forceRefresh": "true", "include": "users,projects,organization_memberships"}
        body = self.fetch(result, expectation.operation, {"org": organization_id}, query)
        if body is None:
            return
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            result.differ("The body has no data object (one resource).")
            return
        check_resources(result, expectation, [body["data"]])
        included = body.get("included")
        if not isinstance(included, list):
            result.differ("The body has no included list, which include=users,projects,... asks for.")
            return
        types = sorted(set(str(item.get("type")) for item in included if isinstance(item, dict)))
        result.note("included types: %s." % (", ".join(types) or "none"))

    def check_error_body(self):
        """Check that an unknown organization id gives 404 with a JSON:API errors list."""
        result = self.result_for("get_organization", "get_organization (unknown id)")
        try:
            self.client.request("get_organization", params={"org": UNKNOWN_ORGANIZATION_ID})
        except self.client_module.MakakooApiError as exc:
            result.http_status = exc.status
            if exc.status != 404:
                result.differ("Expected HTTP 404 for an unknown organization id, got %s." % describe_status(exc))
            if exc.code is None and exc.title is None:
                result.differ("The error body is not a JSON:API errors list: %s." % exc.detail)
            else:
                result.note("errors[0].code is %s." % (exc.code or "absent"))
            return
        result.http_status = 200
        result.differ("Expected HTTP 404 for an unknown organization id, got a success status.")

    def skip(self, operation, reason):
        self.result_for(operation).skip(reason)

    def run(self, organization_name=None, organization_id=None):
        """Check every GET operation and return the id of the organization checked, or None."""
        expectations = dict((expectation.operation, expectation) for expectation in EXPECTATIONS)

        organizations = self.check_collection(expectations["list_organizations"])
        self.check_collection(expectations["list_pending_invitations"])
        organization = choose_organization(organizations, organization_name, organization_id)
        if organization is None:
            reason = "No organization to check: the caller sees none, or none matches the one requested."
            for operation in ORGANIZATION_OPERATIONS + PROJECT_OPERATIONS:
                self.skip(operation, reason)
            self.check_error_body()
            return None

        organization_id = str(organization.get("id"))
        params = {"org": organization_id}
        self.check_organization(expectations["get_organization"], organization_id)
        for operation in ("list_members", "list_invitations") + HUB_OPERATIONS:
            self.check_collection(expectations[operation], params)
        projects = self.check_collection(expectations["list_projects"], params)

        for operation in PROJECT_OPERATIONS:
            if not projects:
                self.skip(operation, "The organization has no project to check.")
                continue
            project_params = {"org": organization_id, "project": str(projects[0].get("id"))}
            self.check_collection(expectations[operation], project_params)

        self.check_error_body()
        return organization_id


def check_collection_envelope(result, body):
    """Check one page of a collection: data list, meta fields and links.next. Return False when unusable."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        result.differ("The body has no data list (a collection).")
        return False
    meta = body.get("meta")
    if not isinstance(meta, dict):
        result.differ("The body has no meta object.")
    else:
        missing = [name for name in ("page", "per_page", "total_count") if name not in meta]
        if missing:
            result.differ("meta lacks %s." % ", ".join(missing))
    links = body.get("links")
    if not isinstance(links, dict) or "next" not in links:
        result.differ("The body has no links.next (null on the last page).")
    elif links["next"] is not None and not isinstance(links["next"], str):
        result.differ("links.next is a %s, not a URL or null." % type(links["next"]).__name__)
    return True


def check_resources(result, expectation, resources):
    """Check the type, id, attribute names and role spelling of each resource."""
    if not resources:
        result.note("No items, so the attribute names were not checked.")
        return
    types = set()
    id_types = set()
    missing_required = set()
    missing_optional = set()
    secret_names = set()
    bad_roles = set()
    for resource in resources:
        if not isinstance(resource, dict):
            result.differ("An item is a %s, not a resource object." % type(resource).__name__)
            return
        types.add(str(resource.get("type")))
        id_types.add(type(resource.get("id")).__name__)
        attributes = resource.get("attributes")
        if not isinstance(attributes, dict):
            result.differ("An item has no attributes object.")
            return
        missing_required.update(name for name in expectation.required if name not in attributes)
        missing_optional.update(name for name in expectation.optional if name not in attributes)
        secret_names.update(name for name in SECRET_ATTRIBUTES if name in attributes)
        role_name = "currentUserRole" if expectation.resource_type == "organization" else "role"
        if expectation.role_case and role_name in attributes:
            allowed = UPPER_ROLES if expectation.role_case == "upper" else LOWER_ROLES
            if attributes[role_name] not in allowed:
                bad_roles.add(role_name)

    if types != {expectation.resource_type}:
        result.differ("Resource type %s, expected %s." % (", ".join(sorted(types)), expectation.resource_type))
    check_id_types(result, expectation, id_types)
    if missing_required:
        result.differ("Missing attributes: %s." % ", ".join(sorted(missing_required)))
    if missing_optional:
        result.note("Optional attributes absent: %s." % ", ".join(sorted(missing_optional)))
    if bad_roles:
        spelling = "upper case (%s)" % ", ".join(UPPER_ROLES) if expectation.role_case == "upper" \
            else "lower case (%s)" % ", ".join(LOWER_ROLES)
        result.differ("%s is not one of the roles in %s." % (", ".join(sorted(bad_roles)), spelling))
    if secret_names:
        result.note("Secret attributes present (values not read): %s." % ", ".join(sorted(secret_names)))


def check_id_types(result, expectation, id_types):
    # Legacy organizations have integer ids, which the client turns into strings.
    allowed = {"str", "int"} if expectation.resource_type == "organization" else {"str"}
    unexpected = id_types - allowed
    if unexpected:
        result.differ("Ids of type %s, expected strings." % ", ".join(sorted(unexpected)))
    elif "int" in id_types:
        result.note("Some ids are JSON numbers (legacy organizations). The collection turns them into strings.")


def choose_organization(organizations, name=None, organization_id=None):
    """Return the organization to check: the one requested, else the first the caller is OWNER or ADMIN of."""
    candidates = [org for org in organizations if isinstance(org, dict)]
    if organization_id is not None:
        candidates = [org for org in candidates if str(org.get("id")) == organization_id]
    elif name is not None:
        candidates = [org for org in candidates if (org.get("attributes") or {}).get("name") == name]
    managed = [org for org in candidates
               if (org.get("attributes") or {}).get("currentUserRole") in ("OWNER", "ADMIN")]
    chosen = managed or candidates
    return chosen[0] if chosen else None


def describe_status(exc):
    if exc.status is None:
        return "no HTTP response"
    return "HTTP %s%s" % (exc.status, " %s" % exc.code if exc.code else "")


def describe_error(exc):
    return "%s: %s" % (describe_status(exc), exc.detail or exc.title or "no detail")


class SecretFilter:
    """Filter that replaces every credential value in a text with asterisks before it is printed."""

    def __init__(self, values):
        self.values = sorted((value for value in values if value), key=len, reverse=True)

    def add(self, value):
        if value:
            self.values.append(value)
            self.values.sort(key=len, reverse=True)

    def clean(self, text):
        for value in self.values:
            text = text.replace(value, "********")
        return text


def environment_value(name):
    value = os.environ.get(name)
    return value if value else None


def build_client(client_module, secrets):
    """Return a MakakooClient with an access token, exchanging a password or refresh token if needed."""
    api_key = environment_value("MAKAKOO_API_KEY")
    access_token = environment_value("MAKAKOO_ACCESS_TOKEN")
    username = environment_value("MAKAKOO_USERNAME")
    password = environment_value("MAKAKOO_PASSWORD")
    refresh_token = environment_value("MAKAKOO_REFRESH_TOKEN")
    if not api_key:
        raise UsageError("Missing MAKAKOO_API_KEY: export the API key of your client application.")
    if not (access_token or (username and password) or refresh_token):
        raise UsageError("Missing credentials: export MAKAKOO_ACCESS_TOKEN, or MAKAKOO_USERNAME and "
                         "MAKAKOO_PASSWORD, or MAKAKOO_REFRESH_TOKEN.")

    validate_certs = (environment_value("MAKAKOO_VALIDATE_CERTS") or "true").lower() not in ("0", "false", "no", "off")
    client = client_module.MakakooClient(
        api_url=environment_value("MAKAKOO_API_URL") or client_module.DEFAULT_API_URL,
        api_key=api_key,
        access_token=access_token,
        auth_url=environment_value("MAKAKOO_AUTH_URL") or client_module.DEFAULT_AUTH_URL,
        validate_certs=validate_certs,
        ca_path=environment_value("MAKAKOO_CA_PATH"),
    )
    if access_token:
        return client
    try:
        if username and password:
            access_token, dummy = client.create_access_token(username, password)
        else:
            access_token, dummy = client.refresh_access_token(refresh_token)
    except client_module.MakakooApiError as exc:
        raise UsageError(str(exc))
    secrets.add(access_token)
    return client


class UsageError(Exception):
    """The check cannot run: credentials are missing or were rejected."""


def format_text(report):
    lines = ["Contract check of %s (organization id %s)" % (report["api_url"], report["organization_id"] or "none")]
    for result in report["results"]:
        lines.append("%-8s %-36s %s %s" % (result["outcome"].upper(), result["operation"], result["method"],
                                           result["path"]))
        for detail in result["details"]:
            lines.append("         - %s" % detail)
    summary = report["summary"]
    lines.append("%d operations: %d match, %d differ, %d skipped." % (
        len(report["results"]), summary[MATCH], summary[DIFFERS], summary[SKIPPED]))
    if summary[DIFFERS]:
        lines.append("Where the live service differs, change OPERATIONS in plugins/module_utils/client.py "
                     "(paths and verbs) or flatten_resource (attribute names). See docs/contract.md.")
    return "\n".join(lines)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Check a live Makakoo tenant against the collection's REST contract with read-only requests.",
        epilog="Environment: MAKAKOO_API_URL, MAKAKOO_API_KEY, and MAKAKOO_ACCESS_TOKEN or MAKAKOO_USERNAME with "
               "MAKAKOO_PASSWORD or MAKAKOO_REFRESH_TOKEN (exchanged through MAKAKOO_AUTH_URL); "
               "MAKAKOO_VALIDATE_CERTS and MAKAKOO_CA_PATH for TLS. Exit code 0: every checked operation matches; "
               "1: something differs; 2: the check could not run or the requested organization was not found.")
    parser.add_argument("--organization", help="name of the organization to check (default: the first one the "
                                               "caller is OWNER or ADMIN of)")
    parser.add_argument("--organization-id", help="id of the organization to check")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="report format (default: text)")
    return parser.parse_args(argv)


def main(argv=None):
    arguments = parse_arguments(argv)
    client_module = import_client()
    secrets = SecretFilter([os.environ.get(name) for name in (
        "MAKAKOO_API_KEY", "MAKAKOO_ACCESS_TOKEN", "MAKAKOO_PASSWORD", "MAKAKOO_REFRESH_TOKEN")])
    try:
        client = build_client(client_module, secrets)
    except UsageError as exc:
        sys.stderr.write(secrets.clean("Contract check not run: %s\n" % exc))
        return 2

    check = ContractCheck(client_module, client)
    organization_id = check.run(arguments.organization, arguments.organization_id)
    summary = dict((outcome, 0) for outcome in (MATCH, DIFFERS, SKIPPED))
    for result in check.results:
        summary[result.outcome] += 1
    report = {
        "api_url": client.api_url,
        "organization_id": organization_id,
        "results": [result.to_dict() for result in check.results],
        "summary": summary,
    }
    text = json.dumps(report, indent=2) if arguments.format == "json" else format_text(report)
    sys.stdout.write(secrets.clean(text) + "\n")
    requested = arguments.organization or arguments.organization_id
    if organization_id is None and requested:
        sys.stderr.write(secrets.clean(
            "Contract check incomplete: organization '%s' was not found among the organizations the caller can "
            "see, so its operations were skipped. Check --organization or --organization-id.\n" % requested))
        return 2
    return 1 if summary[DIFFERS] else 0


if __name__ == "__main__":
    sys.exit(main())
