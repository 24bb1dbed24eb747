# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the unit and integration tests.

The emulator of the Makakoo service runs in a thread of the test process and
listens on 127.0.0.1. Tests talk to it over real HTTP, modules included.
"""

import importlib
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
import requests

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(TESTS_DIR, "emulator"))

from makakoo_emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position
from scenarios import CALLER, SAMPLE_SEED, sample_seed  # noqa: E402  pylint: disable=wrong-import-position

WRITE_METHODS = frozenset(["POST", "PATCH", "PUT", "DELETE"])


class Emulator:
    """Control interface of a running emulator, plus the credentials to call it."""

    def __init__(self, server):
        self.server = server
        self.base_url = server.base_url
        self.api_url = server.api_url
        self.auth_url = server.auth_url
        self.api_key = server.api_key
        self.http = requests.Session()

    def control(self, method, path, payload=None):
        response = self.http.request(method, self.base_url + "/_emulator" + path, json=payload, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, seed=None):
        """Restore the sample platform state, or ``seed`` when given, and clear faults and the log."""
        self.control("POST", "/reset", {"seed": seed if seed is not None else sample_seed()})
        self.api_key = self.server.api_key

    def token(self, email=CALLER):
        return self.control("POST", "/tokens", {"email": email})["access_token"]

    def requests(self):
        return self.control("GET", "/requests")["requests"]

    def clear_requests(self):
        self.control("DELETE", "/requests")

    def api_requests(self):
        """Requests to the Organization API, leaving out the Auth service's token calls."""
        return [entry for entry in self.requests() if "/ma-metrics-wsp-ms/" in entry["path"]]

    def writes(self):
        """API requests that could change state."""
        return [entry for entry in self.api_requests() if entry["method"] in WRITE_METHODS]

    def fault(self, **fault):
        return self.control("POST", "/faults", fault)

    def state(self):
        return self.control("GET", "/state")

    def config(self, **settings):
        return self.control("POST", "/config", settings)

    def organization(self, name):
        """Return the emulator's stored organization called ``name``, or None."""
        for organization in self.state()["organizations"]:
            if organization["name"] == name:
                return organization
        return None

    def auth_args(self, email=CALLER):
        return {"api_url": self.api_url, "api_key": self.api_key, "access_token": self.token(email)}

    def auth_env(self, email=CALLER):
        return {
            "MAKAKOO_API_URL": self.api_url,
            "MAKAKOO_AUTH_URL": self.auth_url,
            "MAKAKOO_API_KEY": self.api_key,
            "MAKAKOO_ACCESS_TOKEN": self.token(email),
        }


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Keep the variables of the shell that runs the tests from reaching the emulator's clients.

    A developer who uses the collection may have MAKAKOO_* set, for example to
    the live service. Modules and ansible-playbook would read them as option
    fallbacks, so they are removed and tests set the ones they need. A proxy
    set in the shell would receive the loopback traffic, with the test
    credentials, so loopback addresses bypass every proxy.
    """
    for name in list(os.environ):
        if name.startswith("MAKAKOO_"):
            monkeypatch.delenv(name)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost,::1")


@pytest.fixture(scope="session")
def emulator_server():
    server = start_emulator(SAMPLE_SEED)
    yield server
    server.stop()


@pytest.fixture
def emulator(emulator_server):
    """The emulator, reset to the sample platform state for each test."""
    control = Emulator(emulator_server)
    control.reset()
    return control


class ModuleResult(dict):
    """A module's JSON result; ``failed`` is True when the module called fail_json."""

    @property
    def failed(self):
        return bool(self.get("failed"))


@pytest.fixture
def run_module(capsys):
    """Run a collection module in this process and return its parsed JSON result.

    The module runs exactly as Ansible runs it: arguments through the
    AnsibleModule argument protocol, output as JSON on stdout, with no_log
    masking applied. ``check`` and ``diff`` set Ansible's check and diff modes.
    """
    from ansible.module_utils.testing import patch_module_args

    def run(name, args, check=False, diff=True):
        module = importlib.import_module("ansible_collections.makakoo.platform.plugins.modules." + name)
        module_args = dict(args, _ansible_check_mode=check, _ansible_diff=diff)
        capsys.readouterr()
        with patch_module_args(module_args):
            with pytest.raises(SystemExit):
                module.main()
        output = capsys.readouterr().out
        return ModuleResult(json.loads(output))

    return run


class PlaybookRun:
    """Result of one ansible-playbook run: exit code, output and the recap counts."""

    def __init__(self, completed):
        self.rc = completed.returncode
        self.output = completed.stdout + completed.stderr
        self.recap = parse_recap(completed.stdout)

    @property
    def changed(self):
        return self.recap.get("changed")

    @property
    def failed(self):
        return self.recap.get("failed")


def parse_recap(output):
    match = re.search(r"^localhost\s*:\s*(.*)$", output, re.MULTILINE)
    if not match:
        return {}
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))


@pytest.fixture
def run_playbook(tmp_path):
    """Run ansible-playbook on a playbook text against localhost.

    Credentials reach the modules through MAKAKOO_* variables of the
    ansible-playbook process, never through a task-level ``environment``,
    which ansible-core 2.19 prints at -vvv.
    """

    def run(playbook, env=None, check=False, diff=False, verbosity=0, extra_vars=None, roles_path=None):
        path = tmp_path / "playbook.yml"
        path.write_text(textwrap.dedent(playbook))
        inventory = tmp_path / "inventory.ini"
        inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory), str(path)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        if extra_vars:
            command.extend(["-e", json.dumps(extra_vars)])
        process_env = dict(os.environ)
        process_env.update({
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_HOST_KEY_CHECKING": "0",
            "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        })
        if roles_path:
            process_env["ANSIBLE_ROLES_PATH"] = roles_path
        process_env.update(env or {})
        completed = subprocess.run(command, env=process_env, capture_output=True, text=True, timeout=600, check=False)
        return PlaybookRun(completed)

    return run
