# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Makakoo Organization Service and its Auth service.

Every path and verb the collection uses is in ``OPERATIONS``. When the live
service turns out to differ from the contract, that table is the one place to
change. Modules call the ``MakakooClient`` method named after an operation and
never build a URL or read an error body themselves.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import email.utils
import json
import math
import os
import random
import re
import time
import traceback

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.six.moves.urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()


DEFAULT_API_URL = "https://api.makakoo.com/ma-metrics-wsp-ms/v1/api"
DEFAULT_AUTH_URL = "https://api.makakoo.com/ma-authentication-ms/v1/api"

# Retry policy for transient faults (429, 502, 503, 504, connection errors).
# A request is sent at most MAX_ATTEMPTS times, and the waits between attempts
# add up to at most MAX_TOTAL_WAIT seconds. A Retry-After that would exceed the
# remaining budget ends the retries at once instead of sleeping.
MAX_ATTEMPTS = 4
MAX_TOTAL_WAIT = 30.0
BACKOFF_BASE = 0.5
RETRY_STATUSES = frozenset([429, 502, 503, 504])

# Largest timeout accepted, one day. Far larger values overflow the socket
# timeout inside Python (OverflowError from about 10**12 seconds).
MAX_TIMEOUT = 86400

# Header values the client sends: visible ASCII, with spaces allowed only
# inside. requests rejects other values with an error that quotes them whole.
HEADER_VALUE_PATTERN = re.compile(r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$")

# Hard bound on pages followed through links.next, so that a server whose
# next link loops cannot keep a task running for ever.
MAX_PAGES = 10000


class Operation:
    """One operation of the contract: verb, path template, service and body type."""

    def __init__(self, method, path, description, service="api", body_type=None):
        self.method = method
        self.path = path
        self.description = description
        self.service = service
        self.body_type = body_type


# The contract's operations. Paths are relative to api_url (service "api") or
# auth_url (service "auth"); {org}, {user}, {inv} and {project} are filled in
# URL-encoded.
OPERATIONS = {
    "list_organizations": Operation("GET", "/organizations", "list organizations"),
    "create_organization": Operation("POST", "/organizations", "create organization", body_type="organization"),
    "get_organization": Operation("GET", "/organizations/{org}", "get organization"),
    "update_organization_name": Operation("PATCH", "/organizations/{org}", "rename organization", body_type="organization"),
    "list_members": Operation("GET", "/organizations/{org}/users", "list members"),
    "add_user": Operation("POST", "/organizations/{org}/add_user", "add member", body_type="users"),
    "send_invitation": Operation(
        "POST", "/organizations/{org}/membership_invitations", "send invitation", body_type="membershipInvitation"),
    "list_invitations": Operation("GET", "/organizations/{org}/membership_invitations", "list invitations"),
    "resend_invitation": Operation("POST", "/organizations/{org}/membership_invitations/{inv}/resend", "resend invitation"),
    "cancel_invitation": Operation("DELETE", "/organizations/{org}/membership_invitations/{inv}", "cancel invitation"),
    "update_invitation_role": Operation(
        "PATCH", "/organizations/{org}/membership_invitations/{inv}", "update invitation role",
        body_type="membershipInvitation"),
    "update_member_role": Operation("PATCH", "/organizations/{org}/users/{user}", "update member role", body_type="users"),
    "remove_member": Operation("DELETE", "/organizations/{org}/users/{user}", "remove member"),
    "list_pending_invitations": Operation("GET", "/membership_invitations/pending", "list pending invitations"),
    "accept_invitation": Operation("POST", "/membership_invitations/{inv}/accept", "accept invitation"),
    "reject_invitation": Operation("POST", "/membership_invitations/{inv}/reject", "reject invitation"),
    "list_organization_api_keys": Operation("GET", "/organizations/{org}/api_keys", "list API keys"),
    "list_organization_llm_api_keys": Operation("GET", "/organizations/{org}/llm_api_keys", "list LLM API keys"),
    "list_organization_sentinel_passes": Operation("GET", "/organizations/{org}/sentinel_passes", "list Sentinel passes"),
    "list_projects": Operation("GET", "/organizations/{org}/projects", "list projects"),
    "list_project_api_keys": Operation("GET", "/organizations/{org}/projects/{project}/api_keys", "list project API keys"),
    "list_project_llm_api_keys": Operation(
        "GET", "/organizations/{org}/projects/{project}/llm_api_keys", "list project LLM API keys"),
    "list_project_sentinel_passes": Operation(
        "GET", "/organizations/{org}/projects/{project}/sentinel_passes", "list project Sentinel passes"),
    "create_access_token": Operation("POST", "/oauth/token", "get an access token for", service="auth"),
    "refresh_access_token": Operation("POST", "/oauth/token/refresh", "refresh access token", service="auth"),
}

STATUS_HINTS = {
    400: "The request was rejected as malformed. Check the option values.",
    401: "Check api_key and access_token (or the MAKAKOO_API_KEY and MAKAKOO_ACCESS_TOKEN environment variables).",
    403: "The caller's role does not allow this action. Only an OWNER or ADMIN of the organization manages it.",
    404: "Not found. Check the name or id, and that the caller is a member of the organization.",
    409: "The object changed while the task ran. Run the task again.",
    422: "The service rejected the change. See the detail above.",
    429: "The service is rate limiting this client. Retry later or run fewer tasks at once.",
}
# Maximum length of an error code, title or detail from an error body in a message.
MAX_ERROR_TEXT = 300
# Hints for a rejected token exchange, which never involves access_token.
TOKEN_HINTS = {
    "create_access_token": "Check username and password (or the MAKAKOO_USERNAME and MAKAKOO_PASSWORD "
                           "environment variables), and api_key.",
    "refresh_access_token": "The refresh token is invalid, expired or already used. Set a new refresh_token "
                            "(or MAKAKOO_REFRESH_TOKEN), or give username and password instead.",
}
SERVER_ERROR_HINT = "The service had a fault. Retry later."
NOT_API_HINT = "Check that api_url names the Makakoo API and not a proxy or web page."
CONNECTION_HINT = "Check api_url, the network path to the service, validate_certs and ca_path."
NOT_REPEATED_HINT = "The request was not repeated because it may have been applied. Check the state and run again."


class MakakooApiError(Exception):
    """An operation failed: HTTP status, API error code and detail, and what to do.

    ``status`` is None when no HTTP response arrived (connection error, timeout).
    The message never contains credentials: it is built only from the
    operation, the target and the error body.
    """

    def __init__(self, operation, target=None, status=None, code=None, title=None, detail=None, hint=None):
        self.operation = operation
        self.target = target
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.hint = hint
        super(MakakooApiError, self).__init__(self._build_message())

    def _build_message(self):
        spec = OPERATIONS.get(self.operation)
        action = spec.description if spec else self.operation
        if self.target:
            action = "%s %s" % (action, self.target)
        parts = ["Failed to %s" % action]
        if self.status is not None:
            status_text = "HTTP %s" % self.status
            if self.code:
                status_text += " %s" % self.code
            parts.append(": %s" % status_text)
        if self.detail or self.title:
            parts.append(": %s" % (self.detail or self.title))
        message = "".join(parts).rstrip(".") + "."
        hint = self.hint or self.default_hint()
        if hint:
            message += " " + hint
        return message

    def default_hint(self):
        spec = OPERATIONS.get(self.operation)
        if self.status is None:
            return CONNECTION_HINT
        if self.status >= 500:
            return SERVER_ERROR_HINT
        if spec is not None and self.status == 404 and "{" not in spec.path:
            # A path without an id can only be missing when the base URL is wrong.
            if spec.service == "auth":
                return "Check auth_url: it should end in /ma-authentication-ms/v1/api."
            return "Check api_url: it should end in /ma-metrics-wsp-ms/v1/api."
        if self.operation in TOKEN_HINTS and self.status in (400, 401, 403, 422):
            return TOKEN_HINTS[self.operation]
        return STATUS_HINTS.get(self.status)

    def to_dict(self):
        """Return the error's fields for a module result."""
        return {
            "operation": self.operation,
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }


def parse_error_body(response):
    """Return (code, title, detail) from an error response of any shape.

    A JSON:API errors body gives all three. An empty, HTML or other non-JSON
    body gives a short description of what arrived, never the raw body, which
    might echo request data.
    """
    content_type = (response.headers.get("Content-Type") or "").lower()
    text = response.text or ""
    if not text.strip():
        return None, None, "The service sent an empty error body"
    try:
        body = json.loads(text)
    except ValueError:
        kind = "an HTML" if "html" in content_type or text.lstrip().startswith("<") else "a non-JSON"
        return None, None, "The service sent %s error page instead of a JSON error" % kind
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return _error_text(first.get("code")), _error_text(first.get("title")), _error_text(first.get("detail"))
    return None, None, "The service sent a JSON error body without an errors list"


def _error_text(value):
    """Return an error field as text of at most MAX_ERROR_TEXT characters, or None when absent.

    Callers compare ``code`` as text, and a long detail would bury the hint
    that follows it in the message.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, sort_keys=True)
    if len(value) > MAX_ERROR_TEXT:
        value = value[:MAX_ERROR_TEXT] + " [shortened]"
    return value


def flatten_resource(resource):
    """Turn one JSON:API resource into a flat snake_case dict with a string id.

    Attributes become top-level keys; ``meta`` stays as a nested dict. Ids may
    arrive as JSON numbers (legacy organizations), so they are always turned
    into strings and never compared as numbers.
    """
    if not isinstance(resource, dict):
        return {}
    flat = camel_dict_to_snake_dict(resource.get("attributes") or {})
    for key, value in list(flat.items()):
        if key.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
            flat[key] = str(value)
    flat["id"] = None if resource.get("id") is None else str(resource.get("id"))
    if resource.get("meta"):
        flat["meta"] = camel_dict_to_snake_dict(resource["meta"])
    return flat


def check_header_value(name, value):
    """Raise ValueError naming ``name`` when ``value`` cannot be sent in an HTTP header.

    The message never contains the value, because the values checked are credentials.
    """
    if not HEADER_VALUE_PATTERN.match(value):
        raise ValueError(
            "Invalid %s: it contains a line break, a control character or a non-ASCII character, which an HTTP "
            "header cannot carry. Check the value, for example for a character copied with it." % name)


def check_service_url(name, url, example):
    """Raise ValueError naming ``name`` unless ``url`` is an http or https URL with a host."""
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:
        # urlsplit raises it for a port that is not a number from 0 to 65535.
        valid = False
    if not valid:
        raise ValueError("Invalid %s '%s': give an http:// or https:// URL with a host, for example %s."
                         % (name, url, example))


def decode_token_claims(token):
    """Return the unverified payload claims of a JWT, or {} when it is not one.

    The client reads the claims only to learn who the caller is (``sub`` and
    ``email``). The service verifies the token; this code never trusts it for
    anything else.
    """
    if not token or token.count(".") != 2:
        return {}
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")).decode("utf-8"))
    except (ValueError, TypeError, UnicodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


class MakakooClient:
    """One ``requests.Session`` to the service, reused for the whole module run.

    Sends ``Api-Key`` and ``Authorization: Bearer`` on every API request,
    builds and parses JSON:API envelopes, follows ``links.next`` through every
    page, and retries transient faults of requests that are safe to repeat.
    """

    def __init__(self, api_url, api_key, access_token=None, auth_url=DEFAULT_AUTH_URL,
                 validate_certs=True, ca_path=None, timeout=30, sleep=time.sleep):
        """Raise ValueError for an invalid URL or timeout, or a credential that cannot be sent in a header."""
        check_service_url("api_url", api_url, DEFAULT_API_URL)
        check_service_url("auth_url", auth_url or DEFAULT_AUTH_URL, DEFAULT_AUTH_URL)
        if timeout is None or not 0 < timeout <= MAX_TIMEOUT:
            raise ValueError("Invalid timeout %s: give a number of seconds greater than 0 and at most %d."
                             % (timeout, MAX_TIMEOUT))
        if ca_path and not os.path.exists(ca_path):
            raise ValueError("Invalid ca_path '%s': no such file or directory. Give the path of a PEM file of CA "
                             "certificates." % ca_path)
        check_header_value("api_key", api_key)
        if access_token is not None:
            check_header_value("access_token", access_token)
        self.api_url = api_url.rstrip("/")
        self.auth_url = (auth_url or DEFAULT_AUTH_URL).rstrip("/")
        self.api_key = api_key
        self.access_token = access_token
        self.timeout = timeout
        self._sleep = sleep
        self.session = requests.Session()
        # Without an auth object, requests reads ~/.netrc (whose default entry
        # matches every host), sends that password to the service and replaces
        # the Bearer header with it. Proxy and CA variables still apply.
        self.session.auth = _no_netrc_auth
        # Passed to every request too: a session-level value loses to the
        # REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE variables in requests.
        self.session.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "makakoo.platform-ansible"})

    # -- transport ---------------------------------------------------------

    def _url(self, operation, params, target=None):
        spec = OPERATIONS[operation]
        encoded = dict((name, quote(str(value), safe="")) for name, value in params.items())
        for value in encoded.values():
            # requests and urllib3 remove dot segments from a path, and
            # requests decodes %2E back to a dot, so /users/.. would address
            # the organization itself. No encoding can carry these values.
            if value in ("", ".", ".."):
                raise MakakooApiError(operation, target, detail="Invalid id '%s': an id cannot be empty, '.' or '..'"
                                      % value, hint="Check the id.")
        base = self.auth_url if spec.service == "auth" else self.api_url
        return base + spec.path.format(**encoded)

    def _headers(self, spec):
        headers = {"Api-Key": self.api_key}
        if spec.service == "api":
            headers["Authorization"] = "Bearer %s" % self.access_token
        return headers

    def _check_same_origin(self, operation, url):
        """Reject a pagination link to another origin, which would receive the credentials."""
        expected = _origin(self.api_url)
        actual = _origin(url)
        if actual != expected:
            raise MakakooApiError(
                operation, detail="The next-page link points to %s://%s, not to api_url" % (actual[0], urlsplit(url).netloc),
                hint="The credentials were not sent there. Check that api_url names the service itself, not a proxy.")

    def request(self, operation, target=None, params=None, query=None, body=None, url=None):
        """Send one request with retries and return the decoded JSON:API document ({} for 204).

        GET, PATCH and DELETE are retried on 429, 502, 503, 504, connection
        errors and responses that break off, because repeating them leaves the
        same state: the PATCH bodies of this contract set absolute values. A
        POST is retried only on 429 and on failures to connect, when the
        service has not processed it. A DELETE whose retry gets 404 counts as
        done, because an earlier attempt whose response was lost already
        removed the object. Redirects are not followed.
        """
        spec = OPERATIONS[operation]
        if url is None:
            url = self._url(operation, params or {}, target)
        headers = self._headers(spec)
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body)

        waited = 0.0
        requested_wait = None
        retried_after_fault = False
        for attempt in range(1, MAX_ATTEMPTS + 1):
            wait = None
            try:
                # requests would send the Api-Key header on to another host, and
                # turn a redirected POST into a GET, so redirects are errors.
                response = self.session.request(
                    spec.method, url, headers=headers, params=query, data=data, timeout=self.timeout,
                    allow_redirects=False, verify=self.session.verify)
            except requests.exceptions.ConnectionError as exc:
                connect_failed = isinstance(exc, requests.exceptions.ConnectTimeout) or _is_connect_error(exc)
                if spec.method == "POST" and not connect_failed:
                    raise MakakooApiError(
                        operation, target, detail="The connection failed after the request was sent (%s)" % _exc_name(exc),
                        hint=NOT_REPEATED_HINT)
                error = MakakooApiError(operation, target, detail="Connection failed (%s)" % _exc_name(exc))
            except requests.exceptions.Timeout:
                if spec.method == "POST":
                    raise MakakooApiError(
                        operation, target, detail="No response within %s seconds" % self.timeout, hint=NOT_REPEATED_HINT)
                error = MakakooApiError(operation, target, detail="No response within %s seconds" % self.timeout)
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
                # The service received the request and its response broke off.
                if spec.method == "POST":
                    raise MakakooApiError(
                        operation, target, detail="The response broke off after the request was sent (%s)" % _exc_name(exc),
                        hint=NOT_REPEATED_HINT)
                error = MakakooApiError(operation, target, detail="The response broke off (%s)" % _exc_name(exc))
            except requests.exceptions.RequestException as exc:
                # Not transient (an invalid URL or header, for example). The
                # exception's text can quote the URL and header values, so only
                # its class name is reported.
                raise MakakooApiError(operation, target, detail="The request could not be sent (%s)" % _exc_name(exc),
                                      hint="Check api_url and auth_url.")
            else:
                if 300 <= response.status_code < 400:
                    raise _redirect_error(operation, target, response)
                if response.status_code < 400:
                    return _decode_success(operation, target, response)
                if response.status_code == 404 and spec.method == "DELETE" and retried_after_fault:
                    return {}
                error = _error_from_response(operation, target, response)
                if not _is_retryable(spec.method, response.status_code):
                    raise error
                wait = _retry_after_seconds(response)

            retried_after_fault = True
            if attempt == MAX_ATTEMPTS:
                break
            requested_wait = wait
            if wait is None:
                wait = BACKOFF_BASE * (2 ** (attempt - 1)) * (1 + random.random() / 4)
            if waited + wait > MAX_TOTAL_WAIT:
                break
            requested_wait = None
            self._sleep(wait)
            waited += wait

        error.hint = "%s Gave up after %d attempt(s) and %.1f seconds of waiting." % (
            error.default_hint() or "", attempt, waited)
        if requested_wait is not None:
            error.hint += " The service asked to wait %.0f seconds, more than the %.0f seconds left to wait." % (
                requested_wait, MAX_TOTAL_WAIT - waited)
        error.args = (error._build_message(),)
        raise error

    def list_all(self, operation, target=None, params=None, query=None):
        """Return every resource of a paginated collection, flattened.

        Follows ``links.next`` until it is absent or null and never assumes
        that one page contains everything. A relative link is resolved against
        the URL of the page that contains it, as RFC 3986 describes.
        """
        items = []
        page_url = self._url(operation, params or {}, target)
        if query:
            page_url += "?" + urlencode(query)
        seen = set([page_url])
        body = self.request(operation, target, params=params, query=query)
        while True:
            data = body.get("data")
            if data is None:
                data = []
            if not isinstance(data, list):
                raise _not_json_api(operation, target, "a collection whose data is not a list")
            items.extend(_flatten_checked(operation, target, item) for item in data)
            next_url = _next_link(operation, target, body)
            if not next_url:
                return items
            next_url = urljoin(page_url, next_url)
            if next_url in seen:
                raise MakakooApiError(operation, target, detail="The next-page link points to a page already read",
                                      hint="The service's next-page links loop. Retry later.")
            if len(seen) >= MAX_PAGES:
                raise MakakooApiError(operation, target, detail="More than %d pages" % MAX_PAGES,
                                      hint="The service's next-page links seem to loop.")
            self._check_same_origin(operation, next_url)
            seen.add(next_url)
            body = self.request(operation, target, url=next_url)
            page_url = next_url

    def get_one(self, operation, target=None, params=None, query=None, body=None):
        """Send a request that returns one resource and return it flattened."""
        answer = self.request(operation, target, params=params, query=query, body=body)
        return _flatten_checked(operation, target, answer.get("data"))

    # -- Auth service -------------------------------------------------------

    def create_access_token(self, username, password):
        """Exchange a username and password for tokens; return (access, refresh)."""
        return self._token_call("create_access_token", {"username": username, "password": password}, username)

    def refresh_access_token(self, refresh_token):
        """Exchange a refresh token for new tokens; return (access, refresh)."""
        return self._token_call("refresh_access_token", {"refresh_token": refresh_token}, None)

    def _token_call(self, operation, payload, target):
        answer = self.request(operation, target, body=payload)
        data = answer.get("data")
        attributes = data.get("attributes") if isinstance(data, dict) else None
        if not isinstance(attributes, dict):
            attributes = {}
        access = attributes.get("accessToken")
        if not access or not isinstance(access, str):
            raise MakakooApiError(operation, target, detail="The response contained no accessToken",
                                  hint="Check auth_url.")
        if not HEADER_VALUE_PATTERN.match(access):
            raise MakakooApiError(operation, target, detail="The accessToken in the response cannot be sent in a header",
                                  hint="Check auth_url.")
        self.access_token = access
        return access, attributes.get("refreshToken")

    # -- organizations ------------------------------------------------------

    def list_organizations(self):
        return self.list_all("list_organizations")

    def create_organization(self, name):
        body = _envelope("organization", {"name": name})
        return self.get_one("create_organization", "'%s'" % name, body=body)

    def get_organization(self, organization_id, include=None):
        """Return the organization and, with ``include``, its related resources by type."""
        query = {"forceRefresh": "true"}
        if include:
            query["include"] = ",".join(include)
        target = "id %s" % organization_id
        answer = self.request("get_organization", target, params={"org": organization_id}, query=query)
        organization = _flatten_checked("get_organization", target, answer.get("data"))
        included = answer.get("included") or []
        if not isinstance(included, list):
            raise _not_json_api("get_organization", target, "an included value that is not a list")
        organization["included"] = [dict(_flatten_checked("get_organization", target, item), type=item.get("type"))
                                    for item in included]
        return organization

    def update_organization_name(self, organization_id, name):
        body = _envelope("organization", {"name": name}, resource_id=organization_id)
        return self.get_one("update_organization_name", "id %s" % organization_id,
                            params={"org": organization_id}, body=body)

    # -- members ------------------------------------------------------------

    def list_members(self, organization_id):
        return self.list_all("list_members", "of organization id %s" % organization_id, params={"org": organization_id})

    def add_user(self, organization_id, email, role):
        body = _envelope("users", {"email": email, "role": role.upper()})
        return self.get_one("add_user", email, params={"org": organization_id}, body=body)

    def update_member_role(self, organization_id, user_id, role, email=None):
        body = _envelope("users", {"role": role.upper()}, resource_id=user_id)
        return self.get_one("update_member_role", email or "user id %s" % user_id,
                            params={"org": organization_id, "user": user_id}, body=body)

    def remove_member(self, organization_id, user_id, email=None):
        self.request("remove_member", email or "user id %s" % user_id,
                     params={"org": organization_id, "user": user_id})

    # -- invitations --------------------------------------------------------

    def list_invitations(self, organization_id):
        return self.list_all("list_invitations", "of organization id %s" % organization_id,
                             params={"org": organization_id})

    def send_invitation(self, organization_id, email, role):
        body = _envelope("membershipInvitation", {"email": email, "role": role.lower()})
        return self.get_one("send_invitation", email, params={"org": organization_id}, body=body)

    def resend_invitation(self, organization_id, invitation_id, email=None):
        return self.get_one("resend_invitation", email or "id %s" % invitation_id,
                            params={"org": organization_id, "inv": invitation_id})

    def cancel_invitation(self, organization_id, invitation_id, email=None):
        self.request("cancel_invitation", email or "id %s" % invitation_id,
                     params={"org": organization_id, "inv": invitation_id})

    def update_invitation_role(self, organization_id, invitation_id, role, email=None):
        body = _envelope("membershipInvitation", {"role": role.lower()}, resource_id=invitation_id)
        return self.get_one("update_invitation_role", email or "id %s" % invitation_id,
                            params={"org": organization_id, "inv": invitation_id}, body=body)

    def list_pending_invitations(self):
        return self.list_all("list_pending_invitations")

    def accept_invitation(self, invitation_id):
        return self.get_one("accept_invitation", "id %s" % invitation_id, params={"inv": invitation_id})

    def reject_invitation(self, invitation_id):
        self.request("reject_invitation", "id %s" % invitation_id, params={"inv": invitation_id})

    # -- projects and credentials -------------------------------------------

    def list_projects(self, organization_id):
        return self.list_all("list_projects", "of organization id %s" % organization_id, params={"org": organization_id})

    def list_organization_api_keys(self, organization_id):
        return self.list_all("list_organization_api_keys", "of organization id %s" % organization_id,
                             params={"org": organization_id})

    def list_organization_llm_api_keys(self, organization_id):
        return self.list_all("list_organization_llm_api_keys", "of organization id %s" % organization_id,
                             params={"org": organization_id})

    def list_organization_sentinel_passes(self, organization_id):
        return self.list_all("list_organization_sentinel_passes", "of organization id %s" % organization_id,
                             params={"org": organization_id})

    def list_project_api_keys(self, organization_id, project_id):
        return self.list_all("list_project_api_keys", "of project id %s" % project_id,
                             params={"org": organization_id, "project": project_id})

    def list_project_llm_api_keys(self, organization_id, project_id):
        return self.list_all("list_project_llm_api_keys", "of project id %s" % project_id,
                             params={"org": organization_id, "project": project_id})

    def list_project_sentinel_passes(self, organization_id, project_id):
        return self.list_all("list_project_sentinel_passes", "of project id %s" % project_id,
                             params={"org": organization_id, "project": project_id})


def _no_netrc_auth(prepared_request):
    """Return the request unchanged: the client sets its own headers."""
    return prepared_request


def _envelope(resource_type, attributes, resource_id=None):
    data = {"type": resource_type, "attributes": attributes}
    if resource_id is not None:
        data["id"] = str(resource_id)
    return {"data": data}


def _decode_success(operation, target, response):
    """Return the JSON:API document of a success response, {} when the body is empty."""
    if response.status_code == 204 or not (response.text or "").strip():
        return {}
    try:
        document = response.json()
    except ValueError:
        raise MakakooApiError(operation, target, status=response.status_code,
                              detail="The service sent a success status with a body that is not JSON",
                              hint=NOT_API_HINT)
    if not isinstance(document, dict):
        raise _not_json_api(operation, target, "a JSON %s" % type(document).__name__, status=response.status_code)
    return document


def _next_link(operation, target, document):
    """Return the links.next URL of a collection document, or None on the last page.

    JSON:API allows a link as a string or as a link object with ``href``.
    """
    links = document.get("links") or {}
    if not isinstance(links, dict):
        raise _not_json_api(operation, target, "a collection whose links are not an object")
    link = links.get("next")
    if isinstance(link, dict):
        link = link.get("href")
        if link is None:
            raise _not_json_api(operation, target, "a next-page link object without href")
    if link is not None and not isinstance(link, str):
        raise _not_json_api(operation, target, "a next-page link that is neither a URL nor a link object")
    return link or None


def _origin(url):
    """Return (scheme, host, port) of ``url``, with the host in lower case and the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def _not_json_api(operation, target, description, status=None):
    return MakakooApiError(operation, target, status=status,
                           detail="The service sent %s instead of a JSON:API document" % description, hint=NOT_API_HINT)


def _flatten_checked(operation, target, resource):
    """Return ``flatten_resource(resource)``, or raise when it is not a JSON:API resource object."""
    if not isinstance(resource, dict):
        raise _not_json_api(operation, target, "no resource object")
    if not isinstance(resource.get("attributes") or {}, dict) or not isinstance(resource.get("meta") or {}, dict):
        raise _not_json_api(operation, target, "a resource whose attributes or meta are not objects")
    return flatten_resource(resource)


def _redirect_error(operation, target, response):
    location = urlsplit(response.headers.get("Location") or "")
    # The query is left out because it may carry data of the request.
    where = urlunsplit((location.scheme, location.netloc, location.path, "", "")) or "an unnamed location"
    service_url = "auth_url" if OPERATIONS[operation].service == "auth" else "api_url"
    return MakakooApiError(
        operation, target, status=response.status_code, detail="The service redirected the request to %s" % where,
        hint="Redirects are not followed, so that the credentials go only to %s. Set %s to the service's own address."
        % (service_url, service_url))


def _error_from_response(operation, target, response):
    code, title, detail = parse_error_body(response)
    return MakakooApiError(operation, target, status=response.status_code, code=code, title=title, detail=detail)


def _is_retryable(method, status):
    if status not in RETRY_STATUSES:
        return False
    if method == "POST":
        # A 429 means the service rejected the request before processing it.
        return status == 429
    return True


def _retry_after_seconds(response):
    """Return the Retry-After delay in seconds, or None when absent or invalid.

    RFC 9110 allows a number of seconds or an HTTP date. A date in the past,
    or a negative number, gives 0.
    """
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        seconds = email.utils.mktime_tz(parsed) - time.time()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def _is_connect_error(exc):
    """Return True when the connection failed before the request was sent."""
    text = repr(exc)
    return "NewConnectionError" in text or "Connection refused" in text or "NameResolutionError" in text


def _exc_name(exc):
    return type(exc).__name__
