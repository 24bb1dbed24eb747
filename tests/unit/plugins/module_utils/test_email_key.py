# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""E-mail comparison keys."""

from ansible_collections.makakoo.platform.plugins.module_utils.membership import email_key


def test_email_key_ignores_case():
    assert email_key("Kwame.Kowalski@Example.com") == email_key("kwame.kowalski@example.com")


def test_email_key_folds_sharp_s():
    assert email_key("STRASSE@example.com") == email_key("straße@example.com")


def test_email_key_keeps_plus_tag():
    assert email_key("farah.fischer+analytics@example.com") != email_key("farah.fischer@example.com")


def test_email_key_strips_spaces():
    assert email_key("  ana@example.com ") == "ana@example.com"
