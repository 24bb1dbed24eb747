# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential audit example of docs/examples runs against the emulator."""

import os

from scenarios import CALLER, CANARY_SECRETS, days_from_now, seed_with_canary_credentials

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "examples",
                       "credential_audit.yml")


def audit_seed():
    """Return the canary seed plus an organization the caller owns and one where it is a VIEWER."""
    seed = seed_with_canary_credentials()
    seed["organizations"].append({
        "name": "Contoso Ops",
        "members": [{"email": CALLER, "role": "OWNER"}],
        "invitations": [],
        "projects": [{
            "name": "Paging",
            "api_keys": [{"note": "Pager relay", "created_at": days_from_now(-120), "expires_at": days_from_now(10)}],
        }],
    })
    seed["organizations"].append({
        "name": "Fabrikam Studio",
        "members": [{"email": "ops.lead@example.org", "role": "OWNER"}, {"email": CALLER, "role": "VIEWER"}],
        "invitations": [],
        "projects": [{"name": "Renders", "api_keys": [{"note": "Render farm"}]}],
    })
    return seed


def run_audit(emulator, run_playbook, verbosity=0):
    emulator.reset(audit_seed())
    with open(EXAMPLE) as handle:
        playbook = handle.read()
    return run_playbook(playbook, env=emulator.auth_env(), verbosity=verbosity)


def test_audit_example_runs(emulator, run_playbook):
    run = run_audit(emulator, run_playbook)

    assert run.rc == 0, run.output
    assert run.failed == 0, run.output
    assert run.changed == 0, run.output


def test_audit_counts_each_organization(emulator, run_playbook):
    run = run_audit(emulator, run_playbook)

    assert "Northwind Labs: API keys 3, LLM API keys 2, Sentinel passes 2." in run.output
    assert "Contoso Ops: API keys 1, LLM API keys 0, Sentinel passes 0." in run.output


def test_audit_flags_keys(emulator, run_playbook):
    run = run_audit(emulator, run_playbook)

    assert "CI pipeline (project Forecasting, organization Northwind Labs): no expiry date" in run.output
    assert "Grafana bridge (project Dashboards, organization Northwind Labs): not used for 200 days" in run.output
    assert "Pager relay (project Paging, organization Contoso Ops): not used for 120 days" in run.output
    assert "Billing export (project" not in run.output


def test_audit_skips_viewer_organization(emulator, run_playbook):
    run = run_audit(emulator, run_playbook)

    assert "Skipped Fabrikam Studio" in run.output
    assert "the caller's role is VIEWER" in run.output
    assert "Render farm" not in run.output


def test_audit_vvv_has_no_secret(emulator, run_playbook):
    run = run_audit(emulator, run_playbook, verbosity=3)

    assert run.rc == 0, run.output
    assert "module_args" in run.output
    assert "display_secret_key" in run.output
    for name, secret in CANARY_SECRETS.items():
        assert secret not in run.output, "the secret of %s leaked" % name
