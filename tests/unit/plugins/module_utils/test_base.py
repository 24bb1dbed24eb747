# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module base: credentials, their precedence, and that no secret leaks."""

import json
import os

import pytest

from scenarios import CALLER, seed_with_member

CANARY_API_KEY = "canary-api-key-4b1d9e77"


def test_missing_api_key_names_option_and_variable(emulator, run_module):
    result = run_module("makakoo_organization_info", {"api_url": emulator.api_url, "access_token": emulator.token()})

    assert result.failed
    assert "api_key option" in result["msg"]
    assert "MAKAKOO_API_KEY" in result["msg"]


def test_missing_access_token_names_option_and_variable(emulator, run_module):
    result = run_module("makakoo_organization_info", {"api_url": emulator.api_url, "api_key": emulator.api_key})

    assert result.failed
    assert "access_token option" in result["msg"]
    assert "MAKAKOO_ACCESS_TOKEN" in result["msg"]


def test_environment_supplies_credentials(emulator, run_module, monkeypatch):
    for name, value in emulator.auth_env().items():
        monkeypatch.setenv(name, value)

    result = run_module("makakoo_organization_info", {})

    assert not result.failed
    assert result["organizations"]


def test_explicit_option_beats_environment(emulator, run_module, monkeypatch):
    for name, value in emulator.auth_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MAKAKOO_API_KEY", "wrong-key-from-environment")

    result = run_module("makakoo_organization_info", {"api_key": emulator.api_key})

    assert not result.failed


def test_password_exchange_once_per_run(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "username": CALLER, "password": "emulator-password"})

    token_calls = [entry for entry in emulator.requests() if entry["path"].endswith("/oauth/token")]
    assert not result.failed
    assert len(token_calls) == 1


def test_canaries_absent_from_results_and_failures(emulator, run_module):
    emulator.config(api_key=CANARY_API_KEY)
    emulator.reset(seed_with_member("Northwind Labs", "kofi.kim@example.com", "VIEWER"))
    emulator.config(api_key=CANARY_API_KEY)
    owner_token = emulator.token()
    viewer_token = emulator.token("kofi.kim@example.com")
    base = {"api_url": emulator.api_url, "api_key": CANARY_API_KEY}

    results = [
        run_module("makakoo_organization", dict(base, access_token=owner_token, name="Canary Org")),
        run_module("makakoo_organization_info", dict(base, access_token=owner_token, include=["users"])),
        run_module("makakoo_organization", dict(base, access_token=viewer_token, name="Northwind Labs",
                                                new_name="Hijacked")),
        run_module("makakoo_organization_info", dict(base, access_token=owner_token + "tampered")),
    ]

    assert not results[0].failed
    assert results[2].failed
    assert results[3].failed
    for result in results:
        text = json.dumps(result)
        assert CANARY_API_KEY not in text
        assert owner_token not in text
        assert viewer_token not in text


def test_credential_whitespace_stripped(emulator, run_module):
    args = emulator.auth_args()
    args["api_key"] = " %s\n" % args["api_key"]
    args["access_token"] = "%s\n" % args["access_token"]

    result = run_module("makakoo_organization_info", args)

    assert not result.failed, result.get("msg")
    assert result["organizations"]


@pytest.mark.parametrize("option, bad_value", [
    ("access_token", "{token}\nX-Injected: 1"),
    ("access_token", "{token}\u00e9"),
    ("api_key", "{api_key}\r\nX"),
    ("api_key", "cl\u00e9-{api_key}"),
])
def test_header_unsafe_credential_rejected_unquoted(emulator, run_module, option, bad_value):
    args = emulator.auth_args()
    args[option] = bad_value.format(token=args["access_token"], api_key=args["api_key"])
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", args)

    text = json.dumps(result)
    assert result.failed
    assert "Invalid %s" % option in result["msg"]
    assert args["access_token"].split(".")[1] not in text
    assert emulator.api_requests() == []


@pytest.mark.parametrize("option, value, message", [
    ("api_url", "localhost:8040/ma-metrics-wsp-ms/v1/api", "Invalid api_url 'localhost:8040/"),
    ("auth_url", "ftp://127.0.0.1/ma-authentication-ms/v1/api", "Invalid auth_url 'ftp://"),
    ("timeout", 0, "Invalid timeout 0"),
    ("ca_path", "/nonexistent/ca.pem", "Invalid ca_path '/nonexistent/ca.pem'"),
])
def test_invalid_connection_option_fails_cleanly(emulator, run_module, option, value, message):
    args = dict(emulator.auth_args(), **{option: value})
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", args)

    assert result.failed
    assert message in result["msg"]
    assert emulator.requests() == []


def test_wrong_password_hint_names_password(emulator, run_module):
    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "username": CALLER, "password": "wrong-password"})

    assert result.failed
    assert "HTTP 401" in result["msg"]
    assert "Check username and password" in result["msg"]
    assert "access_token" not in result["msg"]


def test_invalid_refresh_token_hint_names_option(emulator, run_module):
    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "refresh_token": "not-a-refresh-token"})

    assert result.failed
    assert "HTTP 401" in result["msg"]
    assert "refresh_token" in result["msg"]
    assert "access_token" not in result["msg"]


def test_wrong_auth_url_path_hint_names_option(emulator, run_module):
    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.base_url + "/auth/v1/api", "api_key": emulator.api_key,
        "username": CALLER, "password": "emulator-password"})

    assert result.failed
    assert "HTTP 404" in result["msg"]
    assert "Check auth_url" in result["msg"]


def test_wrong_api_url_path_hint_names_option(emulator, run_module):
    result = run_module("makakoo_organization_info", dict(emulator.auth_args(), api_url=emulator.base_url + "/api/v1"))

    assert result.failed
    assert "HTTP 404" in result["msg"]
    assert "Check api_url" in result["msg"]


def test_shell_makakoo_variables_removed():
    assert [name for name in os.environ if name.startswith("MAKAKOO_")] == []


def test_shell_proxy_skipped_for_emulator(emulator, run_module, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")

    result = run_module("makakoo_organization_info", emulator.auth_args())

    assert not result.failed, result.get("msg")


# The variables that the AWX credential type in docs/awx sets.
CREDENTIAL_TYPE_VARIABLES = ("MAKAKOO_API_URL", "MAKAKOO_AUTH_URL", "MAKAKOO_API_KEY", "MAKAKOO_USERNAME",
                             "MAKAKOO_PASSWORD", "MAKAKOO_REFRESH_TOKEN", "MAKAKOO_ACCESS_TOKEN")


def token_calls(emulator, suffix="/oauth/token"):
    return [entry for entry in emulator.requests() if entry["path"].endswith(suffix)]


def test_refresh_token_exchange_once_per_run(emulator, run_module):
    refresh_token = emulator.control("POST", "/tokens", {"email": CALLER})["refresh_token"]
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "refresh_token": refresh_token})

    assert not result.failed, result.get("msg")
    assert result["organizations"]
    assert len(token_calls(emulator, "/oauth/token/refresh")) == 1
    assert token_calls(emulator) == []


def test_access_token_wins_over_password_and_refresh_token(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "access_token": emulator.token(), "username": CALLER, "password": "wrong-password",
        "refresh_token": "unknown-refresh-token"})

    assert not result.failed, result.get("msg")
    assert token_calls(emulator) == []
    assert token_calls(emulator, "/oauth/token/refresh") == []


def test_wrong_password_fails_without_echo(emulator, run_module):
    password = "canary-password-5e0c1f"
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
        "username": CALLER, "password": password})

    assert result.failed
    assert "Failed to get an access token for %s: HTTP 401" % CALLER in result["msg"]
    assert "Check username and password" in result["msg"]
    assert result["error"]["status"] == 401
    assert password not in json.dumps(result)
    assert emulator.api_requests() == []


def test_used_refresh_token_fails_clearly(emulator, run_module):
    refresh_token = emulator.control("POST", "/tokens", {"email": CALLER})["refresh_token"]
    args = {"api_url": emulator.api_url, "auth_url": emulator.auth_url, "api_key": emulator.api_key,
            "refresh_token": refresh_token}

    first = run_module("makakoo_organization_info", args)
    second = run_module("makakoo_organization_info", args)

    assert not first.failed, first.get("msg")
    assert second.failed
    assert "Failed to refresh access token: HTTP 401" in second["msg"]
    assert "give username and password" in second["msg"]
    assert refresh_token not in json.dumps(second)


def test_empty_variables_count_as_unset(emulator, run_module, monkeypatch):
    # AWX sets every variable of a credential type, empty when its field is blank.
    for name in CREDENTIAL_TYPE_VARIABLES:
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("MAKAKOO_API_URL", emulator.api_url)
    monkeypatch.setenv("MAKAKOO_AUTH_URL", emulator.auth_url)
    monkeypatch.setenv("MAKAKOO_API_KEY", emulator.api_key)
    monkeypatch.setenv("MAKAKOO_USERNAME", CALLER)
    monkeypatch.setenv("MAKAKOO_PASSWORD", "emulator-password")
    emulator.clear_requests()

    result = run_module("makakoo_organization_info", {})

    assert not result.failed, result.get("msg")
    assert len(token_calls(emulator)) == 1


def test_empty_url_variables_keep_defaults(monkeypatch):
    from ansible.module_utils.testing import patch_module_args
    from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule
    from ansible_collections.makakoo.platform.plugins.module_utils.client import DEFAULT_API_URL, DEFAULT_AUTH_URL

    monkeypatch.setenv("MAKAKOO_API_URL", "")
    monkeypatch.setenv("MAKAKOO_AUTH_URL", "")
    monkeypatch.setenv("MAKAKOO_VALIDATE_CERTS", "")

    with patch_module_args({}):
        module = MakakooModule(argument_spec={})

    assert module.params["api_url"] == DEFAULT_API_URL
    assert module.params["auth_url"] == DEFAULT_AUTH_URL
    assert module.params["validate_certs"] is True


def test_blank_token_option_falls_back_to_password(emulator, run_module, monkeypatch):
    monkeypatch.setenv("MAKAKOO_USERNAME", CALLER)
    monkeypatch.setenv("MAKAKOO_PASSWORD", "emulator-password")
    monkeypatch.setenv("MAKAKOO_AUTH_URL", emulator.auth_url)

    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "api_key": emulator.api_key, "access_token": ""})

    assert not result.failed, result.get("msg")
    assert result["organizations"]


def test_blank_api_key_option_reported_missing(emulator, run_module):
    result = run_module("makakoo_organization_info", {
        "api_url": emulator.api_url, "api_key": "  ", "access_token": emulator.token()})

    assert result.failed
    assert "Missing api_key" in result["msg"]
