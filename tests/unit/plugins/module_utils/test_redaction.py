# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one redaction rule."""

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.client import flatten_resource
from ansible_collections.makakoo.platform.plugins.module_utils.redaction import is_secret_key, redact, secret_values


@pytest.mark.parametrize("name", [
    "secret_key", "secretKey", "encrypted_secret_key", "encryptedSecretKey", "client_secret", "clientSecret",
    "key", "Key", "token", "access_token", "refresh_token", "password", "SECRET", "invitation_token",
])
def test_secret_names_removed(name):
    assert is_secret_key(name) is True


@pytest.mark.parametrize("name", [
    "display_secret_key", "displaySecretKey", "display_key", "public_key", "publicKey", "client_id", "clientId",
    "api_keys", "note", "name", "keys", "provider",
])
def test_identifier_names_kept(name):
    assert is_secret_key(name) is False


def test_redact_nested_structures():
    value = {
        "id": "1",
        "meta": {"secret_key": "sk_live_x", "can": {"ok": True}},
        "items": [{"client_secret": "cs", "client_id": "ci"}, {"key": "k", "display_key": "sk-****"}],
    }

    assert redact(value) == {
        "id": "1",
        "meta": {"can": {"ok": True}},
        "items": [{"client_id": "ci"}, {"display_key": "sk-****"}],
    }


@pytest.mark.parametrize("name", ["api_key", "apiKey", "private_key", "privateKey", "APIKey", "signing_key"])
def test_other_key_names_removed(name):
    assert is_secret_key(name) is True


@pytest.mark.parametrize("name", ["key_id", "keyboard", "monkey", "llm_api_keys", "display_token"])
def test_lookalike_names_kept(name):
    assert is_secret_key(name) is False


def test_meta_secret_key_removed_after_flattening():
    resource = {
        "id": 7,
        "type": "apiKey",
        "attributes": {"note": "CI", "publicKey": "pk_1", "displaySecretKey": "sk_****abcd",
                       "secretKey": "sk_live_x", "encryptedSecretKey": "enc_x"},
        "meta": {"secretKey": "sk_live_x"},
    }

    assert redact(flatten_resource(resource)) == {
        "id": "7", "note": "CI", "public_key": "pk_1", "display_secret_key": "sk_****abcd", "meta": {},
    }


def test_secret_values_found_at_any_depth():
    value = {
        "items": [{"key": "llm-provider-key-1", "name": "OpenAI"}],
        "meta": {"secret_key": "sk_live_abcdefgh"},
        "client_secret": ["listed-secret-1", {"nested": "nested-secret-1"}],
        "note": "ordinary text",
    }

    assert secret_values(value) == {"llm-provider-key-1", "sk_live_abcdefgh", "listed-secret-1", "nested-secret-1"}


def test_secret_values_skip_short_strings():
    assert secret_values({"password": "abc", "token": "long-enough-token"}) == {"long-enough-token"}
