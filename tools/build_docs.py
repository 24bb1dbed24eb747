# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the collection's HTML documentation site with antsibull-docs and Sphinx.

Usage: python tools/build_docs.py DEST

The collection must be installed where ansible-doc finds it (the Makefile
sets ANSIBLE_COLLECTIONS_PATH to the built tree). The site is written to
DEST/build/html: a page per module and role, and the guides of
docs/docsite/rst listed in docs/docsite/extra-docs.yml.

The build is offline. Sphinx resolves the few references to the Ansible
documentation from a small local inventory instead of downloading
docs.ansible.com's. The build fails on any error or warning of
antsibull-docs or Sphinx.
"""

import os
import re
import shutil
import subprocess
import sys
import zlib

ANSIBLE_DOCS_URL = "https://docs.ansible.com/projects/ansible/devel/"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Labels of the Ansible documentation that antsibull-docs links from the
# pages it generates: (label, page and anchor, title).
# NOTE: written by hand from the pages' labels, because the inventory at
# ANSIBLE_DOCS_URL cannot be downloaded here. A generated page that links
# another label fails the build with "undefined label"; add it here.
ANSIBLE_DOCS_LABELS = [
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
]

# Output lines of antsibull-docs or Sphinx that fail the build even when the
# tool exits with status 0.
PROBLEM_PATTERN = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")

CONF_ADDITIONS = """
# Added by tools/build_docs.py: resolve references to the Ansible
# documentation from a local inventory, so that the build sends no request.
intersphinx_mapping = {
    "ansible_devel": (%r, %r),
}
"""


def write_inventory(path):
    """Write a Sphinx objects.inv (version 2) with the labels of ANSIBLE_DOCS_LABELS."""
    header = (
        "# Sphinx inventory version 2\n"
        "# Project: Ansible\n"
        "# Version: devel\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    entries = "".join("%s std:label -1 %s %s\n" % entry for entry in ANSIBLE_DOCS_LABELS)
    with open(path, "wb") as handle:
        handle.write(header.encode("utf-8"))
        handle.write(zlib.compress(entries.encode("utf-8")))


def run(command, cwd=None):
    """Run a command, echo its output, and return (exit status, output lines that report problems)."""
    print("$ %s" % " ".join(command), flush=True)
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               check=False)
    sys.stdout.write(completed.stdout)
    problems = [line for line in completed.stdout.splitlines() if PROBLEM_PATTERN.search(line)]
    return completed.returncode, problems


def build(dest):
    dest = os.path.abspath(dest)
    shutil.rmtree(dest, ignore_errors=True)
    # antsibull-docs requires a destination that only its owner can write to.
    os.makedirs(dest, mode=0o700)

    status, problems = run([
        "antsibull-docs", "sphinx-init", "--use-current", "--fail-on-error", "--dest-dir", dest,
        "--project", "makakoo.platform", "--copyright", "makakoo.platform contributors",
        "--title", "makakoo.platform collection",
        # The landing page introduces the collection and links the guides,
        # in place of antsibull-docs' generic welcome page.
        "--index-rst-source", os.path.join(ROOT, "docs", "docsite", "index.rst"),
        "makakoo.platform",
    ])
    if status != 0 or problems:
        return status or 1

    inventory = os.path.join(dest, "ansible_devel.inv")
    write_inventory(inventory)
    with open(os.path.join(dest, "conf.py"), "a") as handle:
        handle.write(CONF_ADDITIONS % (ANSIBLE_DOCS_URL, inventory))

    # build.sh runs antsibull-docs collection --fail-on-error, then
    # sphinx-build -W, which turns every Sphinx warning into a failure.
    status, problems = run(["bash", os.path.join(dest, "build.sh")], cwd=dest)
    if status != 0:
        return status
    if problems:
        sys.stderr.write("The documentation build reported %d problem(s):\n%s\n" % (len(problems), "\n".join(problems)))
        return 1
    print("The documentation site is in %s" % os.path.join(dest, "build", "html"))
    return 0


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("Usage: python tools/build_docs.py DEST\n")
        return 2
    return build(argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
