# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/demo.yml converges the sample onboarding request, and a rerun changes nothing."""

import os

from scenarios import CALLER, ONBOARDING_REQUEST

DEMO_PLAYBOOK = os.path.join(os.path.dirname(ONBOARDING_REQUEST), "..", "demo.yml")


def test_demo_converges_then_unchanged(emulator, run_playbook):
    with open(DEMO_PLAYBOOK) as handle:
        playbook = handle.read().replace("vars/onboarding-northwind.yml", os.path.abspath(ONBOARDING_REQUEST))

    first = run_playbook(playbook, env=emulator.auth_env())
    northwind = dict((member["email"], member["role"]) for member in emulator.organization("Northwind Labs")["members"])
    emulator.clear_requests()
    second = run_playbook(playbook, env=emulator.auth_env())

    assert first.rc == 0, first.output
    assert first.changed > 0, first.output
    assert "former.contractor@example.org" not in northwind
    assert northwind[CALLER] == "OWNER"
    assert northwind["ops.lead@example.org"] == "OWNER"
    assert northwind["wen.weber@example.com"] == "ADMIN"
    assert emulator.organization("Northwind Analytics") is not None
    assert second.rc == 0, second.output
    assert second.changed == 0, second.output
    assert emulator.writes() == []
