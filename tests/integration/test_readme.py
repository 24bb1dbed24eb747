# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's first playbook works as printed: check mode, a real run, a rerun."""

import os
import re

from scenarios import CALLER, TESTS_DIR

README = os.path.join(TESTS_DIR, "..", "README.md")


def first_playbook():
    with open(README) as handle:
        text = handle.read()
    section = text[text.index("## A first playbook"):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_readme_playbook_check_apply_rerun(emulator, run_playbook):
    env = {
        "MAKAKOO_API_URL": emulator.api_url,
        "MAKAKOO_AUTH_URL": emulator.auth_url,
        "MAKAKOO_API_KEY": emulator.api_key,
        "MAKAKOO_USERNAME": CALLER,
        "MAKAKOO_PASSWORD": "emulator-password",
    }
    playbook = first_playbook()

    check = run_playbook(playbook, env=env, check=True, diff=True)
    writes_in_check = emulator.writes()
    apply = run_playbook(playbook, env=env)
    emulator.clear_requests()
    rerun = run_playbook(playbook, env=env)

    assert check.rc == 0, check.output
    assert writes_in_check == []
    assert apply.rc == 0, apply.output
    assert apply.changed == check.changed
    assert rerun.rc == 0, rerun.output
    assert rerun.changed == 0, rerun.output
    assert emulator.writes() == []


CREATE_THEN_CONVERGE = """
- name: Create an organization and fill it in one play
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Ensure the organization exists
      makakoo.platform.makakoo_organization:
        name: Fresh Org

    - name: Converge its members
      makakoo.platform.makakoo_member:
        organization: Fresh Org
        members:
          - {email: ana.almeida@example.com, role: admin}
"""


def test_check_mode_member_task_on_organization_created_earlier(emulator, run_playbook):
    check = run_playbook(CREATE_THEN_CONVERGE, env=emulator.auth_env(), check=True, diff=True)
    writes_in_check = emulator.writes()
    apply = run_playbook(CREATE_THEN_CONVERGE, env=emulator.auth_env())

    assert check.rc == 0, check.output
    assert check.changed == 2, check.output
    assert "does not exist. Check mode predicts" in check.output
    assert writes_in_check == []
    assert apply.rc == 0, apply.output
    assert apply.changed == 2, apply.output
