# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_member against the emulator: single members, rosters, the role rules and failures."""

import pytest

from scenarios import CALLER, sample_seed, seed_with_accounts, seed_with_member, seed_with_organization

NORTHWIND = "Northwind Labs"


def members_of(emulator, organization=NORTHWIND):
    """Return the emulator's stored members of ``organization`` as e-mail to role."""
    return dict((member["email"], member["role"]) for member in emulator.organization(organization)["members"])


def invitations_of(emulator, organization=NORTHWIND):
    """Return the emulator's pending invitations of ``organization`` as e-mail to role."""
    return dict((invitation["email"], invitation["role"])
                for invitation in emulator.organization(organization)["invitations"]
                if invitation["status"] == "pending")


def user_id(emulator, email):
    for user in emulator.state()["users"]:
        if user["email"] == email:
            return str(user["id"])
    raise KeyError(email)


def member_path(emulator, email, organization=NORTHWIND):
    """Return the API path of one member, relative to the API base, for fault injection."""
    return "/organizations/%s/users/%s" % (emulator.organization(organization)["id"], user_id(emulator, email))


def member_args(emulator, caller=CALLER, organization=NORTHWIND, **options):
    return dict(emulator.auth_args(caller), organization=organization, **options)


def result_for(result, email):
    matches = [entry for entry in result["results"] if entry["email"] == email]
    assert len(matches) == 1, result["results"]
    return matches[0]


# Single-member mode -------------------------------------------------------------------


def test_add_member(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, email="ana.almeida@example.com", role="admin"))

    assert result["changed"] is True
    assert result["results"] == [{"email": "ana.almeida@example.com", "action": "added", "role": "ADMIN",
                                  "previous_role": None, "msg": "Added as ADMIN."}]
    assert result["diff"] == {"before": {}, "after": {"ana.almeida@example.com": "ADMIN"}}
    assert members_of(emulator)["ana.almeida@example.com"] == "ADMIN"


def test_update_role(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, email="wen.weber@example.com", role="Admin"))

    entry = result_for(result, "wen.weber@example.com")
    assert result["changed"] is True
    assert entry["action"] == "updated"
    assert entry["role"] == "ADMIN"
    assert entry["previous_role"] == "MEMBER"
    assert result["diff"] == {"before": {"wen.weber@example.com": "MEMBER"},
                              "after": {"wen.weber@example.com": "ADMIN"}}
    assert members_of(emulator)["wen.weber@example.com"] == "ADMIN"


def test_matching_role_unchanged(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, email="WEN.Weber@example.com", role="MEMBER"))

    assert result["changed"] is False
    assert result_for(result, "wen.weber@example.com")["action"] == "unchanged"
    assert emulator.writes() == []


def test_remove_member(emulator, run_module):
    result = run_module("makakoo_member", member_args(
        emulator, email="former.contractor@example.org", state="absent"))

    entry = result_for(result, "former.contractor@example.org")
    assert result["changed"] is True
    assert entry["action"] == "removed"
    assert entry["previous_role"] == "ADMIN"
    assert entry["role"] is None
    assert result["diff"] == {"before": {"former.contractor@example.org": "ADMIN"}, "after": {}}
    assert "former.contractor@example.org" not in members_of(emulator)


def test_remove_non_member_unchanged(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, email="ana.almeida@example.com", state="absent"))

    assert result["changed"] is False
    assert result_for(result, "ana.almeida@example.com")["action"] == "unchanged"
    assert emulator.writes() == []


def test_user_id_updates_member(emulator, run_module):
    wen_id = user_id(emulator, "wen.weber@example.com")

    result = run_module("makakoo_member", member_args(emulator, user_id=wen_id, role="viewer"))

    assert result_for(result, "wen.weber@example.com")["action"] == "updated"
    assert members_of(emulator)["wen.weber@example.com"] == "VIEWER"


def test_user_id_non_member_fails(emulator, run_module):
    ana_id = user_id(emulator, "ana.almeida@example.com")
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, user_id=ana_id, role="member"))

    assert result.failed
    assert "give email instead of user_id" in result["msg"]
    assert emulator.writes() == []


@pytest.mark.parametrize("role", ["superuser", "owners", ""])
def test_invalid_role_rejected_before_requests(emulator, run_module, role):
    args = member_args(emulator, email="wen.weber@example.com", role=role)
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "owner, admin, member, viewer" in result["msg"]
    assert emulator.api_requests() == []


def test_missing_role_rejected_before_requests(emulator, run_module):
    args = member_args(emulator, email="wen.weber@example.com")
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "Missing role" in result["msg"]
    assert emulator.api_requests() == []


def test_no_account_points_to_invitation(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, email="nobody@example.com", role="member"))

    entry = result_for(result, "nobody@example.com")
    assert result.failed
    assert entry["action"] == "failed"
    assert "no platform account" in entry["msg"]
    assert "makakoo.platform.makakoo_invitation" in entry["msg"]
    assert "invite_missing" in result["msg"]
    assert "nobody@example.com" in result["msg"]
    assert invitations_of(emulator).get("nobody@example.com") is None


# invite_missing -----------------------------------------------------------------------


def test_invite_missing_invites_then_unchanged(emulator, run_module):
    args = member_args(emulator, email="nadia.nakamura@example.com", role="Viewer", invite_missing=True)

    first = run_module("makakoo_member", args)
    emulator.clear_requests()
    second = run_module("makakoo_member", args)

    assert first["changed"] is True
    assert result_for(first, "nadia.nakamura@example.com")["action"] == "invited"
    assert result_for(first, "nadia.nakamura@example.com")["role"] == "VIEWER"
    assert first["diff"]["after"] == {"nadia.nakamura@example.com": "VIEWER (invited)"}
    assert invitations_of(emulator)["nadia.nakamura@example.com"] == "viewer"
    assert second["changed"] is False
    assert result_for(second, "nadia.nakamura@example.com")["action"] == "unchanged"
    assert emulator.writes() == []


def test_invite_missing_updates_invitation_role(emulator, run_module):
    args = member_args(emulator, email="nadia.nakamura@example.com", role="viewer", invite_missing=True)
    run_module("makakoo_member", args)
    emulator.clear_requests()

    result = run_module("makakoo_member", dict(args, role="admin"))

    entry = result_for(result, "nadia.nakamura@example.com")
    assert result["changed"] is True
    assert entry["action"] == "invited"
    assert entry["role"] == "ADMIN"
    assert result["diff"] == {"before": {"nadia.nakamura@example.com": "VIEWER (invited)"},
                              "after": {"nadia.nakamura@example.com": "ADMIN (invited)"}}
    assert invitations_of(emulator)["nadia.nakamura@example.com"] == "admin"
    assert [entry["operation"] for entry in emulator.writes()] == ["update_invitation_role"]


def test_invite_missing_adds_person_with_account(emulator, run_module):
    result = run_module("makakoo_member", member_args(
        emulator, email="ana.almeida@example.com", role="member", invite_missing=True))

    assert result_for(result, "ana.almeida@example.com")["action"] == "added"
    assert "ana.almeida@example.com" not in invitations_of(emulator)


def test_check_mode_predicts_added(emulator, run_module):
    args = member_args(emulator, email="nadia.nakamura@example.com", role="member", invite_missing=True)
    emulator.clear_requests()

    result = run_module("makakoo_member", args, check=True)

    assert result["changed"] is True
    assert result_for(result, "nadia.nakamura@example.com")["action"] == "added"
    assert emulator.writes() == []


# Roster mode --------------------------------------------------------------------------


def test_member_on_third_page_unchanged(emulator, run_module):
    fillers = [("filler%02d@example.com" % number, "MEMBER") for number in range(12)]
    emulator.reset(seed_with_organization("Paged Org", [(CALLER, "OWNER")] + fillers + [("kofi.kim@example.com", "ADMIN")]))
    emulator.config(page_size=5)
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(
        emulator, organization="Paged Org", members=[{"email": "kofi.kim@example.com", "role": "admin"}]))

    member_pages = [entry for entry in emulator.api_requests() if entry["operation"] == "list_members"]
    assert result["changed"] is False
    assert result_for(result, "kofi.kim@example.com")["action"] == "unchanged"
    assert len(member_pages) == 3
    assert emulator.writes() == []


def test_mixed_case_and_plus_emails(emulator, run_module):
    emulator.reset(seed_with_accounts(["kofi.kim+ops@example.com", "zoë.zeller@example.com"]))
    args = member_args(emulator, members=[
        {"email": "Wen.Weber@Example.COM", "role": "member"},
        {"email": "Kofi.Kim+Ops@example.com", "role": "viewer"},
        {"email": "Zoë.Zeller@Example.com", "role": "member"},
    ])

    first = run_module("makakoo_member", args)
    emulator.clear_requests()
    second = run_module("makakoo_member", args)

    assert result_for(first, "wen.weber@example.com")["action"] == "unchanged"
    assert result_for(first, "kofi.kim+ops@example.com")["action"] == "added"
    assert result_for(first, "zoë.zeller@example.com")["action"] == "added"
    assert members_of(emulator)["kofi.kim+ops@example.com"] == "VIEWER"
    assert members_of(emulator)["zoë.zeller@example.com"] == "MEMBER"
    assert second["changed"] is False
    assert emulator.writes() == []


def test_duplicate_entry_merged(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, members=[
        {"email": "ana.almeida@example.com", "role": "member", "name": "Ana Almeida"},
        {"email": "ANA.ALMEIDA@example.com", "role": "MEMBER", "name": "Ana Almeida"},
    ]))

    assert not result.failed
    assert len(result["results"]) == 1
    assert result_for(result, "ana.almeida@example.com")["action"] == "added"


def test_conflicting_duplicate_rejected(emulator, run_module):
    args = member_args(emulator, members=[
        {"email": "ana.almeida@example.com", "role": "member"},
        {"email": "Ana.Almeida@example.com", "role": "admin"},
    ])
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "members[0] lists ana.almeida@example.com as MEMBER" in result["msg"]
    assert "members[1] lists Ana.Almeida@example.com as ADMIN" in result["msg"]
    assert emulator.api_requests() == []


def test_purge_keeps_caller(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, purge=True, members=[
        {"email": "ops.lead@example.org", "role": "owner"},
        {"email": "wen.weber@example.com", "role": "member"},
    ]))

    caller = result_for(result, CALLER)
    members = members_of(emulator)
    assert not result.failed
    assert caller["action"] == "unchanged"
    assert "purge never removes" in caller["msg"]
    assert members[CALLER] == "OWNER"
    assert members["ops.lead@example.org"] == "OWNER"
    assert "former.contractor@example.org" not in members
    assert "uma.ueda@example.com" not in members
    assert result_for(result, "former.contractor@example.org")["action"] == "removed"


def test_purge_unknown_caller_rejected(emulator, run_module, monkeypatch):
    monkeypatch.setattr("ansible_collections.makakoo.platform.plugins.module_utils.base.decode_token_claims",
                        lambda token: {})
    args = member_args(emulator, purge=True, members=[{"email": "ops.lead@example.org", "role": "owner"}])
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "does not identify the caller" in result["msg"]
    assert "former.contractor@example.org" in result["msg"]
    assert emulator.writes() == []


def test_promotions_before_demotions(emulator, run_module):
    ids = dict((email, user_id(emulator, email)) for email in (
        "ops.lead@example.org", "wen.weber@example.com", "uma.ueda@example.com", "former.contractor@example.org"))
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, purge=True, members=[
        {"email": "ops.lead@example.org", "role": "member"},
        {"email": "uma.ueda@example.com", "role": "admin"},
        {"email": "wen.weber@example.com", "role": "owner"},
    ]))

    order = [entry["path"].rsplit("/", 1)[-1] for entry in emulator.writes()]
    assert not result.failed
    assert order == [ids["wen.weber@example.com"], ids["uma.ueda@example.com"], ids["ops.lead@example.org"],
                     ids["former.contractor@example.org"]]
    assert [entry["method"] for entry in emulator.writes()] == ["PATCH", "PATCH", "PATCH", "DELETE"]
    assert members_of(emulator)["wen.weber@example.com"] == "OWNER"


def test_partial_failure_then_rerun_converges(emulator, run_module):
    wen_path = member_path(emulator, "wen.weber@example.com")
    emulator.fault(method="PATCH", path=wen_path, status=500, times=1)
    args = member_args(emulator, purge=True, members=[
        {"email": "ops.lead@example.org", "role": "owner"},
        {"email": "wen.weber@example.com", "role": "admin"},
        {"email": "uma.ueda@example.com", "role": "member"},
    ])

    first = run_module("makakoo_member", args)
    after_first = members_of(emulator)
    second = run_module("makakoo_member", args)
    emulator.clear_requests()
    third = run_module("makakoo_member", args)

    assert first.failed
    assert first["changed"] is True
    assert "Failed to converge 1 of" in first["msg"]
    assert "wen.weber@example.com" in first["msg"]
    assert result_for(first, "wen.weber@example.com")["action"] == "failed"
    assert result_for(first, "uma.ueda@example.com")["action"] == "updated"
    assert result_for(first, "former.contractor@example.org")["action"] == "removed"
    assert first["diff"]["after"]["wen.weber@example.com"] == "MEMBER"
    assert after_first["wen.weber@example.com"] == "MEMBER"
    assert after_first["uma.ueda@example.com"] == "MEMBER"
    assert not second.failed
    assert result_for(second, "wen.weber@example.com")["action"] == "updated"
    assert [entry["action"] for entry in second["results"]].count("unchanged") == 3
    assert third["changed"] is False
    assert emulator.writes() == []


@pytest.mark.parametrize("fault", [{"status": 502}, {"drop": True}], ids=["http_502", "dropped"])
def test_add_lost_response_recovered(emulator, run_module, fault):
    emulator.fault(method="POST", path="/organizations/%s/add_user" % emulator.organization(NORTHWIND)["id"],
                   after=True, times=1, **fault)
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, email="ana.almeida@example.com", role="admin"))

    assert not result.failed, result["msg"]
    assert result["changed"] is True
    assert result_for(result, "ana.almeida@example.com")["action"] == "added"
    assert result["diff"]["after"] == {"ana.almeida@example.com": "ADMIN"}
    assert [entry["operation"] for entry in emulator.writes()] == ["add_user"]
    assert members_of(emulator)["ana.almeida@example.com"] == "ADMIN"


def test_failed_promotion_blocks_demotion(emulator, run_module, monkeypatch):
    # With the caller unknown, nothing protects its own OWNER seat in the plan,
    # so only the count of OWNERs known to exist stops the demotion.
    monkeypatch.setattr("ansible_collections.makakoo.platform.plugins.module_utils.base.decode_token_claims",
                        lambda token: {})
    emulator.reset(seed_with_organization("Solo Org", [(CALLER, "OWNER"), ("wen.weber@example.com", "MEMBER")]))
    emulator.fault(method="PATCH", path=member_path(emulator, "wen.weber@example.com", "Solo Org"), status=500, times=1)
    args = member_args(emulator, organization="Solo Org", members=[
        {"email": "wen.weber@example.com", "role": "owner"},
        {"email": CALLER, "role": "admin"},
    ])
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    caller = result_for(result, CALLER)
    assert result.failed
    assert result_for(result, "wen.weber@example.com")["action"] == "failed"
    assert caller["action"] == "failed"
    assert "last OWNER" in caller["msg"]
    assert [entry["operation"] for entry in emulator.writes()] == ["update_member_role"]
    assert members_of(emulator, "Solo Org")[CALLER] == "OWNER"


def test_service_rule_error_explained(emulator, run_module):
    wen_path = member_path(emulator, "wen.weber@example.com")
    body = {"errors": [{"status": "422", "code": "INVALID_ROLE_TRANSITION", "detail": "Last owner."}]}
    emulator.fault(method="PATCH", path=wen_path, status=422, body=body, times=1)

    result = run_module("makakoo_member", member_args(emulator, email="wen.weber@example.com", role="viewer"))

    entry = result_for(result, "wen.weber@example.com")
    assert result.failed
    assert entry["action"] == "failed"
    assert "last OWNER" in entry["msg"]
    assert "Make another member OWNER first" in entry["msg"]
    assert "INVALID_ROLE_TRANSITION" in entry["msg"]


# Role rules ---------------------------------------------------------------------------


def solo_owner_seed():
    """Southwind Retail with ops.lead as its only OWNER and the caller as ADMIN."""
    seed = sample_seed()
    return seed_with_member("Southwind Retail", CALLER, "ADMIN", seed)


def test_last_owner_demotion_rejected(emulator, run_module):
    emulator.reset(solo_owner_seed())
    args = member_args(emulator, organization="Southwind Retail", email="ops.lead@example.org", role="admin")
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "ops.lead@example.org" in result["msg"]
    assert "Southwind Retail" in result["msg"]
    assert "last OWNER" in result["msg"]
    assert result["violations"] == [result["msg"]]
    assert emulator.writes() == []


def test_organization_id_selects_organization(emulator, run_module):
    organization_id = str(emulator.organization(NORTHWIND)["id"])
    args = dict(emulator.auth_args(), organization_id=organization_id, email="wen.weber@example.com", role="viewer")

    result = run_module("makakoo_member", args)

    assert result["organization"] == {"id": organization_id, "name": NORTHWIND}
    assert members_of(emulator)["wen.weber@example.com"] == "VIEWER"


def test_last_owner_removal_rejected(emulator, run_module):
    emulator.reset(solo_owner_seed())
    args = member_args(emulator, organization="Southwind Retail", purge=True, members=[])
    emulator.clear_requests()

    result = run_module("makakoo_member", args, check=True)
    real = run_module("makakoo_member", args)

    assert result.failed
    assert "Cannot remove ops.lead@example.org from organization 'Southwind Retail'" in result["msg"]
    assert real["msg"] == result["msg"]
    assert emulator.writes() == []


def test_caller_own_role_rejected(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_member", member_args(emulator, email=CALLER, role="admin"))

    assert result.failed
    assert "nobody can change their own role" in result["msg"]
    assert emulator.writes() == []


def test_admin_granting_owner_rejected(emulator, run_module):
    args = member_args(emulator, caller="former.contractor@example.org", members=[
        {"email": "uma.ueda@example.com", "role": "member"},
        {"email": "wen.weber@example.com", "role": "owner"},
    ])
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "Cannot make wen.weber@example.com an OWNER of organization 'Northwind Labs'" in result["msg"]
    assert "has role ADMIN" in result["msg"]
    assert emulator.writes() == []
    assert members_of(emulator)["uma.ueda@example.com"] == "VIEWER"


def test_viewer_caller_rejected(emulator, run_module):
    args = member_args(emulator, caller="uma.ueda@example.com", email="wen.weber@example.com", role="admin")
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result.failed
    assert "uma.ueda@example.com has role VIEWER" in result["msg"]
    assert emulator.writes() == []


# Check mode, diff and reruns ----------------------------------------------------------

ROSTER = [
    {"email": "Ops.Lead@example.org", "role": "owner", "name": "Ops Lead"},
    {"email": "uma.ueda@example.com", "role": "member"},
    {"email": "wen.weber@example.com", "role": "ADMIN"},
    {"email": "zofia.zhang@example.com", "role": "viewer"},
    {"email": "aiko.aberg@example.com", "role": "Admin"},
]


def test_check_mode_matches_real_run(emulator, run_module):
    args = member_args(emulator, members=ROSTER, purge=True)
    emulator.clear_requests()

    predicted = run_module("makakoo_member", args, check=True)
    writes_in_check_mode = emulator.writes()
    applied = run_module("makakoo_member", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["results"] == applied["results"]
    assert predicted["diff"] == applied["diff"]
    assert predicted["msg"] == applied["msg"]


def test_roster_diff(emulator, run_module):
    result = run_module("makakoo_member", member_args(emulator, members=ROSTER, purge=True), check=True)

    assert result["diff"]["before"] == {
        CALLER: "OWNER",
        "ops.lead@example.org": "OWNER",
        "uma.ueda@example.com": "VIEWER",
        "wen.weber@example.com": "MEMBER",
        "former.contractor@example.org": "ADMIN",
    }
    assert result["diff"]["after"] == {
        CALLER: "OWNER",
        "ops.lead@example.org": "OWNER",
        "uma.ueda@example.com": "MEMBER",
        "wen.weber@example.com": "ADMIN",
        "zofia.zhang@example.com": "VIEWER",
        "aiko.aberg@example.com": "ADMIN",
    }


def test_rerun_unchanged(emulator, run_module):
    args = member_args(emulator, members=ROSTER, purge=True, invite_missing=True)
    run_module("makakoo_member", args)
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    assert result["changed"] is False
    assert set(entry["action"] for entry in result["results"]) == {"unchanged"}
    assert emulator.writes() == []


def test_large_roster_reads_once(emulator, run_module):
    people = [("person%03d@example.com" % number, "MEMBER") for number in range(300)]
    emulator.reset(seed_with_organization("Large Org", [(CALLER, "OWNER")] + people))
    emulator.config(page_size=100)
    args = member_args(emulator, organization="Large Org", purge=True, invite_missing=True,
                       members=[{"email": email, "role": role} for email, role in people])
    emulator.clear_requests()

    result = run_module("makakoo_member", args)

    operations = [entry["operation"] for entry in emulator.api_requests()]
    assert result["changed"] is False
    assert operations.count("list_members") == 4
    assert operations.count("list_invitations") == 1
    assert len(operations) == 6


def test_check_diff_playbook_output(emulator, run_playbook):
    playbook = """
    - name: Converge Northwind Labs in check mode
      hosts: localhost
      gather_facts: false
      tasks:
        - name: Converge the roster
          makakoo.platform.makakoo_member:
            organization: Northwind Labs
            purge: true
            members:
              - {email: ops.lead@example.org, role: owner}
              - {email: wen.weber@example.com, role: admin}
              - {email: uma.ueda@example.com, role: viewer}
    """
    emulator.clear_requests()

    run = run_playbook(playbook, env=emulator.auth_env(), check=True, diff=True)

    assert run.rc == 0, run.output
    assert run.changed == 1
    assert '-    "former.contractor@example.org": "ADMIN",' in run.output
    assert '-    "wen.weber@example.com": "MEMBER"' in run.output
    assert '+    "wen.weber@example.com": "ADMIN"' in run.output
    assert '     "uma.ueda@example.com": "VIEWER",' in run.output
    assert emulator.writes() == []


def test_check_mode_predicts_new_organization(emulator, run_module):
    args = dict(emulator.auth_args(), organization="Future Org", purge=True, members=[
        {"email": "ana.almeida@example.com", "role": "owner"},
        {"email": "Wen.Weber@example.com", "role": "member"},
    ])
    emulator.clear_requests()

    predicted = run_module("makakoo_member", args, check=True)
    real = run_module("makakoo_member", args)

    assert not predicted.failed, predicted.get("msg")
    assert predicted["changed"] is True
    assert [entry["action"] for entry in predicted["results"]] == ["added", "added", "unchanged"]
    assert predicted["organization"] == {"id": None, "name": "Future Org"}
    assert predicted["diff"]["after"]["automation@example.org"] == "OWNER"
    assert emulator.writes() == []
    assert real.failed
    assert "Future Org" in real["msg"]
