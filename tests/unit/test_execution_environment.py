# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment files, checked with ansible-builder itself.

ansible-builder create only writes a build context, so these tests run
without a container engine. Nothing here builds an image.
"""

import os
import shutil
import subprocess
import sys

import yaml

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
META_DEFINITION = os.path.join(COLLECTION_ROOT, "meta", "execution-environment.yml")
AWX_DEFINITION = os.path.join(COLLECTION_ROOT, "docs", "awx", "execution-environment.yml")
# The directory that contains ansible_collections/makakoo/platform.
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))


def ansible_builder(*arguments):
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-builder")] + list(arguments)
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def requirement_lines(path):
    with open(path) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def create_context(definition, context):
    return ansible_builder("create", "--file", str(definition), "--context", str(context),
                           "--output-filename", "Containerfile")


def test_meta_python_path_from_collection_root():
    with open(META_DEFINITION) as handle:
        definition = yaml.safe_load(handle)

    python_file = definition["dependencies"]["python"]

    assert definition["version"] == 3
    assert not os.path.isabs(python_file)
    assert os.path.isfile(os.path.join(COLLECTION_ROOT, python_file))


def test_meta_create_context_has_requirements(tmp_path):
    # ansible-builder resolves a definition's paths from the file's directory,
    # but a collection's meta file from the collection root. Staging the file
    # beside requirements.txt gives the path the same meaning in both.
    stage = tmp_path / "stage"
    stage.mkdir()
    shutil.copy(META_DEFINITION, str(stage / "execution-environment.yml"))
    shutil.copy(os.path.join(COLLECTION_ROOT, "requirements.txt"), str(stage / "requirements.txt"))
    context = tmp_path / "context"

    result = create_context(stage / "execution-environment.yml", context)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (context / "Containerfile").is_file()
    built = requirement_lines(str(context / "_build" / "requirements.txt"))
    assert built == requirement_lines(os.path.join(COLLECTION_ROOT, "requirements.txt"))
    assert any(line.startswith("requests") for line in built)


def test_introspect_finds_requests():
    result = ansible_builder("introspect", "--sanitize", COLLECTIONS_PATH)

    assert result.returncode == 0, result.stdout + result.stderr
    report = yaml.safe_load(result.stdout)
    assert any(line.startswith("requests") and "makakoo.platform" in line for line in report["python"])
    assert report["system"] == []


def test_awx_definition_creates_context(tmp_path):
    context = tmp_path / "context"

    result = create_context(AWX_DEFINITION, context)

    assert result.returncode == 0, result.stdout + result.stderr
    with open(str(context / "_build" / "requirements.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert [entry["name"] for entry in galaxy["collections"]] == ["makakoo.platform"]
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-core==" in containerfile
    assert "ansible-runner==" in containerfile
