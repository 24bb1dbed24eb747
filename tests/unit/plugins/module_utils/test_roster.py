# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roster planner: merging, rule checks and write order, without any HTTP."""

from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError
from ansible_collections.makakoo.platform.plugins.module_utils.roster import (
    ADD,
    KEEP,
    REMOVE,
    UPDATE,
    UPDATE_INVITATION,
    explain_api_error,
    find_caller_member,
    normalize_roster,
    plan_changes,
)

CALLER = {"id": "u-caller", "email": "automation@example.org"}
MEMBERS = [
    {"id": "u-caller", "email": "automation@example.org", "role": "OWNER"},
    {"id": "u-ops", "email": "Ops.Lead@example.org", "role": "OWNER"},
    {"id": "u-uma", "email": "uma.ueda@example.com", "role": "VIEWER"},
    {"id": "u-wen", "email": "wen.weber@example.com", "role": "MEMBER"},
    {"id": "u-former", "email": "former.contractor@example.org", "role": "ADMIN"},
]


def roster(*pairs):
    entries, errors = normalize_roster([{"email": email, "role": role} for email, role in pairs])
    assert errors == []
    return entries


def plan(entries, members=None, caller="default", caller_role="OWNER", **options):
    """Plan ``entries`` against MEMBERS with CALLER as an OWNER, unless the arguments replace them."""
    members = MEMBERS if members is None else members
    caller = CALLER if caller == "default" else caller
    return plan_changes("Northwind Labs", members, entries, caller=caller, caller_role=caller_role, **options)


def by_email(result_plan):
    return dict((change.email, change) for change in result_plan.changes)


def test_normalize_merges_same_role_duplicate():
    entries, errors = normalize_roster([
        {"email": "chloe.costa@example.com", "role": "MEMBER", "name": "Chloé Costa"},
        {"email": "CHLOE.COSTA@EXAMPLE.COM", "role": "member"},
    ])

    assert errors == []
    assert entries == [{"email": "chloe.costa@example.com", "role": "MEMBER"}]


def test_normalize_conflicting_duplicate_names_both():
    entries, errors = normalize_roster([
        {"email": "chloe.costa@example.com", "role": "MEMBER"},
        {"email": "Chloe.Costa@example.com", "role": "viewer"},
    ])

    assert len(errors) == 1
    assert "members[0] lists chloe.costa@example.com as MEMBER" in errors[0]
    assert "members[1] lists Chloe.Costa@example.com as VIEWER" in errors[0]


def test_normalize_invalid_role_lists_valid_roles():
    dummy, errors = normalize_roster([{"email": "wen.weber@example.com", "role": "superuser"}])

    assert len(errors) == 1
    assert "'superuser'" in errors[0]
    assert "owner, admin, member, viewer" in errors[0]


def test_normalize_missing_role_and_email():
    dummy, errors = normalize_roster([{"email": "wen.weber@example.com"}, {"role": "member"}, "wen"])

    assert len(errors) == 3
    assert "Missing members[0].role" in errors[0]
    assert "Missing members[1].email" in errors[1]
    assert "members[2]" in errors[2]


def test_normalize_keeps_plus_tag_and_non_ascii():
    entries = roster(("farah.fischer+analytics@example.com", "viewer"), ("Søren.Schmidt@example.com", "member"))

    assert [entry["email"] for entry in entries] == ["farah.fischer+analytics@example.com", "Søren.Schmidt@example.com"]


def test_plan_matches_case_insensitively():
    result = plan(roster(("OPS.LEAD@EXAMPLE.ORG", "owner")))

    change = result.changes[0]
    assert change.kind == KEEP
    assert change.email == "Ops.Lead@example.org"
    assert result.writes() == []


def test_plan_kinds_and_results():
    result = plan(roster(("wen.weber@example.com", "admin"), ("ana.almeida@example.com", "member")),
                  removals=["former.contractor@example.org", "nobody@example.com"])

    changes = by_email(result)
    assert changes["wen.weber@example.com"].kind == UPDATE
    assert changes["wen.weber@example.com"].result()["previous_role"] == "MEMBER"
    assert changes["ana.almeida@example.com"].kind == ADD
    assert changes["former.contractor@example.org"].kind == REMOVE
    assert changes["nobody@example.com"].kind == KEEP
    assert changes["nobody@example.com"].result()["action"] == "unchanged"
    assert result.violations == []


def test_purge_keeps_unlisted_caller():
    result = plan(roster(("ops.lead@example.org", "owner")), purge=True)

    changes = by_email(result)
    assert changes["automation@example.org"].kind == KEEP
    assert "caller" in changes["automation@example.org"].msg
    assert changes["former.contractor@example.org"].kind == REMOVE
    assert changes["uma.ueda@example.com"].kind == REMOVE
    assert result.violations == []


def test_write_order_by_phase():
    entries = roster(
        ("ops.lead@example.org", "member"),
        ("former.contractor@example.org", "viewer"),
        ("uma.ueda@example.com", "admin"),
        ("wen.weber@example.com", "owner"),
        ("ana.almeida@example.com", "member"),
    )
    members = MEMBERS + [{"id": "u-gone", "email": "gone@example.com", "role": "MEMBER"}]

    result = plan(entries, members=members, purge=True)

    order = [(change.email, change.kind) for change in result.writes()]
    assert order == [
        ("wen.weber@example.com", UPDATE),
        ("uma.ueda@example.com", UPDATE),
        ("ana.almeida@example.com", ADD),
        ("Ops.Lead@example.org", UPDATE),
        ("former.contractor@example.org", UPDATE),
        ("gone@example.com", REMOVE),
    ]


def test_last_owner_demotion_violation():
    members = [
        {"id": "u-ops", "email": "ops.lead@example.org", "role": "OWNER"},
        {"id": "u-caller", "email": "automation@example.org", "role": "ADMIN"},
    ]

    result = plan(roster(("ops.lead@example.org", "admin")), members=members, caller_role="ADMIN")

    assert len(result.violations) == 1
    assert "demote ops.lead@example.org from OWNER to ADMIN" in result.violations[0]
    assert "last OWNER" in result.violations[0]
    assert "Northwind Labs" in result.violations[0]


def test_last_owner_removal_violation():
    members = [
        {"id": "u-ops", "email": "ops.lead@example.org", "role": "OWNER"},
        {"id": "u-caller", "email": "automation@example.org", "role": "ADMIN"},
    ]

    result = plan([], members=members, caller_role="ADMIN", removals=["ops.lead@example.org"])

    assert len(result.violations) == 1
    assert "remove ops.lead@example.org" in result.violations[0]
    assert "last OWNER" in result.violations[0]


def test_ownership_transfer_allowed():
    members = [
        {"id": "u-caller", "email": "automation@example.org", "role": "ADMIN"},
        {"id": "u-ops", "email": "ops.lead@example.org", "role": "OWNER"},
        {"id": "u-wen", "email": "wen.weber@example.com", "role": "OWNER"},
    ]

    result = plan(roster(("ops.lead@example.org", "admin")), members=members, caller_role="ADMIN")

    assert result.violations == []


def test_caller_own_role_violation():
    result = plan(roster(("automation@example.org", "admin")))

    assert len(result.violations) == 1
    assert "automation@example.org" in result.violations[0]
    assert "nobody can change their own role" in result.violations[0]


def test_caller_removal_violation():
    result = plan([], removals=["Automation@Example.org"])

    assert len(result.violations) == 1
    assert "Cannot remove automation@example.org" in result.violations[0]


def test_caller_found_by_email_when_id_differs():
    caller = {"id": "other-id", "email": "AUTOMATION@example.org"}

    assert find_caller_member(MEMBERS, caller)["id"] == "u-caller"


def test_admin_granting_owner_violation():
    caller = {"id": "u-former", "email": "former.contractor@example.org"}

    result = plan(roster(("wen.weber@example.com", "owner"), ("ana.almeida@example.com", "OWNER")),
                  caller=caller, caller_role="ADMIN")

    assert len(result.violations) == 2
    assert "Cannot make wen.weber@example.com an OWNER" in result.violations[0]
    assert "only an OWNER can grant the OWNER role" in result.violations[0]
    assert "Cannot make ana.almeida@example.com an OWNER" in result.violations[1]


def test_admin_keeping_existing_owner_allowed():
    caller = {"id": "u-former", "email": "former.contractor@example.org"}

    result = plan(roster(("ops.lead@example.org", "owner"), ("wen.weber@example.com", "admin")),
                  caller=caller, caller_role="ADMIN")

    assert result.violations == []


def test_viewer_caller_cannot_change():
    caller = {"id": "u-uma", "email": "uma.ueda@example.com"}

    result = plan(roster(("wen.weber@example.com", "admin")), caller=caller, caller_role="VIEWER")

    assert len(result.violations) == 1
    assert "has role VIEWER" in result.violations[0]
    assert "wen.weber@example.com" in result.violations[0]


def test_viewer_caller_unchanged_roster_allowed():
    caller = {"id": "u-uma", "email": "uma.ueda@example.com"}

    result = plan(roster(("wen.weber@example.com", "member")), caller=caller, caller_role="VIEWER")

    assert result.violations == []


def test_purge_unknown_caller_rejected():
    result = plan(roster(("ops.lead@example.org", "owner")), caller={"id": None, "email": None}, purge=True)

    assert len(result.violations) == 1
    assert "does not identify the caller" in result.violations[0]
    assert "former.contractor@example.org" in result.violations[0]


def test_purge_unknown_caller_no_removals():
    everyone = roster(*[(member["email"], member["role"]) for member in MEMBERS])

    result = plan(everyone, caller=None, purge=True)

    assert result.violations == []
    assert result.writes() == []


def test_pending_invitation_same_role_converged():
    invitations = [{"id": "inv-1", "email": "Viktor.Varga@example.com", "role": "viewer", "status": "pending"}]

    result = plan(roster(("viktor.varga@example.com", "VIEWER")), invitations=invitations, invite_missing=True)

    change = result.changes[0]
    assert change.kind == KEEP
    assert change.email == "Viktor.Varga@example.com"
    assert result.diff()["before"]["Viktor.Varga@example.com"] == "VIEWER (invited)"
    assert result.diff()["after"]["Viktor.Varga@example.com"] == "VIEWER (invited)"


def test_pending_invitation_other_role_updated():
    invitations = [{"id": "inv-1", "email": "viktor.varga@example.com", "role": "viewer", "status": "pending"}]

    result = plan(roster(("viktor.varga@example.com", "member")), invitations=invitations, invite_missing=True)

    change = result.changes[0]
    assert change.kind == UPDATE_INVITATION
    assert change.invitation_id == "inv-1"
    assert change.result()["action"] == "invited"
    assert result.diff()["after"]["viktor.varga@example.com"] == "MEMBER (invited)"


def test_invitation_ignored_without_invite_missing():
    invitations = [{"id": "inv-1", "email": "viktor.varga@example.com", "role": "viewer", "status": "pending"}]

    result = plan(roster(("viktor.varga@example.com", "viewer")), invitations=invitations)

    assert result.changes[0].kind == ADD


def test_diff_limited_to_emails():
    result = plan(roster(("wen.weber@example.com", "admin")))

    diff = result.diff(["WEN.WEBER@example.com"])

    assert diff == {"before": {"wen.weber@example.com": "MEMBER"}, "after": {"wen.weber@example.com": "ADMIN"}}


def test_api_role_errors_become_rule_messages():
    result = plan(roster(("ops.lead@example.org", "member")))
    change = result.changes[0]

    transition = explain_api_error("Northwind Labs", change, MakakooApiError(
        "update_member_role", status=422, code="INVALID_ROLE_TRANSITION"))
    own_role = explain_api_error("Northwind Labs", change, MakakooApiError(
        "update_member_role", status=422, code="CANNOT_CHANGE_OWN_ROLE"))
    permission = explain_api_error("Northwind Labs", change, MakakooApiError(
        "update_member_role", status=403, code="INSUFFICIENT_PERMISSIONS"), "uma.ueda@example.com", "VIEWER")

    assert "Ops.Lead@example.org" in transition
    assert "last OWNER" in transition
    assert "INVALID_ROLE_TRANSITION" in transition
    assert "nobody can change their own role" in own_role
    assert "has role VIEWER" in permission
    assert "Northwind Labs" in permission


def test_removing_every_owner_violation():
    members = [
        {"id": "u-caller", "email": "automation@example.org", "role": "ADMIN"},
        {"id": "u-ops", "email": "ops.lead@example.org", "role": "OWNER"},
        {"id": "u-wen", "email": "wen.weber@example.com", "role": "OWNER"},
    ]

    result = plan([], members=members, caller_role="ADMIN", purge=True)

    assert len(result.violations) == 1
    assert "every OWNER of organization 'Northwind Labs'" in result.violations[0]
    assert "ops.lead@example.org, wen.weber@example.com" in result.violations[0]


def test_misspelled_email_key_named():
    dummy, errors = normalize_roster([{"emial": "ana@example.com", "role": "admin"}])

    assert len(errors) == 1
    assert "Missing members[0].email" in errors[0]
    assert "emial, role" in errors[0]
