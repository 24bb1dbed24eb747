# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service's role rules, checked before a write."""

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.roles import role_rule_violation


@pytest.mark.parametrize("caller_role, granted_role", [
    ("OWNER", "OWNER"),
    ("OWNER", "viewer"),
    ("owner", None),
    ("ADMIN", "ADMIN"),
    ("ADMIN", "member"),
    ("Admin", None),
    (None, "OWNER"),
    ("", "OWNER"),
])
def test_allowed_changes(caller_role, granted_role):
    assert role_rule_violation(caller_role, granted_role) is None


@pytest.mark.parametrize("granted_role", ["OWNER", "owner", "Owner"])
def test_admin_cannot_grant_owner(granted_role):
    violation = role_rule_violation("ADMIN", granted_role)

    assert "the caller's role there is ADMIN" in violation
    assert "only an OWNER can grant the OWNER role" in violation
    assert "Choose role admin or lower" in violation


@pytest.mark.parametrize("caller_role", ["MEMBER", "VIEWER", "viewer"])
@pytest.mark.parametrize("granted_role", ["viewer", None])
def test_member_and_viewer_cannot_manage(caller_role, granted_role):
    violation = role_rule_violation(caller_role, granted_role)

    assert "the caller's role there is %s" % caller_role.upper() in violation
    assert "only an OWNER or ADMIN can add, invite or remove members" in violation
    assert "Run the task as an OWNER or ADMIN" in violation
