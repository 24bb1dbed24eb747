# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared module plumbing: auth options, the client, organization lookup,
check mode, diff and the redacted result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib

from ansible_collections.makakoo.platform.plugins.module_utils.client import (
    DEFAULT_API_URL,
    DEFAULT_AUTH_URL,
    REQUESTS_IMPORT_ERROR,
    MakakooApiError,
    MakakooClient,
    decode_token_claims,
)
from ansible_collections.makakoo.platform.plugins.module_utils.redaction import redact, secret_values


def env_fallback(*names):
    """Return the first of the environment variables ``names`` that is set and not empty.

    AWX and Automation Controller set every variable of a credential type, as
    an empty string when its field is blank, so an empty variable counts as
    unset and the option keeps its default.
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


# Declared once here and merged into every module's argument spec; documented
# once in the makakoo.platform.auth doc fragment.
AUTH_ARGUMENT_SPEC = dict(
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["MAKAKOO_API_URL"])),
    api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["MAKAKOO_API_KEY"])),
    access_token=dict(type="str", no_log=True, aliases=["token"], fallback=(env_fallback, ["MAKAKOO_ACCESS_TOKEN"])),
    auth_url=dict(type="str", default=DEFAULT_AUTH_URL, fallback=(env_fallback, ["MAKAKOO_AUTH_URL"])),
    username=dict(type="str", fallback=(env_fallback, ["MAKAKOO_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["MAKAKOO_PASSWORD"])),
    refresh_token=dict(type="str", no_log=True, fallback=(env_fallback, ["MAKAKOO_REFRESH_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["MAKAKOO_VALIDATE_CERTS"])),
    ca_path=dict(type="path"),
    timeout=dict(type="int", default=30),
)

# Options that select an organization; modules that act on one merge these.
ORGANIZATION_ARGUMENT_SPEC = dict(
    organization=dict(type="str"),
    organization_id=dict(type="str"),
)


class MakakooModule:
    """An AnsibleModule with the auth options merged in and a lazily built client.

    Modules read ``params``, call ``client`` methods, and finish with
    ``exit()`` or ``fail()``; ``run()`` turns any MakakooApiError into a
    clean failure.
    """

    def __init__(self, argument_spec, mutually_exclusive=None, required_one_of=None, **kwargs):
        spec = dict(AUTH_ARGUMENT_SPEC)
        spec.update(argument_spec)
        self.ansible = AnsibleModule(
            argument_spec=spec,
            supports_check_mode=True,
            mutually_exclusive=mutually_exclusive,
            required_one_of=required_one_of,
            **kwargs
        )
        self.params = self.ansible.params
        self.check_mode = self.ansible.check_mode
        self._client = None

    @property
    def client(self):
        """The API client, built on first use after the credentials are checked."""
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        if REQUESTS_IMPORT_ERROR:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        params = self.params
        self._normalize_auth_params()
        self._require_credentials()

        try:
            client = MakakooClient(
                api_url=params["api_url"],
                api_key=params["api_key"],
                access_token=params["access_token"],
                auth_url=params["auth_url"],
                validate_certs=params["validate_certs"],
                ca_path=params["ca_path"],
                timeout=params["timeout"],
            )
        except ValueError as exc:
            self.fail(str(exc))

        if not params["access_token"]:
            self._exchange_for_access_token(client)
        return client

    def _normalize_auth_params(self):
        """Turn blank auth options into unset ones and strip credentials, masking each in the output."""
        params = self.params
        # A blank value, as module_defaults gives with a lookup of an unset
        # environment variable, counts as unset, like a blank variable does.
        for option in ("api_key", "access_token", "refresh_token", "username", "password"):
            if params[option] is not None and not params[option].strip():
                params[option] = None
        for option in ("api_key", "access_token", "refresh_token"):
            # Credentials copied from a file or a form often carry a line break
            # or spaces around them, which no credential contains.
            if params[option]:
                params[option] = params[option].strip()
                self.ansible.no_log_values.add(params[option])
        for option, default in (("api_url", DEFAULT_API_URL), ("auth_url", DEFAULT_AUTH_URL)):
            if not (params[option] or "").strip():
                params[option] = default

    def _require_credentials(self):
        """Fail, naming the options and their variables, when a credential is missing."""
        params = self.params
        if not params["api_key"]:
            self.fail("Missing api_key: set the api_key option or the MAKAKOO_API_KEY environment variable.")
        has_password = params["username"] and params["password"]
        if not (params["access_token"] or has_password or params["refresh_token"]):
            self.fail(
                "Missing access_token: set the access_token option or the MAKAKOO_ACCESS_TOKEN environment "
                "variable, or give username and password (MAKAKOO_USERNAME, MAKAKOO_PASSWORD), "
                "or refresh_token (MAKAKOO_REFRESH_TOKEN).")

    def _exchange_for_access_token(self, client):
        """Get an access token from username and password, or else the refresh token, once per module run.

        The token lives only in memory and is masked in the output, like the
        refresh token the exchange returns.
        """
        params = self.params
        try:
            if params["username"] and params["password"]:
                access_token, refresh_token = client.create_access_token(params["username"], params["password"])
            else:
                access_token, refresh_token = client.refresh_access_token(params["refresh_token"])
        except MakakooApiError as exc:
            self.fail(str(exc), error=exc.to_dict())
        self.ansible.no_log_values.add(access_token)
        if refresh_token:
            self.ansible.no_log_values.add(refresh_token)

    def caller(self):
        """Return the acting user's ``id`` and ``email`` from the token's claims.

        Either value is None when the token is not a JWT or lacks the claim.
        """
        claims = decode_token_claims(self.client.access_token)
        email = claims.get("email")
        user_id = claims.get("sub")
        return {
            "id": None if user_id is None else str(user_id),
            "email": email.lower() if isinstance(email, str) else None,
        }

    def find_organization(self, name=None, organization_id=None):
        """Return the organization named ``name`` or with ``organization_id``, or None.

        A name must match exactly. A name that matches several organizations
        fails, listing their ids. An id the caller cannot see returns None.
        """
        if organization_id is not None:
            try:
                organization = self.client.get_organization(organization_id)
            except MakakooApiError as exc:
                if exc.status == 404:
                    return None
                raise
            # Without include it is always empty. Dropping it gives the same
            # keys as a lookup by name and as the service's rename response.
            organization.pop("included", None)
            return organization
        matches = [org for org in self.client.list_organizations() if org.get("name") == name]
        if len(matches) > 1:
            self.fail(
                "Organization name '%s' is ambiguous: it matches %d organizations with ids %s. "
                "Use organization_id instead." % (name, len(matches), ", ".join(org["id"] for org in matches)))
        return matches[0] if matches else None

    def require_organization(self):
        """Return the organization given by the organization or organization_id option, or fail."""
        name = self.params.get("organization")
        organization_id = self.params.get("organization_id")
        organization = self.find_organization(name=name, organization_id=organization_id)
        if organization is None:
            if organization_id is not None:
                self.fail("Organization id '%s' was not found, or the caller is not a member of it. "
                          "Check organization_id." % organization_id)
            self.fail("Organization '%s' was not found among the organizations the caller can see. "
                      "Check the name (it must match exactly) or create it with "
                      "makakoo.platform.makakoo_organization." % name)
        return organization

    def hide_secrets(self, value):
        """Mask the secret values found in ``value`` wherever they appear in this task's output.

        Call it on data read from the service before using it, so that a secret
        that is echoed elsewhere (in a field with an ordinary name, or in an
        error message of a later request) is replaced by ``********``. Returns
        ``value`` unchanged.
        """
        self.ansible.no_log_values.update(secret_values(value))
        return value

    def exit(self, changed=False, **result):
        """Finish the task with the secrets removed from every returned value."""
        result["changed"] = changed
        self.hide_secrets(result)
        self.ansible.exit_json(**redact(result))

    def fail(self, msg, **result):
        """Fail the task with the secrets removed from every returned value."""
        self.hide_secrets(result)
        self.ansible.fail_json(msg=msg, **redact(result))

    def run(self, main):
        """Call ``main(self)``, turning an API error into a clean task failure."""
        try:
            main(self)
        except MakakooApiError as exc:
            self.fail(str(exc), error=exc.to_dict())
