# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seed documents for the emulator: the sample platform state and variations of it."""

import os

import yaml

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SAMPLE_SEED = os.path.join(TESTS_DIR, "emulator", "seeds", "sample.yml")
ONBOARDING_REQUEST = os.path.join(TESTS_DIR, "..", "playbooks", "vars", "onboarding-northwind.yml")

# The seed's caller: the automation account that the tests act as by default.
CALLER = "automation@example.org"


def sample_seed():
    """Return a fresh copy of the sample platform state."""
    with open(SAMPLE_SEED) as handle:
        return yaml.safe_load(handle)


def seed_with_organizations(names, seed=None):
    """Return the seed plus one empty organization per name, each with the caller as OWNER."""
    seed = sample_seed() if seed is None else seed
    for name in names:
        seed["organizations"].append({
            "name": name,
            "members": [{"email": CALLER, "role": "OWNER"}],
            "invitations": [],
            "projects": [],
        })
    return seed


def seed_with_member(organization, email, role, seed=None):
    """Return the seed with ``email`` added to ``organization`` in ``role``."""
    seed = sample_seed() if seed is None else seed
    for entry in seed["organizations"]:
        if entry["name"] == organization:
            entry["members"].append({"email": email, "role": role})
            return seed
    raise KeyError(organization)


def seed_with_accounts(emails, seed=None):
    """Return the seed plus a platform account for each e-mail that has none yet."""
    seed = sample_seed() if seed is None else seed
    known = set(user["email"].lower() for user in seed["users"])
    for email in emails:
        if email.lower() not in known:
            seed["users"].append({"email": email})
            known.add(email.lower())
    return seed


def seed_with_organization(name, members, invitations=(), seed=None):
    """Return the seed plus an organization with ``members`` as (email, role) pairs.

    Every member gets a platform account. ``invitations`` are (email, lower
    case role) pairs of pending invitations.
    """
    seed = seed_with_accounts([email for email, role in members], seed)
    seed["organizations"].append({
        "name": name,
        "members": [{"email": email, "role": role} for email, role in members],
        "invitations": [{"email": email, "role": role} for email, role in invitations],
        "projects": [],
    })
    return seed
