# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credentials never appear in ansible-playbook output, even at -vvv."""

from scenarios import seed_with_member

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
