# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Control routes for tests, served under ``CONTROL_PREFIX`` without authentication.

They reset and inspect the state, read the request log, inject faults, set a rate
limit or latency, change the configuration and issue tokens for any seeded user.
Every route responds with JSON. Invalid input is a 422 with an ``errors`` body.
"""

from __future__ import annotations

from typing import Any, Dict

from flask import Blueprint, Response

from . import errors
from .seed import SeedError
from .traffic import parse_latency, parse_rate_limit
from .web import current_state, json_response, read_json_body

control = Blueprint("control", __name__)

_OK = {"ok": True}


def _json_object_body(required: bool) -> Dict[str, Any]:
    body = read_json_body(required=required)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise errors.validation_error("The request body must be a JSON object.")
    return body


@control.get("/health")
def health() -> Response:
    return json_response(_OK)


@control.post("/reset")
def reset() -> Response:
    """Restore the seed, or load ``{"seed": {...}}`` as the new seed first."""
    body = _json_object_body(required=False)
    seed = body.get("seed")
    if seed is not None and not isinstance(seed, dict):
        raise errors.validation_error("seed must be a JSON object in the seed file format.")
    try:
        current_state().reset(seed)
    except SeedError as error:
        raise errors.validation_error("Invalid seed: %s" % error) from None
    return json_response(_OK)


@control.get("/state")
def state() -> Response:
    return json_response(current_state().snapshot())


@control.get("/requests")
def list_requests() -> Response:
    return json_response({"requests": current_state().traffic.requests()})


@control.delete("/requests")
def clear_requests() -> Response:
    current_state().traffic.clear_requests()
    return json_response(_OK)


@control.post("/faults")
def add_fault() -> Response:
    try:
        fault = current_state().traffic.add_fault(_json_object_body(required=True))
    except ValueError as error:
        raise errors.validation_error("Invalid fault: %s" % error) from None
    return json_response({"id": fault.id})


@control.get("/faults")
def list_faults() -> Response:
    return json_response({"faults": current_state().traffic.list_faults()})


@control.delete("/faults")
def clear_faults() -> Response:
    current_state().traffic.clear_faults()
    return json_response(_OK)


@control.delete("/faults/<fault_id>")
def remove_fault(fault_id: str) -> Response:
    if not current_state().traffic.remove_fault(fault_id):
        raise errors.not_found("Fault %s not found." % fault_id)
    return json_response(_OK)


@control.post("/rate_limit")
def set_rate_limit() -> Response:
    try:
        settings = parse_rate_limit(_json_object_body(required=True))
    except ValueError as error:
        raise errors.validation_error("Invalid rate limit: %s" % error) from None
    current_state().traffic.set_rate_limit(**settings)
    return json_response(_OK)


@control.delete("/rate_limit")
def clear_rate_limit() -> Response:
    current_state().traffic.clear_rate_limit()
    return json_response(_OK)


@control.post("/latency")
def set_latency() -> Response:
    try:
        seconds = parse_latency(_json_object_body(required=True))
    except ValueError as error:
        raise errors.validation_error("Invalid latency: %s" % error) from None
    current_state().traffic.set_latency(seconds)
    return json_response(_OK)


@control.get("/config")
def get_config() -> Response:
    state = current_state()
    return json_response({"page_size": state.page_size, "api_key": state.api_key})


@control.post("/config")
def set_config() -> Response:
    """Change ``page_size`` or ``api_key`` until the next reset."""
    body = _json_object_body(required=True)
    unknown = sorted(key for key in body if key not in ("page_size", "api_key"))
    if unknown:
        raise errors.validation_error("Unknown config field %s. Use page_size or api_key." % ", ".join(unknown))
    state = current_state()
    try:
        state.configure(page_size=body.get("page_size"), api_key=body.get("api_key"))
    except ValueError as error:
        raise errors.validation_error("Invalid config: %s" % error) from None
    return json_response({"page_size": state.page_size, "api_key": state.api_key})


@control.post("/tokens")
def issue_tokens() -> Response:
    """Issue tokens for a seeded user by e-mail, so that tests can act as anyone."""
    email = _json_object_body(required=True).get("email")
    if not isinstance(email, str) or not email:
        raise errors.validation_error("email is missing or not a string.")
    pair = current_state().issue_tokens_for_email(email)
    return json_response({"access_token": pair.access_token, "refresh_token": pair.refresh_token})


@control.post("/invitations/<invitation_id>/expire")
def expire_invitation(invitation_id: str) -> Response:
    return json_response(current_state().expire_invitation(invitation_id))
