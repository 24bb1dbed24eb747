# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seed documents for the emulator: the sample platform state and variations of it."""

import datetime
import os

import yaml

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SAMPLE_SEED = os.path.join(TESTS_DIR, "emulator", "seeds", "sample.yml")
ONBOARDING_REQUEST = os.path.join(TESTS_DIR, "..", "playbooks", "vars", "onboarding-northwind.yml")
# The state after onboarding ONBOARDING_REQUEST onto SAMPLE_SEED, written out by hand.
EXPECTED_ONBOARDING_STATE = os.path.join(TESTS_DIR, "integration", "expected_onboarding.yml")

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


# Fake secrets, one per secret field of every credential in seed_with_canary_credentials().
# None of them contains "_", so the emulator's masked display values show only their
# last 4 characters, and a test can search any output for the whole value.
CANARY_SECRETS = {
    "CI pipeline secret_key": "canary-sk-ci-pipeline-3e9d71c2a4",
    "CI pipeline encrypted_secret_key": "canary-enc-ci-pipeline-b06f58e1",
    "Grafana bridge secret_key": "canary-sk-grafana-bridge-5a2c94d7",
    "Grafana bridge encrypted_secret_key": "canary-enc-grafana-bridge-71e0c3bf",
    "Billing export secret_key": "canary-sk-billing-export-c81d26a9",
    "Billing export encrypted_secret_key": "canary-enc-billing-export-4f7b90e2",
    "OpenAI production key": "canary-llm-openai-production-9c3e1a57",
    "Anthropic staging key": "canary-llm-anthropic-staging-e2d84b06",
    "Reporting agent client_secret": "canary-cs-reporting-agent-17fa6c3d",
    "Export agent client_secret": "canary-cs-export-agent-d95b2e80",
}


def days_from_now(days):
    """Return the UTC time ``days`` from now (negative: in the past) as an ISO 8601 string."""
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed_with_canary_credentials(seed=None):
    """Return the seed with Northwind Labs' credentials replaced by ones holding CANARY_SECRETS.

    Both projects get every kind of credential. For audits by date, "CI pipeline"
    has no expiry date, "Grafana bridge" was last used 200 days ago, and
    "Billing export" expires in a year and was used 3 days ago.
    """
    seed = sample_seed() if seed is None else seed
    secrets = CANARY_SECRETS
    projects = {
        "Forecasting": {
            "api_keys": [{
                "note": "CI pipeline",
                "secret_key": secrets["CI pipeline secret_key"],
                "encrypted_secret_key": secrets["CI pipeline encrypted_secret_key"],
                "created_at": days_from_now(-30),
                "last_used_at": days_from_now(-1),
            }],
            "llm_api_keys": [{
                "name": "OpenAI production",
                "provider": "openai",
                "key": secrets["OpenAI production key"],
            }],
            "sentinel_passes": [{
                "title": "Reporting agent",
                "client_secret": secrets["Reporting agent client_secret"],
                "scopes": ["read:data"],
            }],
        },
        "Dashboards": {
            "api_keys": [{
                "note": "Grafana bridge",
                "secret_key": secrets["Grafana bridge secret_key"],
                "encrypted_secret_key": secrets["Grafana bridge encrypted_secret_key"],
                "created_at": days_from_now(-400),
                "expires_at": days_from_now(365),
                "last_used_at": days_from_now(-200),
            }, {
                "note": "Billing export",
                "secret_key": secrets["Billing export secret_key"],
                "encrypted_secret_key": secrets["Billing export encrypted_secret_key"],
                "created_at": days_from_now(-400),
                "expires_at": days_from_now(365),
                "last_used_at": days_from_now(-3),
            }],
            "llm_api_keys": [{
                "name": "Anthropic staging",
                "provider": "anthropic",
                "key": secrets["Anthropic staging key"],
            }],
            "sentinel_passes": [{
                "title": "Export agent",
                "client_secret": secrets["Export agent client_secret"],
                "status": "paused",
                "valid_until": days_from_now(30),
            }],
        },
    }
    for organization in seed["organizations"]:
        if organization["name"] == "Northwind Labs":
            for project in organization["projects"]:
                project.update(projects[project["name"]])
            return seed
    raise KeyError("Northwind Labs")


def platform_state(emulator):
    """Return {organization name: {members, invitations}} from the emulator, e-mails in lower case."""
    state = {}
    for organization in emulator.state()["organizations"]:
        state[organization["name"]] = {
            "members": dict((member["email"].lower(), member["role"]) for member in organization["members"]),
            "invitations": dict((invitation["email"].lower(), invitation["role"])
                                for invitation in organization["invitations"]
                                if invitation["status"] == "pending"),
        }
    return state
