# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Access tokens (HS256 JWTs) and refresh tokens of the emulated Auth service."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
import uuid
from typing import Any, Callable, Dict, Optional

ACCESS_TOKEN_LIFETIME_SECONDS = 3600

_JWT_HEADER = {"alg": "HS256", "typ": "JWT"}


class TokenError(Exception):
    """A token that cannot be used. The message gives the reason and never contains the token."""


@dataclasses.dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def _encode_segment(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode_segment(segment: str) -> bytes:
    padding = "=" * (-len(segment) % 4)
    return base64.urlsafe_b64decode(segment + padding)


def _encode_json_segment(value: Dict[str, Any]) -> str:
    return _encode_segment(json.dumps(value, separators=(",", ":")).encode("utf-8"))


class TokenIssuer:
    """Issues and verifies access tokens, and stores refresh tokens until they are used.

    Access tokens are JWTs signed with HMAC-SHA256 under a random key made for this
    issuer, so tokens issued by another emulator, or before a restart, never verify. Refresh tokens are
    random opaque strings, each usable once. The class is not thread safe: the
    emulator state calls it with its lock held.
    """

    def __init__(
        self,
        lifetime_seconds: int = ACCESS_TOKEN_LIFETIME_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._signing_key = secrets.token_bytes(32)
        self._lifetime_seconds = lifetime_seconds
        self._clock = clock
        self._refresh_tokens: Dict[str, str] = {}

    def issue(self, user_id: str, email: str) -> TokenPair:
        """Create an access token and a new refresh token for a user."""
        issued_at = int(self._clock())
        claims = {
            "sub": user_id,
            "email": email,
            "iat": issued_at,
            "exp": issued_at + self._lifetime_seconds,
            "jti": uuid.uuid4().hex,
        }
        signing_input = _encode_json_segment(_JWT_HEADER) + "." + _encode_json_segment(claims)
        access_token = signing_input + "." + _encode_segment(self._sign(signing_input))

        refresh_token = secrets.token_urlsafe(32)
        self._refresh_tokens[refresh_token] = user_id
        return TokenPair(access_token, refresh_token, self._lifetime_seconds)

    def verify(self, access_token: str) -> Dict[str, Any]:
        """Check the signature and expiry of an access token and return its claims.

        Raises TokenError. Whether ``sub`` names a known user is for the caller to check.
        """
        segments = access_token.split(".")
        if len(segments) != 3:
            raise TokenError("The access token is not a JWT.")

        header_segment, claims_segment, signature_segment = segments
        try:
            header = json.loads(_decode_segment(header_segment))
            claims = json.loads(_decode_segment(claims_segment))
            signature = _decode_segment(signature_segment)
        except (ValueError, binascii.Error):
            raise TokenError("The access token is not a valid JWT.") from None

        if not isinstance(header, dict) or header.get("alg") != "HS256":
            raise TokenError("The access token is not signed with HS256.")
        expected = self._sign(header_segment + "." + claims_segment)
        if not hmac.compare_digest(signature, expected):
            raise TokenError("The access token signature is invalid.")
        if not isinstance(claims, dict) or not isinstance(claims.get("sub"), str):
            raise TokenError("The access token has no subject.")
        expires_at = claims.get("exp")
        if not isinstance(expires_at, int) or expires_at <= self._clock():
            raise TokenError("The access token has expired. Request a new one.")
        return claims

    def redeem_refresh_token(self, refresh_token: str) -> Optional[str]:
        """Invalidate a refresh token and return its user id, or None if it is unknown."""
        return self._refresh_tokens.pop(refresh_token, None)

    def _sign(self, signing_input: str) -> bytes:
        return hmac.new(self._signing_key, signing_input.encode("ascii"), hashlib.sha256).digest()
