# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/contract_check.py against the emulator: what it reports, and that it only reads."""

import json
import os
import re
import subprocess
import sys

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.client import OPERATIONS

from scenarios import CALLER

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "tools", "contract_check.py")
GET_OPERATIONS = sorted(name for name, spec in OPERATIONS.items() if spec.method == "GET")
JWT_PATTERN = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")
AUTH_VARIABLES = ("MAKAKOO_API_URL", "MAKAKOO_API_KEY", "MAKAKOO_ACCESS_TOKEN", "MAKAKOO_USERNAME",
                  "MAKAKOO_PASSWORD", "MAKAKOO_REFRESH_TOKEN", "MAKAKOO_AUTH_URL")


class CheckRun:
    """Exit status, output and, for the JSON format, the results of one run keyed by operation."""

    def __init__(self, completed, json_format):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.results = {}
        if json_format and completed.stdout.strip():
            report = json.loads(completed.stdout)
            self.summary = report["summary"]
            self.results = dict((result["operation"], result) for result in report["results"])

    def outcome(self, operation):
        return self.results[operation]["outcome"]

    def details(self, operation):
        return " ".join(self.results[operation]["details"])


@pytest.fixture
def run_check():
    def run(env, *arguments, json_format=True):
        process_env = dict((name, value) for name, value in os.environ.items() if name not in AUTH_VARIABLES)
        process_env.update(env)
        command = [sys.executable, SCRIPT] + list(arguments)
        if json_format:
            command += ["--format", "json"]
        completed = subprocess.run(command, env=process_env, capture_output=True, text=True, timeout=300, check=False)
        return CheckRun(completed, json_format)

    return run


def northwind_id(emulator):
    return str(emulator.organization("Northwind Labs")["id"])


def api_methods(emulator):
    return set(entry["method"] for entry in emulator.api_requests())


def test_emulator_matches_contract(emulator, run_check):
    emulator.config(page_size=2)
    emulator.clear_requests()

    run = run_check(emulator.auth_env())

    assert run.rc == 0, run.stdout + run.stderr
    assert set(run.results) == set(GET_OPERATIONS) | {"get_organization (unknown id)"}
    for operation, result in run.results.items():
        assert result["outcome"] == "match", (operation, result["details"])
    assert "3 page(s), 5 item(s)." in run.details("list_members")
    assert emulator.writes() == []
    assert api_methods(emulator) == {"GET"}


def test_malformed_body_differs(emulator, run_check):
    emulator.fault(path="/organizations/%s/users" % northwind_id(emulator), malformed=True)
    emulator.clear_requests()

    run = run_check(emulator.auth_env())

    assert run.rc == 1, run.stdout + run.stderr
    assert run.outcome("list_members") == "differs"
    assert "not JSON" in run.details("list_members")
    assert run.outcome("list_invitations") == "match"
    assert run.summary["differs"] == 1
    assert emulator.writes() == []
    assert api_methods(emulator) == {"GET"}


def test_renamed_attribute_differs(emulator, run_check):
    body = {
        "data": [{"id": "inv-1", "type": "membershipInvitation",
                  "attributes": {"emailAddress": "new.hire@example.com", "role": "MEMBER", "status": "pending"}}],
        "meta": {"page": 1, "per_page": 5, "total_count": 1},
        "links": {"next": None},
    }
    emulator.fault(method="GET", path="/organizations/%s/membership_invitations" % northwind_id(emulator),
                   status=200, body=body)

    run = run_check(emulator.auth_env())

    assert run.rc == 1
    assert run.outcome("list_invitations") == "differs"
    assert "Missing attributes: email." in run.details("list_invitations")
    assert "lower case" in run.details("list_invitations")
    assert run.outcome("list_members") == "match"


def test_pagination_without_next_differs(emulator, run_check):
    body = {
        "data": [{"id": "user-1", "type": "users", "attributes": {"email": "a@example.com", "role": "OWNER"}}],
        "meta": {"page": 1, "per_page": 1, "total_count": 3},
        "links": {},
    }
    emulator.fault(method="GET", path="/organizations/%s/users" % northwind_id(emulator), status=200, body=body)

    run = run_check(emulator.auth_env())

    assert run.rc == 1
    assert run.outcome("list_members") == "differs"
    assert "no links.next" in run.details("list_members")
    assert "would miss items" in run.details("list_members")


def test_missing_hub_path_differs(emulator, run_check):
    emulator.fault(method="GET", path="/organizations/%s/api_keys" % northwind_id(emulator), status=404)

    run = run_check(emulator.auth_env())

    assert run.rc == 1
    assert run.outcome("list_organization_api_keys") == "differs"
    assert "per-project lists" in run.details("list_organization_api_keys")
    assert run.outcome("list_project_api_keys") == "match"


def test_password_login_prints_no_secret(emulator, run_check):
    api_key = "canary-api-key-0d3e5b"
    emulator.config(api_key=api_key)
    env = {"MAKAKOO_API_URL": emulator.api_url, "MAKAKOO_AUTH_URL": emulator.auth_url,
           "MAKAKOO_API_KEY": api_key, "MAKAKOO_USERNAME": CALLER, "MAKAKOO_PASSWORD": "emulator-password"}
    emulator.clear_requests()

    run = run_check(env, json_format=False)

    token_calls = [entry for entry in emulator.requests() if entry["path"].endswith("/oauth/token")]
    assert run.rc == 0, run.stdout + run.stderr
    assert "13 operations: 13 match, 0 differ, 0 skipped." in run.stdout
    assert len(token_calls) == 1
    assert api_key not in run.stdout + run.stderr
    assert "emulator-password" not in run.stdout + run.stderr
    assert JWT_PATTERN.search(run.stdout + run.stderr) is None
    assert api_methods(emulator) == {"GET"}


def test_rejected_password_exits_2(emulator, run_check):
    env = {"MAKAKOO_API_URL": emulator.api_url, "MAKAKOO_AUTH_URL": emulator.auth_url,
           "MAKAKOO_API_KEY": emulator.api_key, "MAKAKOO_USERNAME": CALLER, "MAKAKOO_PASSWORD": "canary-password-77"}

    run = run_check(env, json_format=False)

    assert run.rc == 2
    assert "HTTP 401" in run.stderr
    assert "canary-password-77" not in run.stdout + run.stderr
    assert emulator.api_requests() == []


def test_missing_api_key_exits_2(emulator, run_check):
    run = run_check({"MAKAKOO_API_URL": emulator.api_url, "MAKAKOO_ACCESS_TOKEN": emulator.token()},
                    json_format=False)

    assert run.rc == 2
    assert "Missing MAKAKOO_API_KEY" in run.stderr
    assert run.stdout == ""


def test_unknown_organization_exits_2(emulator, run_check):
    env = {"MAKAKOO_API_URL": emulator.api_url, "MAKAKOO_API_KEY": emulator.api_key,
           "MAKAKOO_ACCESS_TOKEN": emulator.token()}

    run = run_check(env, "--organization", "No Such Org")

    assert run.rc == 2
    assert "'No Such Org' was not found" in run.stderr
    assert run.outcome("list_members") == "skipped"
    assert api_methods(emulator) == {"GET"}
