# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one redaction rule for everything the collection returns, logs or diffs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

SECRET_KEY_PARTS = ("secret", "token", "password")

# Masked values and public identifiers whose names contain a secret word but
# which are safe to show: they identify a credential without granting access.
SAFE_PREFIXES = ("display",)
SAFE_KEYS = frozenset(["public_key", "publickey", "client_id", "clientid"])


def is_secret_key(name):
    """Return True when a field called ``name`` may carry a secret value.

    Covers any name containing secret, token or password, in any case and in
    camelCase or snake_case (secretKey, encrypted_secret_key, clientSecret,
    refresh_token), and the bare name ``key``.
    """
    lowered = str(name).lower()
    if lowered in SAFE_KEYS or lowered.startswith(SAFE_PREFIXES):
        return False
    if lowered == "key":
        return True
    return any(part in lowered for part in SECRET_KEY_PARTS)


def redact(value):
    """Return a copy of ``value`` without any field that may carry a secret, at any depth."""
    if isinstance(value, dict):
        return dict((key, redact(item)) for key, item in value.items() if not is_secret_key(key))
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    return value
