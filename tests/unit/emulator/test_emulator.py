# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tests of the emulator over real HTTP on 127.0.0.1.

They use the sample seed: organization 1001 "Northwind Labs" with two OWNERs, an
ADMIN, a MEMBER, a VIEWER and a pending invitation for viktor.varga, and
organization 1002 "Southwind Retail" whose only member is ops.lead (OWNER).
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from makakoo_emulator import EmulatorServer
from makakoo_emulator.tokens import TokenError, TokenIssuer

TIMEOUT = 10

EMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))
SAMPLE_SEED_PATH = os.path.join(EMULATOR_DIR, "seeds", "sample.yml")

NORTHWIND = "1001"
SOUTHWIND = "1002"

OWNER = "automation@example.org"
SECOND_OWNER = "ops.lead@example.org"
ADMIN = "former.contractor@example.org"
MEMBER = "wen.weber@example.com"
VIEWER = "uma.ueda@example.com"
INVITEE = "viktor.varga@example.com"
NON_MEMBER = "ana.almeida@example.com"
NO_ACCOUNT = "dmitri.dubois@example.com"


class ApiClient:
    """Sends organization API requests as one seeded user."""

    def __init__(self, server: EmulatorServer, email: str) -> None:
        self.server = server
        self.headers = server.auth_headers(email)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(self.headers, **kwargs.pop("headers", {}))
        return requests.request(method, self.server.api_url + path, headers=headers, timeout=TIMEOUT, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Optional[dict] = None) -> requests.Response:
        return self.request("POST", path, json=body)

    def patch(self, path: str, body: dict) -> requests.Response:
        return self.request("PATCH", path, json=body)

    def delete(self, path: str) -> requests.Response:
        return self.request("DELETE", path)


def as_user(server: EmulatorServer, email: str) -> ApiClient:
    return ApiClient(server, email)


def control(server: EmulatorServer, method: str, path: str, body: Optional[dict] = None) -> requests.Response:
    return requests.request(method, server.base_url + "/_emulator" + path, json=body, timeout=TIMEOUT)


def resource_body(resource_type: str, resource_id: Optional[str] = None, **attributes: Any) -> dict:
    data: Dict[str, Any] = {"type": resource_type, "attributes": attributes}
    if resource_id is not None:
        data["id"] = resource_id
    return {"data": data}


def error_code(response: requests.Response) -> str:
    return response.json()["errors"][0]["code"]


def error_detail(response: requests.Response) -> str:
    return response.json()["errors"][0]["detail"]


def user_id(server: EmulatorServer, email: str) -> str:
    snapshot = control(server, "GET", "/state").json()
    return next(user["id"] for user in snapshot["users"] if user["email"] == email)


def organization_snapshot(server: EmulatorServer, organization_id: str) -> dict:
    snapshot = control(server, "GET", "/state").json()
    return next(item for item in snapshot["organizations"] if str(item["id"]) == organization_id)


def member_roles(server: EmulatorServer, organization_id: str) -> Dict[str, str]:
    return {member["email"]: member["role"] for member in organization_snapshot(server, organization_id)["members"]}


def seeded_invitation_id(server: EmulatorServer) -> str:
    return organization_snapshot(server, NORTHWIND)["invitations"][0]["id"]


def send_invitation(server: EmulatorServer, email: str, role: str = "member") -> requests.Response:
    body = resource_body("membershipInvitation", email=email, role=role)
    return as_user(server, OWNER).post("/organizations/%s/membership_invitations" % NORTHWIND, body)


def parse_time(value: str) -> datetime.datetime:
    return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")


def jwt_claims(token: str) -> dict:
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


# Control interface ---------------------------------------------------------------------


def test_health_returns_ok(emulator):
    response = control(emulator, "GET", "/health")

    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_state_lists_members_with_roles(emulator):
    roles = member_roles(emulator, NORTHWIND)

    assert roles == {OWNER: "OWNER", SECOND_OWNER: "OWNER", VIEWER: "VIEWER", MEMBER: "MEMBER", ADMIN: "ADMIN"}


def test_reset_restores_seed(emulator):
    as_user(emulator, OWNER).delete("/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, MEMBER)))

    control(emulator, "POST", "/reset")

    assert member_roles(emulator, NORTHWIND)[MEMBER] == "MEMBER"


def test_reset_clears_log_faults_and_limits(emulator):
    client = as_user(emulator, OWNER)
    control(emulator, "POST", "/faults", {"path": "/organizations", "status": 503})
    control(emulator, "POST", "/rate_limit", {"limit": 0, "window": 60})
    control(emulator, "POST", "/config", {"page_size": 1})
    client.get("/organizations")

    control(emulator, "POST", "/reset")

    assert control(emulator, "GET", "/requests").json()["requests"] == []
    assert control(emulator, "GET", "/faults").json()["faults"] == []
    response = client.get("/organizations")
    assert response.status_code == 200
    assert response.json()["meta"]["per_page"] == 5


def test_reset_with_seed_replaces_state(emulator):
    seed = {
        "users": [{"email": "solo@example.com", "first_name": "Solo", "last_name": "User"}],
        "caller": "solo@example.com",
        "organizations": [{"id": "org-a", "name": "Only Org", "members": [{"email": "solo@example.com", "role": "owner"}]}],
    }

    response = control(emulator, "POST", "/reset", {"seed": seed})

    assert response.status_code == 200
    snapshot = control(emulator, "GET", "/state").json()
    assert [organization["id"] for organization in snapshot["organizations"]] == ["org-a"]
    assert snapshot["organizations"][0]["members"][0]["role"] == "OWNER"


def test_reset_with_invalid_seed_keeps_state(emulator):
    seed = {"users": [{"email": "a@example.com", "secret": "x"}], "organizations": []}

    response = control(emulator, "POST", "/reset", {"seed": seed})

    assert response.status_code == 422
    assert "unknown key secret" in error_detail(response)
    assert member_roles(emulator, NORTHWIND)[OWNER] == "OWNER"


def test_state_snapshot_reloads_as_seed(emulator):
    before = control(emulator, "GET", "/state").json()

    control(emulator, "POST", "/reset", {"seed": before})

    assert control(emulator, "GET", "/state").json() == before


def test_control_token_for_unknown_email_not_found(emulator):
    response = control(emulator, "POST", "/tokens", {"email": NO_ACCOUNT})

    assert response.status_code == 404


def test_control_token_acts_as_user(emulator):
    token = control(emulator, "POST", "/tokens", {"email": VIEWER}).json()["access_token"]
    headers = {"Api-Key": emulator.api_key, "Authorization": "Bearer " + token}

    response = requests.get(emulator.api_url + "/organizations", headers=headers, timeout=TIMEOUT)

    assert response.json()["data"][0]["attributes"]["currentUserRole"] == "VIEWER"


def test_config_changes_accepted_api_key(emulator):
    client = as_user(emulator, OWNER)

    control(emulator, "POST", "/config", {"api_key": "rotated-key"})

    assert client.get("/organizations").status_code == 401
    client.headers["Api-Key"] = "rotated-key"
    assert client.get("/organizations").status_code == 200


def test_expire_control_marks_invitation_expired(emulator):
    invitation_id = seeded_invitation_id(emulator)

    control(emulator, "POST", "/invitations/%s/expire" % invitation_id)

    assert organization_snapshot(emulator, NORTHWIND)["invitations"][0]["status"] == "expired"


# Authentication -------------------------------------------------------------------------


def test_request_without_headers_unauthorized(emulator):
    response = requests.get(emulator.api_url + "/organizations", timeout=TIMEOUT)

    assert response.status_code == 401
    assert error_code(response) == "UNAUTHORIZED"


def test_request_without_api_key_unauthorized(emulator):
    headers = {"Authorization": "Bearer " + emulator.token_for(OWNER)}

    response = requests.get(emulator.api_url + "/organizations", headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401
    assert error_code(response) == "UNAUTHORIZED"


def test_request_without_bearer_token_unauthorized(emulator):
    response = requests.get(emulator.api_url + "/organizations", headers={"Api-Key": emulator.api_key}, timeout=TIMEOUT)

    assert response.status_code == 401
    assert error_code(response) == "UNAUTHORIZED"


def test_wrong_api_key_unauthorized(emulator):
    headers = {"Api-Key": "wrong-key", "Authorization": "Bearer " + emulator.token_for(OWNER)}

    response = requests.get(emulator.api_url + "/organizations", headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401


def test_tampered_token_unauthorized(emulator):
    # The viewer's signature cannot vouch for the owner's claims.
    segments = emulator.token_for(VIEWER).split(".")
    forged_claims = jwt_claims(emulator.token_for(OWNER))
    segments[1] = base64.urlsafe_b64encode(json.dumps(forged_claims).encode()).rstrip(b"=").decode()
    headers = {"Api-Key": emulator.api_key, "Authorization": "Bearer " + ".".join(segments)}

    response = requests.get(emulator.api_url + "/organizations", headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401


def test_unknown_api_path_without_headers_unauthorized(emulator):
    response = requests.get(emulator.api_url + "/no_such_route", timeout=TIMEOUT)

    assert response.status_code == 401


def test_token_call_returns_tokens(emulator):
    response = requests.post(
        emulator.auth_url + "/oauth/token",
        json={"username": OWNER, "password": "emulator-password"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert response.json()["data"]["type"] == "token"
    assert attributes["expiresIn"] == 3600
    assert attributes["refreshToken"]
    assert jwt_claims(attributes["accessToken"])["email"] == OWNER


def test_token_claims_cover_subject_and_expiry(emulator):
    claims = jwt_claims(emulator.token_for(OWNER))

    assert claims["sub"] == user_id(emulator, OWNER)
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["jti"]


def test_token_call_accepts_envelope_and_any_case(emulator):
    body = {"data": {"attributes": {"username": "Automation@Example.ORG", "password": "emulator-password"}}}

    response = requests.post(emulator.auth_url + "/oauth/token", json=body, timeout=TIMEOUT)

    assert response.status_code == 200


def test_token_call_rejects_wrong_password(emulator):
    response = requests.post(
        emulator.auth_url + "/oauth/token", json={"username": OWNER, "password": "wrong"}, timeout=TIMEOUT
    )

    assert response.status_code == 401
    assert error_code(response) == "INVALID_CREDENTIALS"


def test_token_call_uses_seeded_password(emulator):
    seed = {"users": [{"email": "pw@example.com", "password": "s3cret"}], "organizations": []}
    control(emulator, "POST", "/reset", {"seed": seed})

    response = requests.post(
        emulator.auth_url + "/oauth/token", json={"username": "pw@example.com", "password": "s3cret"}, timeout=TIMEOUT
    )

    assert response.status_code == 200


def test_refresh_rotates_refresh_token(emulator):
    first = control(emulator, "POST", "/tokens", {"email": OWNER}).json()["refresh_token"]

    renewed = requests.post(emulator.auth_url + "/oauth/token/refresh", json={"refresh_token": first}, timeout=TIMEOUT)
    reused = requests.post(emulator.auth_url + "/oauth/token/refresh", json={"refresh_token": first}, timeout=TIMEOUT)

    assert renewed.status_code == 200
    assert renewed.json()["data"]["attributes"]["refreshToken"] != first
    assert reused.status_code == 401


def test_refreshed_access_token_works(emulator):
    refresh = control(emulator, "POST", "/tokens", {"email": OWNER}).json()["refresh_token"]
    renewed = requests.post(emulator.auth_url + "/oauth/token/refresh", json={"refresh_token": refresh}, timeout=TIMEOUT)
    headers = {"Api-Key": emulator.api_key, "Authorization": "Bearer " + renewed.json()["data"]["attributes"]["accessToken"]}

    response = requests.get(emulator.api_url + "/organizations", headers=headers, timeout=TIMEOUT)

    assert response.status_code == 200


def test_refresh_unknown_token_unauthorized(emulator):
    response = requests.post(
        emulator.auth_url + "/oauth/token/refresh", json={"refresh_token": "not-issued"}, timeout=TIMEOUT
    )

    assert response.status_code == 401


def test_expired_access_token_rejected():
    now = [1000000.0]
    issuer = TokenIssuer(clock=lambda: now[0])
    token = issuer.issue("user-1", "someone@example.com").access_token

    now[0] += 3600

    with pytest.raises(TokenError):
        issuer.verify(token)


# Organizations ---------------------------------------------------------------------------


def test_legacy_organization_id_is_number(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s" % NORTHWIND)

    assert response.json()["data"]["id"] == 1001


def test_organization_of_others_not_found(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s" % SOUTHWIND)

    assert response.status_code == 404
    assert error_code(response) == "NOT_FOUND"


def test_list_organizations_shows_only_memberships(emulator):
    response = as_user(emulator, OWNER).get("/organizations")

    assert [item["id"] for item in response.json()["data"]] == [1001]


def test_create_organization_makes_caller_owner(emulator):
    body = resource_body("organization", name="Eastwind Logistics")

    response = as_user(emulator, NON_MEMBER).post("/organizations", body)

    assert response.status_code == 200
    data = response.json()["data"]
    assert isinstance(data["id"], str)
    assert data["attributes"]["currentUserRole"] == "OWNER"
    assert member_roles(emulator, data["id"]) == {NON_MEMBER: "OWNER"}


def test_blank_organization_name_rejected(emulator):
    response = as_user(emulator, OWNER).post("/organizations", resource_body("organization", name="   "))

    assert response.status_code == 422
    assert error_code(response) == "VALIDATION_ERROR"


def test_wrong_body_type_rejected(emulator):
    response = as_user(emulator, OWNER).post("/organizations", resource_body("organizations", name="Typo"))

    assert response.status_code == 422


def test_invalid_json_body_rejected(emulator):
    client = as_user(emulator, OWNER)

    response = client.request(
        "POST", "/organizations", data="{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400


def test_get_organization_includes_related(emulator):
    response = as_user(emulator, OWNER).get(
        "/organizations/%s" % NORTHWIND,
        params={"include": "users,projects,organization_memberships", "forceRefresh": "true"},
    )

    included = response.json()["included"]
    assert [item["type"] for item in included].count("users") == 5
    assert [item["type"] for item in included].count("project") == 2
    assert [item["type"] for item in included].count("organization_membership") == 5
    membership = next(item for item in included if item["type"] == "organization_membership")
    assert set(membership["attributes"]) == {"userId", "role"}


def test_unknown_include_rejected(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s" % NORTHWIND, params={"include": "members"})

    assert response.status_code == 422


def test_permission_map_for_owner(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s" % NORTHWIND)

    assert response.json()["meta"]["can"] == {
        "organization": {"manageSettings": True, "manageMembers": True},
        "project": {"create": True},
    }


def test_permission_map_for_viewer(emulator):
    response = as_user(emulator, VIEWER).get("/organizations/%s" % NORTHWIND)

    assert response.json()["data"]["meta"]["can"] == {
        "organization": {"manageSettings": False, "manageMembers": False},
        "project": {"create": False},
    }


def test_rename_organization(emulator):
    body = resource_body("organization", NORTHWIND, name="Northwind Analytics")

    response = as_user(emulator, ADMIN).patch("/organizations/%s" % NORTHWIND, body)

    assert response.status_code == 200
    assert organization_snapshot(emulator, NORTHWIND)["name"] == "Northwind Analytics"


def test_rename_with_mismatched_id_rejected(emulator):
    body = resource_body("organization", SOUTHWIND, name="Northwind Analytics")

    response = as_user(emulator, OWNER).patch("/organizations/%s" % NORTHWIND, body)

    assert response.status_code == 422


def test_timestamps_are_utc_iso(emulator):
    created_at = as_user(emulator, OWNER).get("/organizations/%s" % NORTHWIND).json()["data"]["attributes"]["createdAt"]

    assert created_at.endswith("Z")
    assert parse_time(created_at)


# Pagination ------------------------------------------------------------------------------


def test_pagination_follows_links_next(emulator):
    control(emulator, "POST", "/config", {"page_size": 2})
    client = as_user(emulator, OWNER)
    url: Optional[str] = client.server.api_url + "/organizations/%s/users?forceRefresh=true" % NORTHWIND
    emails: List[str] = []
    pages = []

    while url:
        page = requests.get(url, headers=client.headers, timeout=TIMEOUT).json()
        pages.append(page)
        emails.extend(item["attributes"]["email"] for item in page["data"])
        url = page["links"]["next"]

    assert len(pages) == 3
    assert sorted(emails) == sorted([OWNER, SECOND_OWNER, VIEWER, MEMBER, ADMIN])
    assert pages[0]["meta"] == {"page": 1, "per_page": 2, "total_count": 5}
    assert pages[2]["links"]["next"] is None


def test_links_next_is_absolute_and_keeps_query(emulator):
    control(emulator, "POST", "/config", {"page_size": 2})

    response = as_user(emulator, OWNER).get("/organizations/%s/users" % NORTHWIND, params={"forceRefresh": "true"})

    next_url = urlparse(response.json()["links"]["next"])
    assert "%s://%s" % (next_url.scheme, next_url.netloc) == emulator.base_url
    assert parse_qs(next_url.query) == {"forceRefresh": ["true"], "page": ["2"]}


def test_page_past_end_is_empty(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/users" % NORTHWIND, params={"page": 9})

    assert response.json()["data"] == []
    assert response.json()["links"]["next"] is None


def test_invalid_page_rejected(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/users" % NORTHWIND, params={"page": 0})

    assert response.status_code == 422


# Members and role rules --------------------------------------------------------------------


def test_member_resource_attributes(emulator):
    response = as_user(emulator, VIEWER).get("/organizations/%s/users" % NORTHWIND)

    member = response.json()["data"][0]
    assert member["type"] == "users"
    assert member["id"] == user_id(emulator, OWNER)
    assert set(member["attributes"]) == {"email", "firstName", "lastName", "role", "joinedAt"}


def test_add_user_adds_member(emulator):
    body = resource_body("users", email="Ana.Almeida@Example.com", role="MEMBER")

    response = as_user(emulator, ADMIN).post("/organizations/%s/add_user" % NORTHWIND, body)

    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["role"] == "MEMBER"
    assert member_roles(emulator, NORTHWIND)[NON_MEMBER] == "MEMBER"


def test_add_user_without_account_not_found(emulator):
    body = resource_body("users", email=NO_ACCOUNT, role="MEMBER")

    response = as_user(emulator, OWNER).post("/organizations/%s/add_user" % NORTHWIND, body)

    assert response.status_code == 404
    assert error_code(response) == "USER_NOT_FOUND"
    assert NO_ACCOUNT in error_detail(response)


def test_add_existing_member_rejected(emulator):
    body = resource_body("users", email="Wen.Weber@Example.COM", role="VIEWER")

    response = as_user(emulator, OWNER).post("/organizations/%s/add_user" % NORTHWIND, body)

    assert response.status_code == 422
    assert error_code(response) == "ALREADY_MEMBER"
    assert "Northwind Labs" in error_detail(response)


def test_lower_case_member_role_rejected(emulator):
    body = resource_body("users", email=NON_MEMBER, role="member")

    response = as_user(emulator, OWNER).post("/organizations/%s/add_user" % NORTHWIND, body)

    assert response.status_code == 422
    assert error_code(response) == "VALIDATION_ERROR"


def test_own_role_change_rejected(emulator):
    body = resource_body("users", role="ADMIN")

    response = as_user(emulator, OWNER).patch("/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, OWNER)), body)

    assert response.status_code == 422
    assert error_code(response) == "CANNOT_CHANGE_OWN_ROLE"


def test_owner_demotion_allowed_with_second_owner(emulator):
    body = resource_body("users", role="ADMIN")

    response = as_user(emulator, OWNER).patch(
        "/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, SECOND_OWNER)), body
    )

    assert response.status_code == 200
    assert member_roles(emulator, NORTHWIND)[SECOND_OWNER] == "ADMIN"


def test_last_owner_demotion_rejected(emulator):
    owner = as_user(emulator, SECOND_OWNER)
    owner.post("/organizations/%s/add_user" % SOUTHWIND, resource_body("users", email=NON_MEMBER, role="ADMIN"))

    response = as_user(emulator, NON_MEMBER).patch(
        "/organizations/%s/users/%s" % (SOUTHWIND, user_id(emulator, SECOND_OWNER)), resource_body("users", role="ADMIN")
    )

    assert response.status_code == 422
    assert error_code(response) == "INVALID_ROLE_TRANSITION"
    assert member_roles(emulator, SOUTHWIND)[SECOND_OWNER] == "OWNER"


def test_last_owner_removal_rejected(emulator):
    response = as_user(emulator, SECOND_OWNER).delete(
        "/organizations/%s/users/%s" % (SOUTHWIND, user_id(emulator, SECOND_OWNER))
    )

    assert response.status_code == 422
    assert error_code(response) == "INVALID_ROLE_TRANSITION"
    assert "Southwind Retail" in error_detail(response)


def test_remove_member(emulator):
    response = as_user(emulator, OWNER).delete("/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, MEMBER)))

    assert response.status_code == 204
    assert MEMBER not in member_roles(emulator, NORTHWIND)


def test_remove_non_member_not_found(emulator):
    response = as_user(emulator, OWNER).delete(
        "/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, NON_MEMBER))
    )

    assert response.status_code == 404


OWNER_GRANTS = [
    ("POST", "/organizations/1001/add_user", lambda server: resource_body("users", email=NON_MEMBER, role="OWNER")),
    (
        "PATCH",
        "/organizations/1001/users/{member}",
        lambda server: resource_body("users", role="OWNER"),
    ),
    (
        "POST",
        "/organizations/1001/membership_invitations",
        lambda server: resource_body("membershipInvitation", email=NO_ACCOUNT, role="owner"),
    ),
    (
        "PATCH",
        "/organizations/1001/membership_invitations/{invitation}",
        lambda server: resource_body("membershipInvitation", role="owner"),
    ),
]


@pytest.mark.parametrize("method,path,body", OWNER_GRANTS, ids=["add_user", "update_role", "invite", "update_invitation"])
def test_admin_granting_owner_forbidden(emulator, method, path, body):
    path = path.format(member=user_id(emulator, MEMBER), invitation=seeded_invitation_id(emulator))

    response = as_user(emulator, ADMIN).request(method, path, json=body(emulator))

    assert response.status_code == 403
    assert error_code(response) == "INSUFFICIENT_PERMISSIONS"


def test_owner_may_grant_owner(emulator):
    body = resource_body("users", role="OWNER")

    response = as_user(emulator, OWNER).patch("/organizations/%s/users/%s" % (NORTHWIND, user_id(emulator, MEMBER)), body)

    assert response.status_code == 200


MANAGING_OPERATIONS = [
    ("POST", "/organizations/1001/add_user", resource_body("users", email=NON_MEMBER, role="VIEWER")),
    ("PATCH", "/organizations/1001/users/{admin}", resource_body("users", role="VIEWER")),
    ("DELETE", "/organizations/1001/users/{admin}", None),
    ("POST", "/organizations/1001/membership_invitations", resource_body("membershipInvitation", email=NO_ACCOUNT)),
    ("POST", "/organizations/1001/membership_invitations/{invitation}/resend", None),
    ("DELETE", "/organizations/1001/membership_invitations/{invitation}", None),
    ("PATCH", "/organizations/1001/membership_invitations/{invitation}", resource_body("membershipInvitation", role="admin")),
    ("PATCH", "/organizations/1001", resource_body("organization", name="Taken Over")),
]


@pytest.mark.parametrize("actor", [MEMBER, VIEWER])
@pytest.mark.parametrize("method,path,body", MANAGING_OPERATIONS)
def test_member_and_viewer_cannot_manage(emulator, actor, method, path, body):
    path = path.format(admin=user_id(emulator, ADMIN), invitation=seeded_invitation_id(emulator))

    response = as_user(emulator, actor).request(method, path, json=body)

    assert response.status_code == 403
    assert error_code(response) == "INSUFFICIENT_PERMISSIONS"


# Invitations -------------------------------------------------------------------------------


def test_send_invitation_creates_pending(emulator):
    response = send_invitation(emulator, NO_ACCOUNT, "viewer")

    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert response.json()["data"]["type"] == "membershipInvitation"
    assert attributes["status"] == "pending"
    assert attributes["role"] == "viewer"
    assert attributes["invitedBy"] == OWNER
    assert attributes["organizationName"] == "Northwind Labs"
    assert parse_time(attributes["expiresAt"]) - parse_time(attributes["createdAt"]) == datetime.timedelta(days=7)


def test_invitation_role_defaults_to_member(emulator):
    body = resource_body("membershipInvitation", email=NO_ACCOUNT)

    response = as_user(emulator, OWNER).post("/organizations/%s/membership_invitations" % NORTHWIND, body)

    assert response.json()["data"]["attributes"]["role"] == "member"


def test_upper_case_invitation_role_rejected(emulator):
    response = send_invitation(emulator, NO_ACCOUNT, "MEMBER")

    assert response.status_code == 422
    assert error_code(response) == "VALIDATION_ERROR"


def test_invitation_for_account_redirects(emulator):
    response = send_invitation(emulator, "Ana.Almeida@example.com")

    assert response.status_code == 422
    assert error_code(response) == "redirect_to_add_member"
    assert NON_MEMBER not in member_roles(emulator, NORTHWIND)
    assert len(organization_snapshot(emulator, NORTHWIND)["invitations"]) == 1


def test_second_invitation_is_duplicated(emulator):
    send_invitation(emulator, NO_ACCOUNT)

    response = send_invitation(emulator, NO_ACCOUNT)

    assert response.status_code == 200
    emails = [item["email"] for item in organization_snapshot(emulator, NORTHWIND)["invitations"]]
    assert emails.count(NO_ACCOUNT) == 2


def test_list_invitations_shows_pending_only(emulator):
    pending_id = send_invitation(emulator, "pending@example.net").json()["data"]["id"]
    cancelled_id = send_invitation(emulator, "cancelled@example.net").json()["data"]["id"]
    expired_id = send_invitation(emulator, "expired@example.net").json()["data"]["id"]
    as_user(emulator, OWNER).delete("/organizations/%s/membership_invitations/%s" % (NORTHWIND, cancelled_id))
    control(emulator, "POST", "/invitations/%s/expire" % expired_id)

    response = as_user(emulator, VIEWER).get("/organizations/%s/membership_invitations" % NORTHWIND)

    assert [item["id"] for item in response.json()["data"]] == [seeded_invitation_id(emulator), pending_id]


def test_resend_updates_last_sent_at(emulator):
    invitation_id = seeded_invitation_id(emulator)
    before = organization_snapshot(emulator, NORTHWIND)["invitations"][0]["last_sent_at"]

    response = as_user(emulator, OWNER).post(
        "/organizations/%s/membership_invitations/%s/resend" % (NORTHWIND, invitation_id)
    )

    assert response.status_code == 200
    assert parse_time(response.json()["data"]["attributes"]["lastSentAt"]) > parse_time(before)


def test_cancel_invitation(emulator):
    invitation_id = seeded_invitation_id(emulator)

    response = as_user(emulator, OWNER).delete("/organizations/%s/membership_invitations/%s" % (NORTHWIND, invitation_id))

    assert response.status_code == 204
    assert organization_snapshot(emulator, NORTHWIND)["invitations"][0]["status"] == "cancelled"


def test_resend_cancelled_invitation_not_found(emulator):
    invitation_id = seeded_invitation_id(emulator)
    client = as_user(emulator, OWNER)
    client.delete("/organizations/%s/membership_invitations/%s" % (NORTHWIND, invitation_id))

    response = client.post("/organizations/%s/membership_invitations/%s/resend" % (NORTHWIND, invitation_id))

    assert response.status_code == 404


def test_invitation_of_other_organization_not_found(emulator):
    invitation_id = seeded_invitation_id(emulator)
    body = resource_body("organization", name="Second Org")
    other = as_user(emulator, OWNER).post("/organizations", body).json()["data"]["id"]

    response = as_user(emulator, OWNER).post("/organizations/%s/membership_invitations/%s/resend" % (other, invitation_id))

    assert response.status_code == 404


def test_update_invitation_role(emulator):
    invitation_id = seeded_invitation_id(emulator)
    body = resource_body("membershipInvitation", invitation_id, role="admin")

    response = as_user(emulator, ADMIN).patch("/organizations/%s/membership_invitations/%s" % (NORTHWIND, invitation_id), body)

    assert response.status_code == 200
    assert organization_snapshot(emulator, NORTHWIND)["invitations"][0]["role"] == "admin"


def test_pending_invitations_of_current_user(emulator):
    response = as_user(emulator, INVITEE).get("/membership_invitations/pending")

    invitations = response.json()["data"]
    assert len(invitations) == 1
    assert invitations[0]["attributes"]["organizationId"] == 1001
    assert invitations[0]["attributes"]["organizationName"] == "Northwind Labs"


def test_pending_invitation_email_ignores_case(emulator, sample_seed):
    seed = json.loads(json.dumps(sample_seed))
    seed["organizations"][0]["invitations"][0]["email"] = "Viktor.Varga@Example.COM"
    control(emulator, "POST", "/reset", {"seed": seed})
    client = as_user(emulator, INVITEE)

    pending = client.get("/membership_invitations/pending").json()["data"]
    accepted = client.post("/membership_invitations/%s/accept" % pending[0]["id"])

    assert len(pending) == 1
    assert accepted.status_code == 200


def test_pending_invitations_skip_expired(emulator):
    control(emulator, "POST", "/invitations/%s/expire" % seeded_invitation_id(emulator))

    response = as_user(emulator, INVITEE).get("/membership_invitations/pending")

    assert response.json()["data"] == []


def test_accept_invitation_adds_member(emulator):
    response = as_user(emulator, INVITEE).post("/membership_invitations/%s/accept" % seeded_invitation_id(emulator))

    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["role"] == "VIEWER"
    assert member_roles(emulator, NORTHWIND)[INVITEE] == "VIEWER"
    assert organization_snapshot(emulator, NORTHWIND)["invitations"][0]["status"] == "accepted"


def test_accept_twice_rejected(emulator):
    client = as_user(emulator, INVITEE)
    client.post("/membership_invitations/%s/accept" % seeded_invitation_id(emulator))

    response = client.post("/membership_invitations/%s/accept" % seeded_invitation_id(emulator))

    assert response.status_code == 422
    assert error_code(response) == "ALREADY_ACCEPTED"


def test_accept_unknown_invitation_not_found(emulator):
    response = as_user(emulator, INVITEE).post("/membership_invitations/no-such-invitation/accept")

    assert response.status_code == 404
    assert error_code(response) == "NOT_FOUND"


def test_accept_expired_invitation_not_found(emulator):
    invitation_id = seeded_invitation_id(emulator)
    control(emulator, "POST", "/invitations/%s/expire" % invitation_id)

    response = as_user(emulator, INVITEE).post("/membership_invitations/%s/accept" % invitation_id)

    assert response.status_code == 404


def test_accept_invitation_of_other_user_not_found(emulator):
    response = as_user(emulator, NON_MEMBER).post("/membership_invitations/%s/accept" % seeded_invitation_id(emulator))

    assert response.status_code == 404


def test_reject_invitation(emulator):
    response = as_user(emulator, INVITEE).post("/membership_invitations/%s/reject" % seeded_invitation_id(emulator))

    assert response.status_code == 204
    assert organization_snapshot(emulator, NORTHWIND)["invitations"][0]["status"] == "rejected"


def test_reject_expired_invitation_not_found(emulator):
    invitation_id = seeded_invitation_id(emulator)
    control(emulator, "POST", "/invitations/%s/expire" % invitation_id)

    response = as_user(emulator, INVITEE).post("/membership_invitations/%s/reject" % invitation_id)

    assert response.status_code == 404


def test_reject_unknown_invitation_not_found(emulator):
    response = as_user(emulator, INVITEE).post("/membership_invitations/no-such-invitation/reject")

    assert response.status_code == 404


# Projects and credentials ------------------------------------------------------------------


def test_projects_listed_for_viewer(emulator):
    response = as_user(emulator, VIEWER).get("/organizations/%s/projects" % NORTHWIND)

    assert [item["attributes"]["name"] for item in response.json()["data"]] == ["Forecasting", "Dashboards"]


def test_api_key_listing_includes_secrets(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/api_keys" % NORTHWIND)

    api_key = response.json()["data"][0]
    assert api_key["type"] == "apiKey"
    assert api_key["attributes"]["secretKey"] == "sk_live_emulated_0001"
    assert api_key["attributes"]["encryptedSecretKey"]
    assert api_key["meta"]["secretKey"] == "sk_live_emulated_0001"


def test_display_secret_key_is_masked(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/api_keys" % NORTHWIND)

    assert response.json()["data"][0]["attributes"]["displaySecretKey"] == "sk_live_emulated_****0001"


def test_llm_key_listing_includes_secret(emulator):
    response = as_user(emulator, ADMIN).get("/organizations/%s/llm_api_keys" % NORTHWIND)

    llm_key = response.json()["data"][0]
    assert llm_key["attributes"]["key"] == "sk-proj-emulated-0002"
    assert llm_key["attributes"]["provider"] == "openai"
    assert "sk-proj-emulated-0002" not in llm_key["attributes"]["displayKey"]


def test_sentinel_pass_listing_includes_secret(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/sentinel_passes" % NORTHWIND)

    attributes = response.json()["data"][0]["attributes"]
    assert attributes["clientSecret"] == "cs_emulated_0003"
    assert attributes["credentialType"] == "api_key"
    assert attributes["scopes"] == ["read:data"]
    assert attributes["passId"].startswith("SP-")


def test_project_credential_listing(emulator):
    projects = as_user(emulator, OWNER).get("/organizations/%s/projects" % NORTHWIND).json()["data"]
    dashboards = next(item["id"] for item in projects if item["attributes"]["name"] == "Dashboards")

    response = as_user(emulator, OWNER).get("/organizations/%s/projects/%s/api_keys" % (NORTHWIND, dashboards))

    assert [item["attributes"]["note"] for item in response.json()["data"]] == ["Grafana bridge"]


def test_unknown_project_not_found(emulator):
    response = as_user(emulator, OWNER).get("/organizations/%s/projects/no-such-project/api_keys" % NORTHWIND)

    assert response.status_code == 404


CREDENTIAL_PATHS = [
    "/organizations/1001/api_keys",
    "/organizations/1001/llm_api_keys",
    "/organizations/1001/sentinel_passes",
    "/organizations/1001/projects/{project}/api_keys",
    "/organizations/1001/projects/{project}/llm_api_keys",
    "/organizations/1001/projects/{project}/sentinel_passes",
]


@pytest.mark.parametrize("actor", [MEMBER, VIEWER])
@pytest.mark.parametrize("path", CREDENTIAL_PATHS)
def test_credentials_forbidden_for_member(emulator, actor, path):
    project = organization_snapshot(emulator, NORTHWIND)["projects"][0]["id"]

    response = as_user(emulator, actor).get(path.format(project=project))

    assert response.status_code == 403
    assert error_code(response) == "INSUFFICIENT_PERMISSIONS"


# Faults, rate limit and latency ----------------------------------------------------------


def test_fault_status_and_retry_after(emulator):
    control(emulator, "POST", "/faults", {"method": "GET", "path": "/organizations", "status": 503, "retry_after": 7})

    response = as_user(emulator, OWNER).get("/organizations")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    assert error_code(response) == "SERVICE_UNAVAILABLE"


def test_fault_html_body(emulator):
    control(
        emulator,
        "POST",
        "/faults",
        {"path": "/organizations", "status": 502, "body": "<html><body>Bad gateway</body></html>", "content_type": "text/html"},
    )

    response = as_user(emulator, OWNER).get("/organizations")

    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text == "<html><body>Bad gateway</body></html>"


def test_fault_json_body(emulator):
    body = {"errors": [{"status": "422", "code": "INVALID_ROLE_TRANSITION"}]}
    control(emulator, "POST", "/faults", {"path": "/organizations", "status": 422, "body": body})

    response = as_user(emulator, OWNER).get("/organizations")

    assert response.json() == body


def test_fault_after_applies_write(emulator):
    control(emulator, "POST", "/faults", {"method": "POST", "path": "/organizations", "status": 504, "after": True})

    response = as_user(emulator, OWNER).post("/organizations", resource_body("organization", name="Lost Response"))

    assert response.status_code == 504
    names = [item["name"] for item in control(emulator, "GET", "/state").json()["organizations"]]
    assert "Lost Response" in names


def test_fault_before_skips_write(emulator):
    control(emulator, "POST", "/faults", {"method": "POST", "path": "/organizations", "status": 503})

    as_user(emulator, OWNER).post("/organizations", resource_body("organization", name="Never Created"))

    names = [item["name"] for item in control(emulator, "GET", "/state").json()["organizations"]]
    assert "Never Created" not in names


def test_fault_times_limits_uses(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "status": 500, "times": 1})
    client = as_user(emulator, OWNER)

    first = client.get("/organizations")
    second = client.get("/organizations")

    assert first.status_code == 500
    assert second.status_code == 200


def test_fault_matches_method(emulator):
    control(emulator, "POST", "/faults", {"method": "POST", "path": "/organizations", "status": 500})

    response = as_user(emulator, OWNER).get("/organizations")

    assert response.status_code == 200


def test_fault_path_regex(emulator):
    control(emulator, "POST", "/faults", {"path_regex": "/organizations/[^/]+/users", "status": 500})
    client = as_user(emulator, OWNER)

    assert client.get("/organizations/%s/users" % NORTHWIND).status_code == 500
    assert client.get("/organizations/%s" % NORTHWIND).status_code == 200


def test_fault_drop_closes_connection(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "drop": True, "times": 1})

    with pytest.raises(requests.ConnectionError):
        as_user(emulator, OWNER).get("/organizations")

    assert control(emulator, "GET", "/requests").json()["requests"][-1]["status"] == 0


def test_fault_drop_after_applies_write(emulator):
    control(emulator, "POST", "/faults", {"method": "POST", "path": "/organizations", "drop": True, "after": True})

    with pytest.raises(requests.ConnectionError):
        as_user(emulator, OWNER).post("/organizations", resource_body("organization", name="Dropped Response"))

    names = [item["name"] for item in control(emulator, "GET", "/state").json()["organizations"]]
    assert "Dropped Response" in names


def test_fault_malformed_body(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "malformed": True})

    response = as_user(emulator, OWNER).get("/organizations")

    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_fault_latency_delays_response(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "latency": 0.3})

    started = time.monotonic()
    response = as_user(emulator, OWNER).get("/organizations")

    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200


def test_fault_on_token_call(emulator):
    control(emulator, "POST", "/faults", {"path": "/oauth/token", "status": 503})

    response = requests.post(
        emulator.auth_url + "/oauth/token", json={"username": OWNER, "password": "emulator-password"}, timeout=TIMEOUT
    )

    assert response.status_code == 503


def test_faulted_request_logged_with_sent_status(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "status": 503})

    as_user(emulator, OWNER).get("/organizations")

    entry = control(emulator, "GET", "/requests").json()["requests"][-1]
    assert entry["status"] == 503
    assert entry["operation"] == "list_organizations"


def test_invalid_fault_rejected(emulator):
    response = control(emulator, "POST", "/faults", {"path": "/organizations", "drop": True, "status": 500})

    assert response.status_code == 422


def test_clear_faults(emulator):
    control(emulator, "POST", "/faults", {"path": "/organizations", "status": 500})

    control(emulator, "DELETE", "/faults")

    assert as_user(emulator, OWNER).get("/organizations").status_code == 200


def test_rate_limit_returns_429(emulator):
    control(emulator, "POST", "/rate_limit", {"limit": 2, "window": 60, "retry_after": 5})
    client = as_user(emulator, OWNER)

    statuses = [client.get("/organizations").status_code for attempt in range(3)]
    limited = client.get("/organizations")

    assert statuses == [200, 200, 429]
    assert limited.headers["Retry-After"] == "5"
    assert error_code(limited) == "RATE_LIMITED"


def test_rate_limit_default_retry_after(emulator):
    control(emulator, "POST", "/rate_limit", {"limit": 1, "window": 30})
    client = as_user(emulator, OWNER)
    client.get("/organizations")

    response = client.get("/organizations")

    assert 1 <= int(response.headers["Retry-After"]) <= 30


def test_rate_limit_removed(emulator):
    control(emulator, "POST", "/rate_limit", {"limit": 0, "window": 60})

    control(emulator, "DELETE", "/rate_limit")

    assert as_user(emulator, OWNER).get("/organizations").status_code == 200


def test_rate_limit_skips_token_calls(emulator):
    control(emulator, "POST", "/rate_limit", {"limit": 0, "window": 60})

    response = requests.post(
        emulator.auth_url + "/oauth/token", json={"username": OWNER, "password": "emulator-password"}, timeout=TIMEOUT
    )

    assert response.status_code == 200


def test_latency_delays_api_calls(emulator):
    control(emulator, "POST", "/latency", {"seconds": 0.3})

    started = time.monotonic()
    as_user(emulator, OWNER).get("/organizations")

    assert time.monotonic() - started >= 0.3


# Request log ------------------------------------------------------------------------------


def test_request_log_entry_fields(emulator):
    as_user(emulator, OWNER).get("/organizations/%s/users" % NORTHWIND, params={"page": 1})

    entries = control(emulator, "GET", "/requests").json()["requests"]

    assert entries == [
        {
            "method": "GET",
            "path": "/ma-metrics-wsp-ms/v1/api/organizations/1001/users",
            "query": "page=1",
            "status": 200,
            "operation": "list_members",
        }
    ]


def test_request_log_has_no_header_values(emulator):
    client = as_user(emulator, OWNER)
    client.post("/organizations/%s/add_user" % NORTHWIND, resource_body("users", email=NON_MEMBER, role="MEMBER"))
    requests.post(emulator.auth_url + "/oauth/token", json={"username": OWNER, "password": "emulator-password"}, timeout=TIMEOUT)

    log_text = control(emulator, "GET", "/requests").text

    assert emulator.api_key not in log_text
    assert client.headers["Authorization"].split()[1] not in log_text
    assert "emulator-password" not in log_text
    assert NON_MEMBER not in log_text


def test_request_log_names_auth_operations(emulator):
    requests.post(emulator.auth_url + "/oauth/token", json={"username": OWNER, "password": "emulator-password"}, timeout=TIMEOUT)

    entries = control(emulator, "GET", "/requests").json()["requests"]

    assert [entry["operation"] for entry in entries] == ["create_access_token"]


def test_request_log_skips_control_calls(emulator):
    control(emulator, "GET", "/state")

    assert control(emulator, "GET", "/requests").json()["requests"] == []


def test_request_log_cleared(emulator):
    as_user(emulator, OWNER).get("/organizations")

    control(emulator, "DELETE", "/requests")

    assert control(emulator, "GET", "/requests").json()["requests"] == []


# Thread safety ----------------------------------------------------------------------------


def run_in_threads(count: int, action) -> List[Any]:
    """Run ``action(index)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: List[Any] = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        results[index] = action(index)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    return results


def test_concurrent_add_user_adds_once(emulator):
    client = as_user(emulator, OWNER)
    body = resource_body("users", email=NON_MEMBER, role="MEMBER")

    statuses = run_in_threads(16, lambda index: client.post("/organizations/%s/add_user" % NORTHWIND, body).status_code)

    assert statuses.count(200) == 1
    assert statuses.count(422) == 15
    assert list(member_roles(emulator, NORTHWIND)).count(NON_MEMBER) == 1


def test_concurrent_invitations_all_stored(emulator):
    statuses = run_in_threads(20, lambda index: send_invitation(emulator, "person%02d@example.net" % index).status_code)

    assert statuses == [200] * 20
    assert len(organization_snapshot(emulator, NORTHWIND)["invitations"]) == 21


def test_concurrent_role_changes_keep_an_owner(emulator):
    # Two OWNERs demote each other at the same moment. At most one demotion may
    # succeed, or the organization would lose its last OWNER.
    first = as_user(emulator, OWNER)
    second = as_user(emulator, SECOND_OWNER)
    first_id, second_id = user_id(emulator, OWNER), user_id(emulator, SECOND_OWNER)
    body = resource_body("users", role="ADMIN")
    actions = [
        lambda: first.patch("/organizations/%s/users/%s" % (NORTHWIND, second_id), body).status_code,
        lambda: second.patch("/organizations/%s/users/%s" % (NORTHWIND, first_id), body).status_code,
    ]

    for attempt in range(10):
        control(emulator, "POST", "/reset")
        run_in_threads(2, lambda index: actions[index]())
        assert "OWNER" in member_roles(emulator, NORTHWIND).values()


# Command line -----------------------------------------------------------------------------


def wait_for_file(path: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.05)
    return False


def emulator_environment() -> Dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = EMULATOR_DIR + os.pathsep + environment.get("PYTHONPATH", "")
    return environment


def test_cli_serves_and_stops_on_sigterm(tmp_path):
    info_path = str(tmp_path / "emulator.json")
    process = subprocess.Popen(
        [sys.executable, "-m", "makakoo_emulator", "--seed", SAMPLE_SEED_PATH, "--info-file", info_path],
        env=emulator_environment(),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for_file(info_path, 20)
        with open(info_path, encoding="utf-8") as stream:
            info = json.load(stream)
        headers = {"Api-Key": info["api_key"], "Authorization": "Bearer " + info["access_token"]}
        response = requests.get(info["api_url"] + "/organizations", headers=headers, timeout=TIMEOUT)
    finally:
        process.send_signal(signal.SIGTERM)
        stderr = process.communicate(timeout=20)[1]

    assert response.status_code == 200
    assert info["caller"] == OWNER
    assert info["pid"] == process.pid
    assert process.returncode == 0
    assert not os.path.exists(info_path)
    assert "GET /ma-metrics-wsp-ms/v1/api/organizations 200" in stderr
    assert info["access_token"] not in stderr
    assert "stopped" in stderr


def test_cli_rejects_public_host(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "makakoo_emulator", "--seed", SAMPLE_SEED_PATH, "--host", "0.0.0.0"],
        env=emulator_environment(),
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )

    assert result.returncode == 2
    assert "--host must be one of" in result.stderr
