# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credentials never appear in ansible-playbook output, even at -vvv."""

import re

from scenarios import CALLER, seed_with_member

CANARY_API_KEY = "canary-api-key-81c2f0aa"

PLAYBOOK = """
- name: Exercise modules with canary credentials
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create an organization
      makakoo.platform.makakoo_organization:
        name: Canary Org

    - name: List organizations with members
      makakoo.platform.makakoo_organization_info:
        include: [users]

    - name: Fail as a viewer
      makakoo.platform.makakoo_organization:
        name: Northwind Labs
        new_name: Hijacked
        access_token: "{{ viewer_token }}"
      ignore_errors: true

    - name: Fail with an explicit api_key option
      makakoo.platform.makakoo_organization_info:
        api_key: "{{ option_api_key }}"
        access_token: "{{ viewer_token }}x"
      ignore_errors: true
"""


def test_canaries_absent_from_vvv_output(emulator, run_playbook):
    emulator.reset(seed_with_member("Northwind Labs", "kofi.kim@example.com", "VIEWER"))
    emulator.config(api_key=CANARY_API_KEY)
    env = emulator.auth_env()
    env["MAKAKOO_API_KEY"] = CANARY_API_KEY
    viewer_token = emulator.token("kofi.kim@example.com")

    run = run_playbook(PLAYBOOK, env=env, verbosity=3,
                       extra_vars={"viewer_token": viewer_token, "option_api_key": CANARY_API_KEY})

    assert run.recap.get("ok") == 4, run.output
    assert run.recap.get("ignored") == 2, run.output
    assert "module_args" in run.output
    assert CANARY_API_KEY not in run.output
    assert env["MAKAKOO_ACCESS_TOKEN"] not in run.output
    assert viewer_token not in run.output


EXCHANGE_PLAYBOOK = """
- name: Exchange credentials for an access token in every task
  hosts: localhost
  gather_facts: false
  tasks:
    - name: List organizations
      makakoo.platform.makakoo_organization_info:

    - name: List organizations with members
      makakoo.platform.makakoo_organization_info:
        include: [users]
"""

# One task only: a refresh token that the Auth service rotates works once.
REFRESH_PLAYBOOK = """
- name: Exchange a refresh token for an access token
  hosts: localhost
  gather_facts: false
  tasks:
    - name: List organizations
      makakoo.platform.makakoo_organization_info:
"""

# Any JWT, such as an access token issued by an exchange.
JWT_PATTERN = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


def exchange_env(emulator):
    env = emulator.auth_env()
    del env["MAKAKOO_ACCESS_TOKEN"]
    return env


def test_password_absent_from_vvv_output(emulator, run_playbook):
    env = exchange_env(emulator)
    env.update({"MAKAKOO_USERNAME": CALLER, "MAKAKOO_PASSWORD": "emulator-password"})
    emulator.clear_requests()

    run = run_playbook(EXCHANGE_PLAYBOOK, env=env, verbosity=3)

    token_calls = [entry for entry in emulator.requests() if entry["path"].endswith("/oauth/token")]
    assert run.recap.get("ok") == 2, run.output
    assert len(token_calls) == 2
    assert "module_args" in run.output
    assert "emulator-password" not in run.output
    assert env["MAKAKOO_API_KEY"] not in run.output
    assert JWT_PATTERN.search(run.output) is None


def test_refresh_token_absent_from_vvv_output(emulator, run_playbook):
    env = exchange_env(emulator)
    env["MAKAKOO_REFRESH_TOKEN"] = emulator.control("POST", "/tokens", {"email": CALLER})["refresh_token"]

    run = run_playbook(REFRESH_PLAYBOOK, env=env, verbosity=3)

    assert run.recap.get("ok") == 1, run.output
    assert "module_args" in run.output
    assert env["MAKAKOO_REFRESH_TOKEN"] not in run.output
    assert JWT_PATTERN.search(run.output) is None
