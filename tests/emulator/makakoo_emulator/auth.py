# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Routes of the Auth service's two token calls, served under ``AUTH_PREFIX``.

Neither call needs an API key or a bearer token.
"""

from __future__ import annotations

from typing import Any, Dict

from flask import Blueprint, Response

from . import errors
from .tokens import TokenPair
from .web import current_state, json_response, read_json_body

auth = Blueprint("auth", __name__)


@auth.post("/oauth/token")
def create_access_token() -> Response:
    body = _token_request_fields()
    pair = current_state().issue_tokens(_string_field(body, "username"), _string_field(body, "password"))
    return _token_response(pair)


@auth.post("/oauth/token/refresh")
def refresh_access_token() -> Response:
    body = _token_request_fields()
    pair = current_state().refresh_tokens(_string_field(body, "refresh_token"))
    return _token_response(pair)


def _token_request_fields() -> Dict[str, Any]:
    """Return the request fields from a plain JSON object or from a JSON:API envelope."""
    body = read_json_body()
    if not isinstance(body, dict):
        raise errors.validation_error("The request body must be a JSON object.")
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return data["attributes"]
    return body


def _string_field(body: Dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise errors.validation_error("%s is missing or not a string." % name)
    return value


def _token_response(pair: TokenPair) -> Response:
    return json_response(
        {
            "data": {
                "type": "token",
                "attributes": {
                    "accessToken": pair.access_token,
                    "refreshToken": pair.refresh_token,
                    "expiresIn": pair.expires_in,
                },
            }
        }
    )
