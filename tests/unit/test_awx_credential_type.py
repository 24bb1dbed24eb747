# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type in docs/awx and the playbook that registers it.

awx.awx is not installed here, so these tests check the definition against
the modules' own auth options and render its injectors the way AWX does.
"""

import os

import pytest
import yaml
from ansible.parsing.yaml.loader import AnsibleLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.makakoo.platform.plugins.module_utils.base import AUTH_ARGUMENT_SPEC, env_fallback
from ansible_collections.makakoo.platform.plugins.module_utils.client import DEFAULT_API_URL, DEFAULT_AUTH_URL

from scenarios import CALLER

AWX_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "awx")
SECRET_FIELDS = {"api_key", "password", "refresh_token", "access_token"}
INJECTED_OPTIONS = {"api_url", "auth_url", "api_key", "username", "password", "refresh_token", "access_token"}


@pytest.fixture(scope="module")
def credential_type():
    with open(os.path.join(AWX_DIR, "credential_type.yml")) as handle:
        return yaml.safe_load(handle)


def fields_by_id(credential_type):
    return dict((field["id"], field) for field in credential_type["inputs"]["fields"])


def option_variable(option):
    fallback = AUTH_ARGUMENT_SPEC[option]["fallback"]
    assert fallback[0] is env_fallback
    return fallback[1][0]


def render_injectors(credential_type, inputs):
    """Return the environment that AWX injects for a credential with ``inputs``.

    Like AWX, blank inputs are left out of the template namespace, so their
    variables render as empty strings.
    """
    namespace = dict((name, value) for name, value in inputs.items() if value)
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in credential_type["injectors"]["env"].items())


def test_fields_are_auth_options(credential_type):
    fields = fields_by_id(credential_type)

    assert set(fields) == INJECTED_OPTIONS
    for name, field in fields.items():
        assert field["type"] == "string", name
        assert field["label"], name
    assert credential_type["inputs"]["required"] == ["api_key"]
    assert credential_type["kind"] == "cloud"


def test_secret_fields_marked(credential_type):
    fields = fields_by_id(credential_type)

    marked = set(name for name, field in fields.items() if field.get("secret") is True)

    assert marked == SECRET_FIELDS
    assert marked == set(name for name in INJECTED_OPTIONS if AUTH_ARGUMENT_SPEC[name].get("no_log"))


def test_url_defaults_match_modules(credential_type):
    fields = fields_by_id(credential_type)

    assert fields["api_url"]["default"] == DEFAULT_API_URL
    assert fields["auth_url"]["default"] == DEFAULT_AUTH_URL


def test_injectors_set_module_variables(credential_type):
    expected = dict((option_variable(option), "{{ %s }}" % option) for option in INJECTED_OPTIONS)

    assert credential_type["injectors"]["env"] == expected
    assert "extra_vars" not in credential_type["injectors"]


def test_playbook_registers_same_type(credential_type):
    with open(os.path.join(AWX_DIR, "register_credential_type.yml")) as handle:
        playbook = AnsibleLoader(handle).get_single_data()

    arguments = playbook[0]["tasks"][0]["awx.awx.credential_type"]

    assert arguments["name"] == credential_type["name"]
    assert arguments["kind"] == credential_type["kind"]
    assert arguments["state"] == "present"
    assert arguments["inputs"] == credential_type["inputs"]
    assert dict(arguments["injectors"]["env"]) == credential_type["injectors"]["env"]


def test_injected_password_credential_works(credential_type, emulator, run_module, monkeypatch):
    environment = render_injectors(credential_type, {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "username": CALLER, "password": "emulator-password", "refresh_token": "", "access_token": ""})
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {})

    token_calls = [entry for entry in emulator.requests() if entry["path"].endswith("/oauth/token")]
    assert environment["MAKAKOO_ACCESS_TOKEN"] == ""
    assert not result.failed, result.get("msg")
    assert result["organizations"]
    assert len(token_calls) == 1
