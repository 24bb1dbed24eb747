# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guides of docs/docsite: listed in extra-docs.yml, and in step with the files they show.

`make docs` builds the site and fails on any warning. These tests catch
what a successful build cannot, such as a guide left out of the index or a
code block that no longer matches the file it copies.
"""

import os

import yaml

DOCS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs")
GUIDES_DIR = os.path.join(DOCS_DIR, "docsite", "rst")


def load_yaml(*parts):
    with open(os.path.join(DOCS_DIR, *parts)) as handle:
        return yaml.safe_load(handle)


def yaml_code_blocks(guide):
    """Return the parsed YAML of every yaml or yaml+jinja code block of a guide."""
    with open(os.path.join(GUIDES_DIR, guide)) as handle:
        lines = handle.read().splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        directive = lines[index].strip()
        index += 1
        if directive not in (".. code-block:: yaml", ".. code-block:: yaml+jinja"):
            continue
        indent = len(lines[index - 1]) - len(lines[index - 1].lstrip())
        body = []
        while index < len(lines) and (not lines[index].strip() or
                                      len(lines[index]) - len(lines[index].lstrip()) > indent):
            body.append(lines[index])
            index += 1
        blocks.append(yaml.safe_load("\n".join(body)))
    return blocks


def test_extra_docs_lists_every_guide():
    index = load_yaml("docsite", "extra-docs.yml")
    listed = [entry for section in index["sections"] for entry in section["toctree"]]
    guides = sorted(name[:-len(".rst")] for name in os.listdir(GUIDES_DIR) if name.endswith(".rst"))

    assert sorted(listed) == guides


def test_awx_guide_shows_execution_environment():
    definition = load_yaml("awx", "execution-environment.yml")

    assert definition in yaml_code_blocks("guide_awx.rst")


def test_awx_guide_shows_injectors():
    credential_type = load_yaml("awx", "credential_type.yml")

    assert credential_type["injectors"] in yaml_code_blocks("guide_awx.rst")


def test_landing_page_links_every_guide():
    with open(os.path.join(DOCS_DIR, "docsite", "extra-docs.yml")) as handle:
        guides = yaml.safe_load(handle)["sections"][0]["toctree"]
    with open(os.path.join(DOCS_DIR, "docsite", "index.rst")) as handle:
        landing = handle.read()

    for guide in guides:
        assert ":ref:`ansible_collections.makakoo.platform.docsite.%s`" % guide in landing
