# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run every integration target three times against the emulator.

Each target under targets/ is a role. It runs first in check mode on the
untouched state (which must send no write request), then for real, then again
(which must report no change). The role reads ``makakoo_pass`` (check, apply
or rerun) to assert what each pass must report. A target may ship a
``seed.yml`` in the emulator's seed format with the platform state to start
from. Without one, it starts from the sample platform state.

The play sets ``api_url`` through the ``group/makakoo.platform.makakoo``
action group, so every target also proves that ``module_defaults`` reaches
every module it uses. The API key and access token come from the
environment of the ansible-playbook process.
"""

import os

import pytest
import yaml

TARGETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "targets")
TARGETS = sorted(name for name in os.listdir(TARGETS_DIR) if os.path.isdir(os.path.join(TARGETS_DIR, name)))

PLAYBOOK = """
- name: Integration target {target}
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/makakoo.platform.makakoo:
      api_url: "{api_url}"
  roles:
    - role: {target}
"""


def target_seed(target):
    path = os.path.join(TARGETS_DIR, target, "seed.yml")
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize("target", TARGETS)
def test_target_check_apply_rerun(target, emulator, run_playbook):
    seed = target_seed(target)
    if seed is not None:
        emulator.reset(seed)
    env = emulator.auth_env()
    del env["MAKAKOO_API_URL"]
    playbook = PLAYBOOK.format(target=target, api_url=emulator.api_url)

    def run(makakoo_pass, check=False):
        extra_vars = {"makakoo_pass": makakoo_pass, "makakoo_emulator_url": emulator.base_url}
        return run_playbook(playbook, env=env, check=check, diff=True, extra_vars=extra_vars, roles_path=TARGETS_DIR)

    emulator.clear_requests()
    check = run("check", check=True)
    assert check.rc == 0, check.output
    assert emulator.writes() == [], check.output

    apply = run("apply")
    assert apply.rc == 0, apply.output
    assert apply.changed > 0, apply.output

    rerun = run("rerun")
    assert rerun.rc == 0, rerun.output
    assert rerun.changed == 0, rerun.output
