# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""API errors and their JSON:API ``errors`` body."""

from __future__ import annotations

import http
from typing import Any, Dict, Optional

# Error codes of the organization service. ``redirect_to_add_member`` is lower case
# because the service spells it that way.
UNAUTHORIZED = "UNAUTHORIZED"
INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
NOT_FOUND = "NOT_FOUND"
VALIDATION_ERROR = "VALIDATION_ERROR"
INVALID_JSON = "INVALID_JSON"
INSUFFICIENT_PERMISSIONS = "INSUFFICIENT_PERMISSIONS"
CANNOT_CHANGE_OWN_ROLE = "CANNOT_CHANGE_OWN_ROLE"
INVALID_ROLE_TRANSITION = "INVALID_ROLE_TRANSITION"
USER_NOT_FOUND = "USER_NOT_FOUND"
ALREADY_MEMBER = "ALREADY_MEMBER"
ALREADY_ACCEPTED = "ALREADY_ACCEPTED"
REDIRECT_TO_ADD_MEMBER = "redirect_to_add_member"
RATE_LIMITED = "RATE_LIMITED"

TITLES = {
    UNAUTHORIZED: "Unauthorized",
    INVALID_CREDENTIALS: "Invalid credentials",
    INVALID_REFRESH_TOKEN: "Invalid refresh token",
    NOT_FOUND: "Not found",
    VALIDATION_ERROR: "Validation error",
    INVALID_JSON: "Invalid JSON",
    INSUFFICIENT_PERMISSIONS: "Insufficient permissions",
    CANNOT_CHANGE_OWN_ROLE: "Cannot change own role",
    INVALID_ROLE_TRANSITION: "Invalid role transition",
    USER_NOT_FOUND: "User not found",
    ALREADY_MEMBER: "Already a member",
    ALREADY_ACCEPTED: "Invitation already accepted",
    REDIRECT_TO_ADD_MEMBER: "User already has an account",
    RATE_LIMITED: "Too many requests",
}


def status_phrase(status: int) -> str:
    """Return the HTTP reason phrase of ``status``, or "Error" for an unknown code."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def status_code_name(status: int) -> str:
    """Return an error code derived from the reason phrase, e.g. SERVICE_UNAVAILABLE for 503."""
    return status_phrase(status).upper().replace(" ", "_").replace("-", "_").replace("'", "")


def error_body(status: int, code: str, detail: str, title: Optional[str] = None) -> Dict[str, Any]:
    """Build an ``errors`` document with one error."""
    return {
        "errors": [
            {
                "status": str(status),
                "code": code,
                "title": title or TITLES.get(code) or status_phrase(status),
                "detail": detail,
            }
        ]
    }


class ApiError(Exception):
    """An error response of the emulated API, raised by rules and sent by the app."""

    def __init__(self, status: int, code: str, detail: str, title: Optional[str] = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title

    def to_body(self) -> Dict[str, Any]:
        return error_body(self.status, self.code, self.detail, self.title)


def unauthorized(detail: str) -> ApiError:
    return ApiError(401, UNAUTHORIZED, detail)


def not_found(detail: str) -> ApiError:
    return ApiError(404, NOT_FOUND, detail)


def validation_error(detail: str) -> ApiError:
    return ApiError(422, VALIDATION_ERROR, detail)


def insufficient_permissions(detail: str) -> ApiError:
    return ApiError(403, INSUFFICIENT_PERMISSIONS, detail)
