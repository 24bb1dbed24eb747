# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module code stays valid on Python 3.9, the oldest Python the modules support on a target.

ansible-test here runs on Python 3.11 only, so this parses every plugin file
with the grammar of Python 3.9 instead (ast feature_version, which rejects
newer syntax such as match statements and parenthesized context managers).
"""

import ast
import os

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PLUGIN_FILES = sorted(
    os.path.join(directory, name)
    for directory, dummy, files in os.walk(os.path.join(ROOT, "plugins"))
    for name in files if name.endswith(".py"))


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda path: os.path.relpath(path, ROOT))
def test_plugin_parses_as_python_39(path):
    with open(path) as handle:
        source = handle.read()

    tree = ast.parse(source, filename=path, feature_version=(3, 9))

    unions = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)
              and any(isinstance(side, ast.Constant) and side.value is None for side in (node.left, node.right))]
    assert unions == [], "X | None type unions fail at run time before Python 3.10"
