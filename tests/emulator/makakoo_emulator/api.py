# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Routes of the organization API, served under ``API_PREFIX``.

Each view function is named after its API operation. The gateway writes that name
into the request log, so renaming a function changes the log.
"""

from __future__ import annotations

from typing import List

from flask import Blueprint, Response, g, request

from . import errors
from .paths import API_PREFIX
from .state import Caller
from .web import collection, current_state, no_content, read_resource_body, single

api = Blueprint("api", __name__)


def authenticate_api_request() -> None:
    """Require ``Api-Key`` and a valid ``Authorization: Bearer`` token on every API path.

    Registered on the app, not the blueprint, so that an unknown API path without
    credentials is a 401 and not a 404.
    """
    if request.path != API_PREFIX and not request.path.startswith(API_PREFIX + "/"):
        return

    state = current_state()
    state.check_api_key(request.headers.get("Api-Key"))
    credentials = request.headers.get("Authorization", "").split(" ", 1)
    if len(credentials) != 2 or credentials[0].lower() != "bearer" or not credentials[1].strip():
        raise errors.unauthorized("The Authorization header must contain 'Bearer <access token>'.")
    g.caller = state.authenticate(credentials[1].strip())


def _caller() -> Caller:
    return g.caller


def _include_names() -> List[str]:
    names: List[str] = []
    for value in request.args.getlist("include"):
        names.extend(name.strip() for name in value.split(",") if name.strip())
    return names


# Organizations ---------------------------------------------------------------------


@api.get("/organizations")
def list_organizations() -> Response:
    return collection(current_state().list_organizations(_caller()))


@api.post("/organizations")
def create_organization() -> Response:
    # The real service responds with 200, not 201, when it creates an organization.
    attributes = read_resource_body("organization")
    return single(current_state().create_organization(_caller(), attributes.get("name")))


@api.get("/organizations/<org>")
def get_organization(org: str) -> Response:
    # forceRefresh is a documented parameter of the real service, probably to bypass
    # a cache. The emulator has no cache, so it accepts the parameter and ignores it.
    resource, included = current_state().get_organization(_caller(), org, _include_names())
    return single(resource, included)


@api.patch("/organizations/<org>")
def update_organization_name(org: str) -> Response:
    attributes = read_resource_body("organization", org)
    return single(current_state().update_organization_name(_caller(), org, attributes.get("name")))


# Members ---------------------------------------------------------------------------


@api.get("/organizations/<org>/users")
def list_members(org: str) -> Response:
    return collection(current_state().list_members(_caller(), org))


@api.post("/organizations/<org>/add_user")
def add_user(org: str) -> Response:
    attributes = read_resource_body("users")
    return single(current_state().add_user(_caller(), org, attributes.get("email"), attributes.get("role")))


@api.patch("/organizations/<org>/users/<user>")
def update_member_role(org: str, user: str) -> Response:
    attributes = read_resource_body("users", user)
    return single(current_state().update_member_role(_caller(), org, user, attributes.get("role")))


@api.delete("/organizations/<org>/users/<user>")
def remove_member(org: str, user: str) -> Response:
    current_state().remove_member(_caller(), org, user)
    return no_content()


# Invitations of an organization ----------------------------------------------------


@api.post("/organizations/<org>/membership_invitations")
def send_invitation(org: str) -> Response:
    attributes = read_resource_body("membershipInvitation")
    resource = current_state().send_invitation(_caller(), org, attributes.get("email"), attributes.get("role"))
    return single(resource)


@api.get("/organizations/<org>/membership_invitations")
def list_invitations(org: str) -> Response:
    return collection(current_state().list_invitations(_caller(), org))


@api.post("/organizations/<org>/membership_invitations/<inv>/resend")
def resend_invitation(org: str, inv: str) -> Response:
    return single(current_state().resend_invitation(_caller(), org, inv))


@api.delete("/organizations/<org>/membership_invitations/<inv>")
def cancel_invitation(org: str, inv: str) -> Response:
    current_state().cancel_invitation(_caller(), org, inv)
    return no_content()


@api.patch("/organizations/<org>/membership_invitations/<inv>")
def update_invitation_role(org: str, inv: str) -> Response:
    attributes = read_resource_body("membershipInvitation", inv)
    return single(current_state().update_invitation_role(_caller(), org, inv, attributes.get("role")))


# Invitations of the current user ---------------------------------------------------


@api.get("/membership_invitations/pending")
def list_pending_invitations() -> Response:
    return collection(current_state().list_pending_invitations(_caller()))


@api.post("/membership_invitations/<inv>/accept")
def accept_invitation(inv: str) -> Response:
    return single(current_state().accept_invitation(_caller(), inv))


@api.post("/membership_invitations/<inv>/reject")
def reject_invitation(inv: str) -> Response:
    current_state().reject_invitation(_caller(), inv)
    return no_content()


# Projects and credentials ----------------------------------------------------------


@api.get("/organizations/<org>/projects")
def list_projects(org: str) -> Response:
    return collection(current_state().list_projects(_caller(), org))


@api.get("/organizations/<org>/api_keys")
def list_organization_api_keys(org: str) -> Response:
    return collection(current_state().list_organization_credentials(_caller(), org, "api_keys"))


@api.get("/organizations/<org>/llm_api_keys")
def list_organization_llm_api_keys(org: str) -> Response:
    return collection(current_state().list_organization_credentials(_caller(), org, "llm_api_keys"))


@api.get("/organizations/<org>/sentinel_passes")
def list_organization_sentinel_passes(org: str) -> Response:
    return collection(current_state().list_organization_credentials(_caller(), org, "sentinel_passes"))


@api.get("/organizations/<org>/projects/<project>/api_keys")
def list_project_api_keys(org: str, project: str) -> Response:
    return collection(current_state().list_project_credentials(_caller(), org, project, "api_keys"))


@api.get("/organizations/<org>/projects/<project>/llm_api_keys")
def list_project_llm_api_keys(org: str, project: str) -> Response:
    return collection(current_state().list_project_credentials(_caller(), org, project, "llm_api_keys"))


@api.get("/organizations/<org>/projects/<project>/sentinel_passes")
def list_project_sentinel_passes(org: str, project: str) -> Response:
    return collection(current_state().list_project_credentials(_caller(), org, project, "sentinel_passes"))
