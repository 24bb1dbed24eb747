# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writes of module_utils.membership that must never be sent twice, and its permission message."""

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError, MakakooClient
from ansible_collections.makakoo.platform.plugins.module_utils.membership import (
    add_user_once,
    permission_failure,
    send_invitation_once,
)

NEWCOMER = "dmitri.dubois@example.com"
HAS_ACCOUNT = "ana.almeida@example.com"


@pytest.fixture
def client(emulator):
    return MakakooClient(emulator.api_url, emulator.api_key, emulator.token(), auth_url=emulator.auth_url,
                         timeout=5, sleep=lambda seconds: None)


@pytest.fixture
def northwind(emulator):
    return str(emulator.organization("Northwind Labs")["id"])


def posts(emulator, suffix):
    return [entry for entry in emulator.api_requests() if entry["method"] == "POST" and entry["path"].endswith(suffix)]


def test_send_recovers_after_applied_fault(emulator, client, northwind):
    emulator.fault(method="POST", path="/organizations/%s/membership_invitations" % northwind, status=500,
                   after=True, times=1)
    emulator.clear_requests()
    warnings = []

    invitation = send_invitation_once(client, northwind, NEWCOMER, "viewer", warn=warnings.append)

    assert invitation["email"] == NEWCOMER
    assert invitation["role"] == "viewer"
    assert len(posts(emulator, "/membership_invitations")) == 1
    assert len(warnings) == 1
    assert "HTTP 500" in warnings[0]
    assert "not sent a second time" in warnings[0]


def test_send_recovers_without_warn(emulator, client, northwind):
    emulator.fault(method="POST", path="/organizations/%s/membership_invitations" % northwind, drop=True,
                   after=True, times=1)

    invitation = send_invitation_once(client, northwind, NEWCOMER, "member")

    assert invitation["email"] == NEWCOMER


def test_send_fault_before_apply_raises_with_hint(emulator, client, northwind):
    emulator.fault(method="POST", path="/organizations/%s/membership_invitations" % northwind, status=502, times=1)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        send_invitation_once(client, northwind, NEWCOMER, "member")

    assert caught.value.status == 502
    assert "none is pending for %s" % NEWCOMER in str(caught.value)
    assert len(posts(emulator, "/membership_invitations")) == 1


def test_send_reread_failure_keeps_send_error(emulator, client, northwind):
    path = "/organizations/%s/membership_invitations" % northwind
    emulator.fault(method="POST", path=path, status=502, times=1)
    emulator.fault(method="GET", path=path, status=503)

    with pytest.raises(MakakooApiError) as caught:
        send_invitation_once(client, northwind, NEWCOMER, "member")

    assert caught.value.operation == "send_invitation"
    assert caught.value.status == 502
    assert "Reading the invitations again to check for %s also failed (HTTP 503)" % NEWCOMER in str(caught.value)


def test_send_client_error_raised_unchanged(emulator, client, northwind):
    with pytest.raises(MakakooApiError) as caught:
        send_invitation_once(client, northwind, HAS_ACCOUNT, "member")

    assert caught.value.status == 422
    assert caught.value.code == "redirect_to_add_member"


def test_add_user_recovers_after_applied_fault(emulator, client, northwind):
    emulator.fault(method="POST", path="/organizations/%s/add_user" % northwind, status=504, after=True, times=1)
    emulator.clear_requests()
    warnings = []

    member = add_user_once(client, northwind, HAS_ACCOUNT.upper(), "admin", warn=warnings.append)

    assert member["email"] == HAS_ACCOUNT
    assert member["role"] == "ADMIN"
    assert len(posts(emulator, "/add_user")) == 1
    assert "Adding %s failed with HTTP 504" % HAS_ACCOUNT.upper() in warnings[0]


def test_add_user_fault_before_apply_raises_with_hint(emulator, client, northwind):
    emulator.fault(method="POST", path="/organizations/%s/add_user" % northwind, status=500, times=1)

    with pytest.raises(MakakooApiError) as caught:
        add_user_once(client, northwind, HAS_ACCOUNT, "member")

    assert caught.value.status == 500
    assert "%s is not one of them" % HAS_ACCOUNT in str(caught.value)


def test_permission_failure_message():
    error = MakakooApiError("send_invitation", NEWCOMER, status=403, code="INSUFFICIENT_PERMISSIONS",
                            detail="Only an OWNER can grant the OWNER role.")

    message = permission_failure(error, "invite %s as owner to organization 'Acme'" % NEWCOMER)

    assert message.startswith("Cannot invite %s as owner to organization 'Acme': " % NEWCOMER)
    assert "HTTP 403 INSUFFICIENT_PERMISSIONS: Only an OWNER can grant the OWNER role)" in message
    assert message.endswith("Run the task as an OWNER of the organization, or choose a lower role.")


def test_permission_failure_ignores_other_errors():
    error = MakakooApiError("send_invitation", NEWCOMER, status=422, code="VALIDATION_ERROR", detail="Bad role.")

    assert permission_failure(error, "invite someone") is None
