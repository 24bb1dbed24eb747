# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding and offboarding roles, and the demo playbook that uses onboarding."""

import os

import yaml

from scenarios import CALLER, EXPECTED_ONBOARDING_STATE, ONBOARDING_REQUEST, platform_state, seed_with_organization

DEMO_PLAYBOOK = os.path.join(os.path.dirname(ONBOARDING_REQUEST), "..", "demo.yml")

ONBOARDING_PLAYBOOK = """
- name: Onboard
  hosts: localhost
  gather_facts: false
  roles:
    - role: makakoo.platform.onboarding
      vars:
        makakoo_onboarding_organizations: {organizations}
"""

OFFBOARDING_PLAYBOOK = """
- name: Offboard
  hosts: localhost
  gather_facts: false
  roles:
    - role: makakoo.platform.offboarding
      vars:
        makakoo_offboarding_emails: {emails}
"""


def demo_playbook():
    with open(DEMO_PLAYBOOK) as handle:
        return handle.read().replace("vars/onboarding-northwind.yml", os.path.abspath(ONBOARDING_REQUEST))


def onboarding_playbook(organizations):
    return ONBOARDING_PLAYBOOK.format(organizations=yaml.safe_dump(organizations, default_flow_style=True).strip())


def test_demo_reaches_expected_state(emulator, run_playbook):
    with open(EXPECTED_ONBOARDING_STATE) as handle:
        expected = yaml.safe_load(handle)

    check = run_playbook(demo_playbook(), env=emulator.auth_env(), check=True, diff=True)
    writes_in_check = emulator.writes()
    first = run_playbook(demo_playbook(), env=emulator.auth_env())
    state = platform_state(emulator)
    emulator.clear_requests()
    second = run_playbook(demo_playbook(), env=emulator.auth_env())

    assert check.rc == 0, check.output
    assert writes_in_check == []
    assert first.rc == 0, first.output
    assert first.changed > 0, first.output
    assert sorted(state) == sorted(expected)
    for name, organization in expected.items():
        assert state[name]["members"] == organization["members"], name
        assert state[name]["invitations"] == organization["invitations"], name
        for email in organization["removed"]:
            assert email not in state[name]["members"], (name, email)
    assert second.rc == 0, second.output
    assert second.changed == 0, second.output
    assert emulator.writes() == []


def test_demo_prints_summary(emulator, run_playbook):
    run = run_playbook(demo_playbook(), env=emulator.auth_env())

    assert run.rc == 0, run.output
    assert '"removed": [\n                "former.contractor@example.org"' in run.output
    assert '"invited": [' in run.output


def test_onboarding_rejects_misspelled_key(emulator, run_playbook):
    emulator.clear_requests()

    run = run_playbook(onboarding_playbook([{"name": "Typo Org", "memebers": []}]), env=emulator.auth_env())

    assert run.rc != 0
    assert "memebers" in run.output
    assert emulator.requests() == []


def test_onboarding_rejects_misspelled_input_variable(emulator, run_playbook):
    playbook = onboarding_playbook([{"name": "Typo Org"}]).replace(
        "makakoo_onboarding_organizations:", "makakoo_onboarding_organisations:")
    emulator.clear_requests()

    run = run_playbook(playbook, env=emulator.auth_env())

    assert run.rc != 0
    assert "makakoo_onboarding_organizations" in run.output
    assert emulator.requests() == []


def test_offboarding_rejects_missing_input(emulator, run_playbook):
    playbook = OFFBOARDING_PLAYBOOK.format(emails='["wen.weber@example.com"]').replace(
        "makakoo_offboarding_emails:", "makakoo_offboarding_email:")
    emulator.clear_requests()

    run = run_playbook(playbook, env=emulator.auth_env())

    assert run.rc != 0
    assert "makakoo_offboarding_emails" in run.output
    assert emulator.requests() == []


def test_onboarding_rejects_invalid_role(emulator, run_playbook):
    emulator.clear_requests()
    organizations = [{"name": "Typo Org", "members": [{"email": "ana.almeida@example.com", "role": "superuser"}]}]

    run = run_playbook(onboarding_playbook(organizations), env=emulator.auth_env())

    assert run.rc != 0
    assert "superuser" in run.output
    assert emulator.requests() == []


def test_onboarding_rejects_organization_listed_twice(emulator, run_playbook):
    organizations = [{"name": "Northwind Labs", "members": [{"email": "ana.almeida@example.com", "role": "member"}]},
                     {"name": "Southwind Retail", "members": []},
                     {"name": "Northwind Labs", "members": [{"email": "ana.almeida@example.com", "role": "admin"}]}]
    emulator.clear_requests()

    run = run_playbook(onboarding_playbook(organizations), env=emulator.auth_env())

    assert run.rc != 0
    assert "lists 'Northwind Labs' more than once" in run.output
    assert emulator.writes() == []


def test_onboarding_check_mode_new_organization(emulator, run_playbook):
    organizations = [{"name": "Brand New Org", "members": [{"email": "Ana.Almeida@example.com", "role": "admin"}]}]
    emulator.clear_requests()

    run = run_playbook(onboarding_playbook(organizations), env=emulator.auth_env(), check=True)

    assert run.rc == 0, run.output
    assert emulator.writes() == []
    assert '"organization": "created"' in run.output
    assert "Ana.Almeida@example.com" in run.output


def test_offboarding_removes_and_cancels(emulator, run_playbook):
    run_playbook(demo_playbook(), env=emulator.auth_env())
    playbook = OFFBOARDING_PLAYBOOK.format(emails='["Wen.Weber@example.com", "carmen.chen@example.com"]')

    emulator.clear_requests()
    check = run_playbook(playbook, env=emulator.auth_env(), check=True, diff=True)
    writes_in_check = emulator.writes()
    apply = run_playbook(playbook, env=emulator.auth_env())
    state = platform_state(emulator)
    rerun = run_playbook(playbook, env=emulator.auth_env())

    assert check.rc == 0, check.output
    assert writes_in_check == []
    assert apply.rc == 0, apply.output
    assert apply.changed > 0, apply.output
    assert "wen.weber@example.com" not in state["Northwind Labs"]["members"]
    assert "wen.weber@example.com" not in state["Northwind Analytics"]["members"]
    assert "carmen.chen@example.com" not in state["Northwind Labs"]["invitations"]
    assert state["Northwind Labs"]["members"][CALLER] == "OWNER"
    assert rerun.rc == 0, rerun.output
    assert rerun.changed == 0, rerun.output


def test_offboarding_keeps_last_owner_and_reports(emulator, run_playbook):
    seed = seed_with_organization("Solo Owner Org", [
        ("ops.lead@example.org", "OWNER"), (CALLER, "ADMIN"), ("kofi.kim@example.com", "MEMBER")])
    emulator.reset(seed)
    playbook = OFFBOARDING_PLAYBOOK.format(emails='["ops.lead@example.org", "kofi.kim@example.com"]')

    run = run_playbook(playbook, env=emulator.auth_env())
    state = platform_state(emulator)

    assert run.rc != 0
    assert state["Solo Owner Org"]["members"]["ops.lead@example.org"] == "OWNER"
    assert "kofi.kim@example.com" not in state["Solo Owner Org"]["members"]
    assert "last OWNER" in run.output
    assert "ops.lead@example.org" in run.output
    assert "Solo Owner Org" in run.output


def test_offboarding_trims_emails(emulator, run_playbook):
    playbook = OFFBOARDING_PLAYBOOK.format(emails='[" Wen.Weber@example.com\\t", "viktor.varga@example.com "]')

    run = run_playbook(playbook, env=emulator.auth_env())
    state = platform_state(emulator)

    assert run.rc == 0, run.output
    assert "wen.weber@example.com" not in state["Northwind Labs"]["members"]
    assert "viktor.varga@example.com" not in state["Northwind Labs"]["invitations"]


def test_offboarding_reports_unmanaged_organization(emulator, run_playbook):
    seed = seed_with_organization("Viewer Org", [
        ("ops.lead@example.org", "OWNER"), (CALLER, "MEMBER"), ("wen.weber@example.com", "MEMBER")])
    emulator.reset(seed)
    playbook = OFFBOARDING_PLAYBOOK.format(emails='["wen.weber@example.com"]')

    check = run_playbook(playbook, env=emulator.auth_env(), check=True)
    writes_in_check = emulator.writes()
    run = run_playbook(playbook, env=emulator.auth_env())
    state = platform_state(emulator)

    assert check.rc != 0
    assert writes_in_check == []
    assert run.rc != 0
    assert "Cannot remove wen.weber@example.com from organization 'Viewer Org'" in run.output
    assert "the caller's role there is MEMBER" in run.output
    assert "wen.weber@example.com" not in state["Northwind Labs"]["members"]
    assert state["Viewer Org"]["members"]["wen.weber@example.com"] == "MEMBER"
