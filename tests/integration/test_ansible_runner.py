# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboarding job run through ansible-runner, the way AWX and Controller run it.

Controller runs a job template with ansible-runner and hands it credentials
only as environment variables, set by the credential type's injectors. Here
the job gets the API URL, an API key and a username and password (no access
token, which would expire), and must reach the same state as `make demo`.
"""

import os
import shutil
import sys

import ansible_runner
import yaml

from scenarios import CALLER, EXPECTED_ONBOARDING_STATE, ONBOARDING_REQUEST, platform_state, sample_seed

CANARY_PASSWORD = "canary-password-9f41c7d2"
CANARY_API_KEY = "canary-runner-api-key-52e0b3"

PLAYBOOK = """
- name: Onboard the sample request
  hosts: localhost
  gather_facts: false
  vars_files:
    - onboarding-northwind.yml
  roles:
    - role: makakoo.platform.onboarding
      vars:
        makakoo_onboarding_organizations: "{{ organizations }}"
"""


def write_private_data_dir(root, emulator):
    """Lay out an ansible-runner private data directory with environment-only credentials."""
    project = root / "project"
    project.mkdir()
    (project / "onboarding.yml").write_text(PLAYBOOK)
    shutil.copy(ONBOARDING_REQUEST, str(project / "onboarding-northwind.yml"))
    inventory = root / "inventory"
    inventory.mkdir()
    (inventory / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    env = root / "env"
    env.mkdir()
    envvars = {
        "MAKAKOO_API_URL": emulator.api_url,
        "MAKAKOO_AUTH_URL": emulator.auth_url,
        "MAKAKOO_API_KEY": CANARY_API_KEY,
        "MAKAKOO_USERNAME": CALLER,
        "MAKAKOO_PASSWORD": CANARY_PASSWORD,
        "ANSIBLE_COLLECTIONS_PATH": os.environ["ANSIBLE_COLLECTIONS_PATH"],
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }
    (env / "envvars").write_text(yaml.safe_dump(envvars))


def run_job(root, ident):
    return ansible_runner.run(private_data_dir=str(root), playbook="onboarding.yml", ident=ident, quiet=True)


def job_output(root):
    """Return the job's output as AWX stores and shows it: stdout, stderr and every job event.

    ansible-runner also records its own input, the command and the whole
    environment, in artifacts/<ident>/command. That file is the credentials
    handed in, not output of the job, so it is left out.
    """
    texts = []
    for directory, dummy, files in os.walk(str(root / "artifacts")):
        for name in files:
            if name == "command":
                continue
            with open(os.path.join(directory, name), errors="replace") as handle:
                texts.append(handle.read())
    return "\n".join(texts)


def test_runner_job_with_environment_credentials(emulator, tmp_path):
    seed = sample_seed()
    for user in seed["users"]:
        if user["email"] == CALLER:
            user["password"] = CANARY_PASSWORD
    emulator.reset(seed)
    emulator.config(api_key=CANARY_API_KEY)
    write_private_data_dir(tmp_path, emulator)
    with open(EXPECTED_ONBOARDING_STATE) as handle:
        expected = yaml.safe_load(handle)

    first = run_job(tmp_path, "first")
    state = platform_state(emulator)
    emulator.clear_requests()
    second = run_job(tmp_path, "second")

    assert first.status == "successful", first.stdout.read()
    assert first.stats["changed"]["localhost"] > 0
    for name, organization in expected.items():
        assert state[name]["members"] == organization["members"], name
        assert state[name]["invitations"] == organization["invitations"], name
    assert second.status == "successful", second.stdout.read()
    assert second.stats["changed"].get("localhost", 0) == 0
    assert emulator.writes() == []
    output = job_output(tmp_path)
    assert "PLAY RECAP" in output
    assert CANARY_PASSWORD not in output
    assert CANARY_API_KEY not in output
