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

# Secret values shorter than this are not masked inside other strings, because
# masking a short value such as "abc" would garble unrelated text. Such a value
# is still removed with its field by redact().
MIN_MASKED_LENGTH = 8


def is_secret_key(name):
    """Return True when a field called ``name`` may carry a secret value.

    Covers any name containing secret, token or password, in any case and in
    camelCase or snake_case (secretKey, encrypted_secret_key, clientSecret,
    refresh_token), the bare name ``key`` and any other name of a key
    (api_key, private_key, privateKey). Masked display values (display_key,
    displaySecretKey), public_key and client_id are not secret.
    """
    text = str(name)
    lowered = text.lower()
    if lowered in SAFE_KEYS or lowered.startswith(SAFE_PREFIXES):
        return False
    if any(part in lowered for part in SECRET_KEY_PARTS):
        return True
    return lowered == "key" or lowered.endswith("_key") or text.endswith("Key")


def redact(value):
    """Return a copy of ``value`` without any field that may carry a secret, at any depth."""
    if isinstance(value, dict):
        return dict((key, redact(item)) for key, item in value.items() if not is_secret_key(key))
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    return value


def secret_values(value):
    """Return the set of strings that redact() would remove from ``value``, at any depth.

    A module adds them to AnsibleModule.no_log_values, so that a secret which
    also appears in a field with an ordinary name, or in an error message
    echoed by the service, is masked as well. Strings shorter than
    MIN_MASKED_LENGTH are left out.
    """
    found = set()
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            for key, item in current.items():
                if is_secret_key(key):
                    found.update(_strings(item))
                else:
                    pending.append(item)
        elif isinstance(current, (list, tuple)):
            pending.extend(current)
    return set(text for text in found if len(text) >= MIN_MASKED_LENGTH)


def _strings(value):
    """Return every string inside ``value``, which may be a string, a list or a dict."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        strings = []
        for item in value:
            strings.extend(_strings(item))
        return strings
    return []
