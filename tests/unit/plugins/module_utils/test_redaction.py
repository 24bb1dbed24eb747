# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one redaction rule."""

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.redaction import is_secret_key, redact


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
