# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's documentation renders through ansible-doc, auth options included."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules"))
                 if name.endswith(".py") and not name.startswith("_"))
AUTH_OPTIONS = {
    "api_url": "MAKAKOO_API_URL",
    "api_key": "MAKAKOO_API_KEY",
    "access_token": "MAKAKOO_ACCESS_TOKEN",
    "validate_certs": "MAKAKOO_VALIDATE_CERTS",
}


def ansible_doc(*arguments):
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-doc")] + list(arguments)
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("module", MODULES)
def test_module_doc_has_auth_options(module):
    completed = ansible_doc("--json", "makakoo.platform." + module)

    assert completed.returncode == 0, completed.stderr
    doc = json.loads(completed.stdout)["makakoo.platform." + module]["doc"]
    for option, variable in AUTH_OPTIONS.items():
        assert option in doc["options"]
        assert variable in " ".join(doc["options"][option]["description"])
    assert doc["options"]["access_token"]["aliases"] == ["token"]


def test_organization_doc_renders_as_text():
    completed = ansible_doc("makakoo.platform.makakoo_organization")

    assert completed.returncode == 0, completed.stderr
    assert "MAKAKOO_API_KEY" in completed.stdout
    assert "new_name" in completed.stdout
    assert "EXAMPLES" in completed.stdout
    assert "RETURN VALUES" in completed.stdout
