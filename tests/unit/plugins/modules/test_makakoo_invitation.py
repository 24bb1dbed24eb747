# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_invitation and makakoo_invitation_info against the emulator.

The sample platform state has Northwind Labs, where the caller
(automation@example.org) is an OWNER, former.contractor@example.org an ADMIN
and uma.ueda@example.com a VIEWER. Its one pending invitation is for
viktor.varga@example.com (viewer), who has a platform account but is not a
member. dmitri.dubois@example.com has no platform account.
"""

import time

import pytest

from scenarios import sample_seed, seed_with_member

ORGANIZATION = "Northwind Labs"
NEWCOMER = "dmitri.dubois@example.com"
INVITED = "viktor.varga@example.com"
ADMIN = "former.contractor@example.org"
VIEWER = "uma.ueda@example.com"
HAS_ACCOUNT = "ana.almeida@example.com"


@pytest.fixture
def module_warnings(monkeypatch):
    """Return the warnings in the module result, as they are where Ansible runs a module in a process of its own.

    The test process imports Ansible's controller code, which makes modules
    print warnings instead of returning them.
    """
    from ansible.module_utils import _internal
    from ansible.module_utils.common import warnings

    monkeypatch.setattr(_internal, "is_controller", False)
    warnings._global_warnings.clear()
    yield
    warnings._global_warnings.clear()


def warning_texts(result):
    """Return the text of each warning. In ansible-core 2.19 each warning is a dict with the text in event.msg."""
    texts = []
    for warning in result.get("warnings", []):
        texts.append(warning["event"]["msg"] if isinstance(warning, dict) else warning)
    return texts


def invite_args(emulator, email=NEWCOMER, caller=None, **options):
    auth = emulator.auth_args(caller) if caller else emulator.auth_args()
    return dict(auth, organization=ORGANIZATION, email=email, **options)


def answer_args(emulator, caller=INVITED, **options):
    return dict(emulator.auth_args(caller), **options)


def invitations_of(emulator, email, organization=ORGANIZATION, status="pending"):
    """Return the emulator's stored invitations of ``email`` with ``status``, compared case-insensitively."""
    return [invitation for invitation in emulator.organization(organization)["invitations"]
            if invitation["email"].lower() == email.lower() and invitation["status"] == status]


def member_role(emulator, email, organization=ORGANIZATION):
    for member in emulator.organization(organization)["members"]:
        if member["email"].lower() == email.lower():
            return member["role"]
    return None


def posts_to(emulator, suffix):
    return [entry for entry in emulator.api_requests() if entry["method"] == "POST" and entry["path"].endswith(suffix)]


def invitations_path(emulator, organization=ORGANIZATION):
    return "/organizations/%s/membership_invitations" % emulator.organization(organization)["id"]


def seed_with_invitations(invitations, organization=ORGANIZATION, seed=None):
    """Return the seed with ``invitations`` (dicts in the seed format) appended to ``organization``."""
    seed = sample_seed() if seed is None else seed
    for entry in seed["organizations"]:
        if entry["name"] == organization:
            entry["invitations"].extend(invitations)
            return seed
    raise KeyError(organization)


def seed_with_filler_invitations(count, then, organization=ORGANIZATION):
    """Return the seed with ``count`` pending invitations listed before the invitation ``then``."""
    filler = [{"email": "filler.%02d@example.net" % number, "role": "member"} for number in range(count)]
    seed = sample_seed()
    for entry in seed["organizations"]:
        if entry["name"] == organization:
            entry["invitations"] = filler + [then]
    return seed


def seed_with_organization(name, owner, invitations, seed=None):
    seed = sample_seed() if seed is None else seed
    seed["organizations"].append({"name": name, "members": [{"email": owner, "role": "OWNER"}],
                                  "invitations": invitations, "projects": []})
    return seed


# -- state=present -----------------------------------------------------------------------------


def test_invite_sends_one(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, role="viewer"))

    assert result["changed"] is True
    assert result["action"] == "invited"
    assert result["invitation"]["email"] == NEWCOMER
    assert result["invitation"]["role"] == "viewer"
    assert result["invitation"]["status"] == "pending"
    assert isinstance(result["invitation"]["id"], str)
    assert result["diff"] == {"before": {}, "after": {
        "organization": ORGANIZATION, "email": NEWCOMER, "role": "viewer", "status": "pending"}}
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_invite_default_role_member(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator))

    assert result["invitation"]["role"] == "member"
    assert invitations_of(emulator, NEWCOMER)[0]["role"] == "member"


def test_invite_rerun_unchanged(emulator, run_module):
    args = invite_args(emulator, role="viewer")
    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()

    second = run_module("makakoo_invitation", args)

    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert second["invitation"]["id"] == first["invitation"]["id"]
    assert second["diff"]["before"] == second["diff"]["after"]
    assert emulator.writes() == []
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_mixed_case_email_rerun_unchanged(emulator, run_module):
    run_module("makakoo_invitation", invite_args(emulator, email="Dmitri.Dubois@Example.COM", role="Viewer"))
    emulator.clear_requests()

    second = run_module("makakoo_invitation", invite_args(emulator, email="dmitri.dubois@example.com", role="VIEWER"))

    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert emulator.writes() == []
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_pending_same_role_unchanged(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email="Viktor.Varga@EXAMPLE.com", role="VIEWER"))

    assert result["changed"] is False
    assert result["action"] == "unchanged"
    assert result["invitation"]["email"] == INVITED
    assert "already has a pending invitation" in result["msg"]
    assert emulator.writes() == []


def test_pending_other_role_updated(emulator, run_module):
    args = invite_args(emulator, email=INVITED, role="Admin")
    seeded_id = invitations_of(emulator, INVITED)[0]["id"]

    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "updated_role"
    assert first["invitation"]["id"] == seeded_id
    assert first["invitation"]["role"] == "admin"
    assert first["diff"]["before"]["role"] == "viewer"
    assert first["diff"]["after"]["role"] == "admin"
    assert invitations_of(emulator, INVITED)[0]["role"] == "admin"
    assert len(invitations_of(emulator, INVITED)) == 1
    assert second["changed"] is False
    assert emulator.writes() == []


def test_member_unchanged_with_message(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email="Uma.Ueda@example.com", role="viewer"))

    assert result["changed"] is False
    assert result["action"] == "unchanged"
    assert result["member"]["email"] == VIEWER
    assert result["member"]["role"] == "VIEWER"
    assert "already a member" in result["msg"]
    assert "invitation" not in result
    assert result["diff"]["after"]["status"] == "member"
    assert emulator.writes() == []


def test_member_other_role_points_to_member_module(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, email=VIEWER, role="admin"))

    assert result["changed"] is False
    assert "makakoo_member" in result["msg"]
    assert member_role(emulator, VIEWER) == "VIEWER"


def test_redirect_adds_member(emulator, run_module):
    args = invite_args(emulator, email=HAS_ACCOUNT, role="Admin")

    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "added_member"
    assert first["member"]["email"] == HAS_ACCOUNT
    assert first["member"]["role"] == "ADMIN"
    assert first["diff"]["after"] == {"organization": ORGANIZATION, "email": HAS_ACCOUNT, "role": "ADMIN",
                                      "status": "member"}
    assert "already has a platform account" in first["msg"]
    assert member_role(emulator, HAS_ACCOUNT) == "ADMIN"
    assert invitations_of(emulator, HAS_ACCOUNT) == []
    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert emulator.writes() == []


def test_redirect_check_mode_predicts_invited(emulator, run_module):
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", invite_args(emulator, email=HAS_ACCOUNT), check=True)

    assert predicted["changed"] is True
    assert predicted["action"] == "invited"
    assert emulator.writes() == []
    assert member_role(emulator, HAS_ACCOUNT) is None


def test_check_mode_invite_matches_real_run(emulator, run_module):
    args = invite_args(emulator, role="viewer")
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", args, check=True)
    writes_in_check_mode = emulator.writes()
    real = run_module("makakoo_invitation", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["action"] == real["action"]
    assert predicted["diff"] == real["diff"]
    assert predicted["msg"] == real["msg"]
    assert predicted["invitation"]["id"] is None


def test_check_mode_role_update_matches_real_run(emulator, run_module):
    args = invite_args(emulator, email=INVITED, role="member")
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", args, check=True)
    writes_in_check_mode = emulator.writes()
    real = run_module("makakoo_invitation", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["action"] == real["action"] == "updated_role"
    assert predicted["diff"] == real["diff"]
    assert predicted["invitation"]["id"] == real["invitation"]["id"]


def test_invalid_role_fails_before_requests(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, role="superuser"))

    assert result.failed
    assert "Invalid role 'superuser'" in result["msg"]
    assert "owner, admin, member, viewer" in result["msg"]
    assert emulator.api_requests() == []


def test_invalid_email_fails_before_requests(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email="dmitri at example.com"))

    assert result.failed
    assert "Invalid email 'dmitri at example.com'" in result["msg"]
    assert emulator.api_requests() == []


def test_invitation_id_rejected_for_present(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, invitation_id="abc"))

    assert result.failed
    assert "invitation_id" in result["msg"]
    assert emulator.api_requests() == []


@pytest.mark.parametrize("check", [False, True])
def test_admin_cannot_invite_owner(emulator, run_module, check):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, caller=ADMIN, role="OWNER"), check=check)

    assert result.failed
    assert NEWCOMER in result["msg"]
    assert "organization 'Northwind Labs'" in result["msg"]
    assert "only an OWNER can grant the OWNER role" in result["msg"]
    assert "Choose role admin or lower" in result["msg"]
    assert emulator.writes() == []
    assert invitations_of(emulator, NEWCOMER) == []


def test_admin_cannot_raise_invitation_to_owner(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email=INVITED, caller=ADMIN, role="owner"))

    assert result.failed
    assert INVITED in result["msg"]
    assert "only an OWNER can grant the OWNER role" in result["msg"]
    assert emulator.writes() == []


def test_admin_invites_admin(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, caller=ADMIN, role="admin"))

    assert result["changed"] is True
    assert invitations_of(emulator, NEWCOMER)[0]["role"] == "admin"


def test_viewer_cannot_invite(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, caller=VIEWER))

    assert result.failed
    assert "the caller's role there is VIEWER" in result["msg"]
    assert "Run the task as an OWNER or ADMIN" in result["msg"]
    assert emulator.writes() == []


def test_viewer_sees_pending_unchanged(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, email=INVITED, caller=VIEWER, role="viewer"))

    assert result["changed"] is False
    assert result["action"] == "unchanged"


def test_permission_refusal_gives_clear_message(emulator, run_module):
    body = {"errors": [{"status": "403", "code": "INSUFFICIENT_PERMISSIONS",
                        "detail": "Your role does not allow inviting members."}]}
    emulator.fault(method="POST", path=invitations_path(emulator), status=403, body=body, times=1)

    result = run_module("makakoo_invitation", invite_args(emulator))

    assert result.failed
    assert result["msg"].startswith("Cannot invite %s to organization 'Northwind Labs' as member" % NEWCOMER)
    assert "HTTP 403 INSUFFICIENT_PERMISSIONS" in result["msg"]
    assert "Your role does not allow inviting members" in result["msg"]
    assert "Run the task as an OWNER" in result["msg"]


# -- a send that fails: never a second invitation -------------------------------------------------


@pytest.mark.parametrize("fault", [
    {"status": 502, "after": True},
    {"status": 500, "after": True},
    {"drop": True, "after": True},
])
def test_fault_after_send_no_duplicate(emulator, run_module, module_warnings, fault):
    emulator.fault(method="POST", path=invitations_path(emulator), times=1, **fault)
    emulator.clear_requests()

    first = run_module("makakoo_invitation", invite_args(emulator, role="viewer"))
    sends = posts_to(emulator, "/membership_invitations")
    second = run_module("makakoo_invitation", invite_args(emulator, role="viewer"))

    assert first["changed"] is True
    assert first["action"] == "invited"
    assert isinstance(first["invitation"]["id"], str)
    assert len(sends) == 1
    assert any("not sent a second time" in warning for warning in warning_texts(first))
    assert second["changed"] is False
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_fault_before_send_fails_then_rerun_sends(emulator, run_module):
    emulator.fault(method="POST", path=invitations_path(emulator), status=503, times=1)
    emulator.clear_requests()

    failed = run_module("makakoo_invitation", invite_args(emulator))
    sends_after_failure = len(posts_to(emulator, "/membership_invitations"))
    pending_after_failure = invitations_of(emulator, NEWCOMER)
    rerun = run_module("makakoo_invitation", invite_args(emulator))

    assert failed.failed
    assert "HTTP 503" in failed["msg"]
    assert "none is pending for %s" % NEWCOMER in failed["msg"]
    assert "Run the task again" in failed["msg"]
    assert sends_after_failure == 1
    assert pending_after_failure == []
    assert rerun["changed"] is True
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_timeout_on_send_no_duplicate(emulator, run_module):
    # The emulator waits 2 seconds before it applies the send, and the task
    # gives up after 1: the invitation appears only after the task failed.
    emulator.fault(method="POST", path=invitations_path(emulator), latency=2, times=1)

    failed = run_module("makakoo_invitation", invite_args(emulator, timeout=1))
    deadline = time.time() + 10
    while not invitations_of(emulator, NEWCOMER) and time.time() < deadline:
        time.sleep(0.2)
    rerun = run_module("makakoo_invitation", invite_args(emulator))

    assert failed.failed
    assert "No response within 1 seconds" in failed["msg"]
    assert "none is pending for %s" % NEWCOMER in failed["msg"]
    assert "Run the task again" in failed["msg"]
    assert rerun["changed"] is False
    assert rerun["action"] == "unchanged"
    assert len(invitations_of(emulator, NEWCOMER)) == 1


def test_fault_after_add_user_no_duplicate(emulator, run_module):
    organization_id = emulator.organization(ORGANIZATION)["id"]
    emulator.fault(method="POST", path="/organizations/%s/add_user" % organization_id, status=502, after=True,
                   times=1)
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email=HAS_ACCOUNT))

    assert result["changed"] is True
    assert result["action"] == "added_member"
    assert result["member"]["email"] == HAS_ACCOUNT
    assert len(posts_to(emulator, "/add_user")) == 1
    assert member_role(emulator, HAS_ACCOUNT) == "MEMBER"


# -- pagination and duplicates -----------------------------------------------------------------------


def test_invitation_on_later_page(emulator, run_module):
    emulator.reset(seed_with_filler_invitations(12, {"email": "late.page@example.net", "role": "viewer"}))
    emulator.config(page_size=5)
    emulator.clear_requests()

    same = run_module("makakoo_invitation", invite_args(emulator, email="Late.Page@example.net", role="viewer"))
    list_calls = [entry for entry in emulator.api_requests() if entry["path"].endswith("/membership_invitations")]
    changed = run_module("makakoo_invitation", invite_args(emulator, email="late.page@example.net", role="member"))

    assert same["changed"] is False
    assert same["action"] == "unchanged"
    assert len(list_calls) == 3
    assert changed["action"] == "updated_role"
    assert len(invitations_of(emulator, "late.page@example.net")) == 1
    assert invitations_of(emulator, "late.page@example.net")[0]["role"] == "member"


def test_duplicate_pending_warned_and_all_cancelled(emulator, run_module, module_warnings):
    emulator.reset(seed_with_invitations([{"email": "Twice@Example.net", "role": "viewer"},
                                          {"email": "twice@example.net", "role": "viewer"}]))

    present = run_module("makakoo_invitation", invite_args(emulator, email="twice@example.net", role="viewer"))
    absent = run_module("makakoo_invitation", invite_args(emulator, email="twice@example.net", state="absent"))

    assert present["changed"] is False
    assert any("2 pending invitations" in warning for warning in warning_texts(present))
    assert absent["changed"] is True
    assert "the 2 pending invitations" in absent["msg"]
    assert invitations_of(emulator, "twice@example.net") == []


# -- state=absent ------------------------------------------------------------------------------------


def test_absent_cancels_then_unchanged(emulator, run_module):
    args = invite_args(emulator, email="VIKTOR.varga@example.com", state="absent")

    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "cancelled"
    assert first["invitation"]["status"] == "cancelled"
    assert first["diff"]["before"]["status"] == "pending"
    assert first["diff"]["after"]["status"] == "cancelled"
    assert invitations_of(emulator, INVITED) == []
    assert len(invitations_of(emulator, INVITED, status="cancelled")) == 1
    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert second["diff"] == {"before": {}, "after": {}}
    assert emulator.writes() == []


def test_absent_check_mode_matches_real_run(emulator, run_module):
    args = invite_args(emulator, email=INVITED, state="absent")
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", args, check=True)
    writes_in_check_mode = emulator.writes()
    real = run_module("makakoo_invitation", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["action"] == real["action"] == "cancelled"
    assert predicted["diff"] == real["diff"]


def test_absent_leaves_members_alone(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, email=VIEWER, state="absent"))

    assert result["changed"] is False
    assert member_role(emulator, VIEWER) == "VIEWER"


def test_viewer_cannot_cancel(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, email=INVITED, caller=VIEWER, state="absent"))

    assert result.failed
    assert "Cannot cancel the invitation of %s" % INVITED in result["msg"]
    assert emulator.writes() == []


# -- state=resent ------------------------------------------------------------------------------------


def test_resend_changed_every_run(emulator, run_module):
    args = invite_args(emulator, email=INVITED, state="resent")
    seeded = invitations_of(emulator, INVITED)[0]

    first = run_module("makakoo_invitation", args)
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "resent"
    assert second["changed"] is True
    assert first["invitation"]["id"] == seeded["id"]
    assert first["invitation"]["last_sent_at"] > first["diff"]["before"]["last_sent_at"]
    assert second["invitation"]["last_sent_at"] > first["invitation"]["last_sent_at"]
    assert len(posts_to(emulator, "/resend")) == 2
    assert len(invitations_of(emulator, INVITED)) == 1


def test_resend_check_mode_no_writes(emulator, run_module):
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", invite_args(emulator, email=INVITED, state="resent"), check=True)

    assert predicted["changed"] is True
    assert predicted["action"] == "resent"
    assert predicted["diff"]["after"]["last_sent_at"] >= predicted["diff"]["before"]["last_sent_at"]
    assert emulator.writes() == []


def test_resend_without_pending_fails(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", invite_args(emulator, state="resent"))

    assert result.failed
    assert "no pending invitation" in result["msg"]
    assert "Use state=present" in result["msg"]
    assert emulator.writes() == []


def test_resend_with_role_updates_role(emulator, run_module):
    result = run_module("makakoo_invitation", invite_args(emulator, email=INVITED, state="resent", role="ADMIN"))

    assert result["action"] == "resent"
    assert result["diff"]["before"]["role"] == "viewer"
    assert result["diff"]["after"]["role"] == "admin"
    assert invitations_of(emulator, INVITED)[0]["role"] == "admin"


# -- state=accepted ----------------------------------------------------------------------------------


def test_accept_by_organization_then_unchanged(emulator, run_module):
    args = answer_args(emulator, organization=ORGANIZATION, state="accepted")

    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "accepted"
    assert first["member"]["email"] == INVITED
    assert first["member"]["role"] == "VIEWER"
    assert first["invitation"]["status"] == "accepted"
    assert first["diff"]["before"]["status"] == "pending"
    assert first["diff"]["after"]["status"] == "accepted"
    assert member_role(emulator, INVITED) == "VIEWER"
    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert second["member"]["email"] == INVITED
    assert emulator.writes() == []


def test_accept_by_invitation_id(emulator, run_module):
    invitation_id = invitations_of(emulator, INVITED)[0]["id"]

    result = run_module("makakoo_invitation", answer_args(emulator, invitation_id=invitation_id, state="accepted"))

    assert result["action"] == "accepted"
    assert result["invitation"]["id"] == invitation_id
    assert member_role(emulator, INVITED) == "VIEWER"


def test_accept_by_id_and_organization_id_rerun(emulator, run_module):
    invitation_id = invitations_of(emulator, INVITED)[0]["id"]
    organization_id = str(emulator.organization(ORGANIZATION)["id"])
    args = answer_args(emulator, invitation_id=invitation_id, organization_id=organization_id, state="accepted")

    first = run_module("makakoo_invitation", args)
    second = run_module("makakoo_invitation", args)

    assert first["action"] == "accepted"
    assert second["changed"] is False
    assert second["action"] == "unchanged"


def test_accept_check_mode_matches_real_run(emulator, run_module):
    args = answer_args(emulator, organization=ORGANIZATION, state="accepted")
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", args, check=True)
    writes_in_check_mode = emulator.writes()
    real = run_module("makakoo_invitation", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["action"] == real["action"] == "accepted"
    assert predicted["diff"] == real["diff"]
    assert predicted["member"]["role"] == real["member"]["role"]
    assert predicted["member"]["id"] == real["member"]["id"]


def test_accept_when_member_unchanged(emulator, run_module):
    emulator.reset(seed_with_member(ORGANIZATION, INVITED, "MEMBER"))
    emulator.clear_requests()

    result = run_module("makakoo_invitation", answer_args(emulator, organization=ORGANIZATION, state="accepted"))

    assert result["changed"] is False
    assert result["action"] == "unchanged"
    assert result["member"]["role"] == "MEMBER"
    assert "already a member" in result["msg"]
    assert emulator.writes() == []
    assert len(invitations_of(emulator, INVITED)) == 1


def test_accept_unknown_id_fails(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", answer_args(emulator, invitation_id="no-such-invitation",
                                                          state="accepted"))

    assert result.failed
    assert "Cannot accept invitation 'no-such-invitation'" in result["msg"]
    assert "unknown, expired" in result["msg"]
    assert emulator.writes() == []


def test_accept_expired_fails(emulator, run_module):
    invitation_id = invitations_of(emulator, INVITED)[0]["id"]
    emulator.control("POST", "/invitations/%s/expire" % invitation_id)
    emulator.clear_requests()

    by_organization = run_module("makakoo_invitation", answer_args(emulator, organization=ORGANIZATION,
                                                                   state="accepted"))
    by_id = run_module("makakoo_invitation", answer_args(emulator, invitation_id=invitation_id, state="accepted"))

    assert by_organization.failed
    assert "no pending invitation from it" in by_organization["msg"]
    assert "expired" in by_organization["msg"]
    assert by_id.failed
    assert "expired" in by_id["msg"]
    assert emulator.writes() == []
    assert member_role(emulator, INVITED) is None


def test_accept_unknown_organization_fails(emulator, run_module):
    result = run_module("makakoo_invitation", answer_args(emulator, organization="Nowhere Inc", state="accepted"))

    assert result.failed
    assert "Cannot accept an invitation from organization 'Nowhere Inc'" in result["msg"]


def test_accept_other_users_email_fails(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation", answer_args(emulator, email=NEWCOMER, organization=ORGANIZATION,
                                                          state="accepted"))

    assert result.failed
    assert "the access token belongs to %s" % INVITED in result["msg"]
    assert emulator.api_requests() == []


def test_accept_email_without_claim_fails(emulator, run_module):
    emulator.clear_requests()
    args = dict(answer_args(emulator, email=INVITED, organization=ORGANIZATION, state="accepted"),
                access_token="opaque-token-without-claims")

    result = run_module("makakoo_invitation", args)

    assert result.failed
    assert "carries no email claim" in result["msg"]
    assert emulator.api_requests() == []


def test_accept_own_email_any_case(emulator, run_module):
    result = run_module("makakoo_invitation", answer_args(emulator, email="Viktor.Varga@Example.com",
                                                          organization=ORGANIZATION, state="accepted"))

    assert result["action"] == "accepted"


def test_accept_own_email_casefolded(emulator, run_module):
    # casefold() turns "ß" into "ss" and lower() keeps it, so both sides of the comparison must fold alike.
    seed = sample_seed()
    seed["users"].append({"email": "jonas.strauß@example.de"})
    seed["organizations"][0]["invitations"].append({"email": "jonas.strauß@example.de", "role": "member"})
    emulator.reset(seed)

    result = run_module("makakoo_invitation", answer_args(emulator, caller="jonas.strauß@example.de",
                                                          email="jonas.strauß@example.de",
                                                          organization=ORGANIZATION, state="accepted"))

    assert not result.failed, result["msg"]
    assert result["action"] == "accepted"
    assert invitations_of(emulator, "jonas.strauß@example.de", status="accepted") != []


def test_accept_id_from_other_organization_fails(emulator, run_module):
    invitation_id = invitations_of(emulator, INVITED)[0]["id"]

    result = run_module("makakoo_invitation", answer_args(emulator, invitation_id=invitation_id,
                                                          organization="Southwind Retail", state="accepted"))

    assert result.failed
    assert "is from organization 'Northwind Labs'" in result["msg"]


def test_accept_role_option_rejected(emulator, run_module):
    result = run_module("makakoo_invitation", answer_args(emulator, organization=ORGANIZATION, role="owner",
                                                          state="accepted"))

    assert result.failed
    assert "Invalid option role with state=accepted" in result["msg"]


def test_accept_ambiguous_organization_name_fails(emulator, run_module):
    seed = seed_with_organization(ORGANIZATION, "ops.lead@example.org", [{"email": INVITED, "role": "admin"}])
    emulator.reset(seed)
    emulator.clear_requests()

    result = run_module("makakoo_invitation", answer_args(emulator, organization=ORGANIZATION, state="accepted"))

    assert result.failed
    assert "ambiguous" in result["msg"]
    assert emulator.writes() == []


# -- state=rejected ----------------------------------------------------------------------------------


def test_reject_by_organization_then_unchanged(emulator, run_module):
    args = answer_args(emulator, organization=ORGANIZATION, state="rejected")

    first = run_module("makakoo_invitation", args)
    emulator.clear_requests()
    second = run_module("makakoo_invitation", args)

    assert first["changed"] is True
    assert first["action"] == "rejected"
    assert first["invitation"]["status"] == "rejected"
    assert first["diff"]["after"]["status"] == "rejected"
    assert len(invitations_of(emulator, INVITED, status="rejected")) == 1
    assert member_role(emulator, INVITED) is None
    assert second["changed"] is False
    assert second["action"] == "unchanged"
    assert emulator.writes() == []


def test_reject_check_mode_matches_real_run(emulator, run_module):
    args = answer_args(emulator, organization=ORGANIZATION, state="rejected")
    emulator.clear_requests()

    predicted = run_module("makakoo_invitation", args, check=True)
    writes_in_check_mode = emulator.writes()
    real = run_module("makakoo_invitation", args)

    assert writes_in_check_mode == []
    assert predicted["changed"] is True
    assert predicted["action"] == real["action"] == "rejected"
    assert predicted["diff"] == real["diff"]


def test_reject_expired_by_id_fails(emulator, run_module):
    invitation_id = invitations_of(emulator, INVITED)[0]["id"]
    emulator.control("POST", "/invitations/%s/expire" % invitation_id)
    emulator.clear_requests()

    result = run_module("makakoo_invitation", answer_args(emulator, invitation_id=invitation_id, state="rejected"))

    assert result.failed
    assert "Cannot reject invitation '%s'" % invitation_id in result["msg"]
    assert "expired" in result["msg"]
    assert emulator.writes() == []


def test_reject_unknown_id_fails(emulator, run_module):
    result = run_module("makakoo_invitation", answer_args(emulator, invitation_id="no-such-invitation",
                                                          state="rejected"))

    assert result.failed
    assert "not among the pending invitations of %s" % INVITED in result["msg"]


def test_answer_needs_a_selector(emulator, run_module):
    result = run_module("makakoo_invitation", answer_args(emulator, state="rejected"))

    assert result.failed
    assert "invitation_id" in result["msg"]


# -- makakoo_invitation_info -------------------------------------------------------------------------


def test_info_lists_organization_invitations(emulator, run_module):
    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization=ORGANIZATION))

    assert result["changed"] is False
    assert [item["email"] for item in result["invitations"]] == [INVITED]
    assert result["invitations"][0]["organization_name"] == ORGANIZATION
    assert isinstance(result["invitations"][0]["organization_id"], str)


def test_info_filters_email_any_case(emulator, run_module):
    emulator.reset(seed_with_invitations([{"email": "Late.Page@example.net", "role": "viewer"}]))

    found = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization=ORGANIZATION,
                                                       email="late.page@EXAMPLE.net"))
    missing = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization=ORGANIZATION,
                                                         email=NEWCOMER))

    assert [item["email"] for item in found["invitations"]] == ["Late.Page@example.net"]
    assert missing["invitations"] == []


def test_info_filters_status(emulator, run_module):
    organization_id = str(emulator.organization(ORGANIZATION)["id"])

    pending = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization_id=organization_id,
                                                         status="pending"))
    expired = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization_id=organization_id,
                                                         status="expired"))

    assert len(pending["invitations"]) == 1
    assert expired["invitations"] == []


def test_info_reads_every_page(emulator, run_module):
    emulator.reset(seed_with_filler_invitations(12, {"email": "late.page@example.net", "role": "viewer"}))
    emulator.config(page_size=5)

    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization=ORGANIZATION))

    assert len(result["invitations"]) == 13
    assert result["invitations"][-1]["email"] == "late.page@example.net"


def test_info_pending_for_current_user(emulator, run_module):
    seed = seed_with_organization("Harbor Analytics", "ops.lead@example.org", [{"email": INVITED, "role": "admin"}])
    emulator.reset(seed)

    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(INVITED), pending_for_current_user=True))

    names = sorted(item["organization_name"] for item in result["invitations"])
    assert names == ["Harbor Analytics", ORGANIZATION]
    assert all(item["email"] == INVITED for item in result["invitations"])
    assert all(isinstance(item["organization_id"], str) for item in result["invitations"])


def test_info_pending_for_caller_without_invitations(emulator, run_module):
    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(), pending_for_current_user=True))

    assert result["invitations"] == []


def test_info_pending_with_organization_fails(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization=ORGANIZATION,
                                                        pending_for_current_user=True))

    assert result.failed
    assert "cannot be combined with organization" in result["msg"]
    assert emulator.api_requests() == []


def test_info_needs_organization(emulator, run_module):
    result = run_module("makakoo_invitation_info", emulator.auth_args())

    assert result.failed
    assert "Missing organization" in result["msg"]


def test_info_unknown_organization_fails(emulator, run_module):
    result = run_module("makakoo_invitation_info", dict(emulator.auth_args(), organization="Nowhere Inc"))

    assert result.failed
    assert "Organization 'Nowhere Inc' was not found" in result["msg"]
