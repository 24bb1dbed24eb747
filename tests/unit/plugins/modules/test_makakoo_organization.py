# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_organization and makakoo_organization_info against the emulator."""

import pytest

from scenarios import seed_with_member, seed_with_organizations


def test_create_reports_changed(emulator, run_module):
    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="Northwind Analytics"))

    assert result["changed"] is True
    assert result["action"] == "created"
    assert result["organization"]["name"] == "Northwind Analytics"
    assert result["organization"]["current_user_role"] == "OWNER"
    assert isinstance(result["organization"]["id"], str)
    assert result["diff"] == {"before": {}, "after": {"name": "Northwind Analytics"}}
    assert emulator.organization("Northwind Analytics") is not None


def test_create_rerun_reports_unchanged(emulator, run_module):
    args = dict(emulator.auth_args(), name="Northwind Analytics")
    run_module("makakoo_organization", args)
    emulator.clear_requests()

    result = run_module("makakoo_organization", args)

    assert result["changed"] is False
    assert result["action"] == "unchanged"
    assert emulator.writes() == []


def test_check_mode_sends_no_writes(emulator, run_module):
    args = dict(emulator.auth_args(), name="Northwind Analytics")
    emulator.clear_requests()

    predicted = run_module("makakoo_organization", args, check=True)

    assert predicted["changed"] is True
    assert predicted["action"] == "created"
    assert predicted["diff"] == {"before": {}, "after": {"name": "Northwind Analytics"}}
    assert emulator.writes() == []
    assert emulator.organization("Northwind Analytics") is None


def test_check_mode_rename_sends_no_writes(emulator, run_module):
    args = dict(emulator.auth_args(), name="Northwind Labs", new_name="Northwind Research")
    emulator.clear_requests()

    predicted = run_module("makakoo_organization", args, check=True)

    assert predicted["changed"] is True
    assert predicted["action"] == "renamed"
    assert emulator.writes() == []
    assert emulator.organization("Northwind Labs") is not None


def test_rename_then_rerun_unchanged(emulator, run_module):
    args = dict(emulator.auth_args(), name="Northwind Labs", new_name="Northwind Research")
    original_id = str(emulator.organization("Northwind Labs")["id"])

    first = run_module("makakoo_organization", args)
    emulator.clear_requests()
    second = run_module("makakoo_organization", args)

    assert first["changed"] is True
    assert first["action"] == "renamed"
    assert first["organization"]["id"] == original_id
    assert first["diff"] == {"before": {"name": "Northwind Labs"}, "after": {"name": "Northwind Research"}}
    assert second["changed"] is False
    assert second["organization"]["id"] == original_id
    assert emulator.writes() == []


def test_rename_fails_when_both_names_exist(emulator, run_module):
    emulator.reset(seed_with_organizations(["Northwind Research"]))
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(
        emulator.auth_args(), name="Northwind Labs", new_name="Northwind Research"))

    assert result.failed
    assert "both names exist" in result["msg"]
    assert emulator.writes() == []


def test_rename_creates_when_neither_exists(emulator, run_module):
    result = run_module("makakoo_organization", dict(
        emulator.auth_args(), name="Old Name", new_name="Brand New"))

    assert result["changed"] is True
    assert result["action"] == "created"
    assert "Neither 'Old Name' nor 'Brand New' existed" in result["msg"]
    assert emulator.organization("Brand New") is not None


def test_rename_by_id(emulator, run_module):
    organization_id = str(emulator.organization("Northwind Labs")["id"])
    args = dict(emulator.auth_args(), organization_id=organization_id, name="Northwind Research")

    first = run_module("makakoo_organization", args)
    second = run_module("makakoo_organization", args)

    assert first["changed"] is True
    assert second["changed"] is False
    assert emulator.organization("Northwind Research") is not None


def test_unknown_id_fails(emulator, run_module):
    result = run_module("makakoo_organization", dict(
        emulator.auth_args(), organization_id="no-such-id", name="Anything"))

    assert result.failed
    assert "Organization id 'no-such-id' was not found" in result["msg"]


def test_ambiguous_name_lists_ids(emulator, run_module):
    emulator.reset(seed_with_organizations(["Twin", "Twin"]))
    twin_ids = [str(org["id"]) for org in emulator.state()["organizations"] if org["name"] == "Twin"]

    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="Twin", new_name="Single"))

    assert result.failed
    assert "ambiguous" in result["msg"]
    for organization_id in twin_ids:
        assert organization_id in result["msg"]


def test_organization_found_on_last_page(emulator, run_module):
    names = ["Filler %02d" % number for number in range(12)] + ["Last Page Org"]
    emulator.reset(seed_with_organizations(names))
    emulator.config(page_size=5)
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="Last Page Org"))

    list_calls = [entry for entry in emulator.api_requests() if entry["path"].endswith("/organizations")]
    assert result["changed"] is False
    assert len(list_calls) == 3
    assert emulator.writes() == []


def test_blank_name_rejected_before_requests(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="  "))

    assert result.failed
    assert "Invalid name" in result["msg"]
    assert emulator.api_requests() == []


def test_viewer_rename_gives_permission_message(emulator, run_module):
    emulator.reset(seed_with_member("Northwind Labs", "kofi.kim@example.com", "VIEWER"))

    result = run_module("makakoo_organization", dict(
        emulator.auth_args("kofi.kim@example.com"), name="Northwind Labs", new_name="Taken Over"))

    assert result.failed
    assert "HTTP 403" in result["msg"]
    assert "role does not allow" in result["msg"]


def test_info_lists_visible_organizations(emulator, run_module):
    result = run_module("makakoo_organization_info", emulator.auth_args())

    names = sorted(org["name"] for org in result["organizations"])
    assert result["changed"] is False
    assert names == ["Northwind Labs"]


def test_info_ids_are_strings(emulator, run_module):
    result = run_module("makakoo_organization_info", emulator.auth_args())

    assert all(isinstance(org["id"], str) for org in result["organizations"])


def test_info_filters_by_name_and_id(emulator, run_module):
    organization_id = str(emulator.organization("Northwind Labs")["id"])

    by_name = run_module("makakoo_organization_info", dict(emulator.auth_args(), name="Northwind Labs"))
    by_id = run_module("makakoo_organization_info", dict(emulator.auth_args(), organization_id=organization_id))
    missing = run_module("makakoo_organization_info", dict(emulator.auth_args(), name="Nope"))

    assert [org["id"] for org in by_name["organizations"]] == [organization_id]
    assert [org["id"] for org in by_id["organizations"]] == [organization_id]
    assert missing["organizations"] == []


def test_info_include_users_and_projects(emulator, run_module):
    result = run_module("makakoo_organization_info", dict(
        emulator.auth_args(), name="Northwind Labs", include=["users", "projects", "organization_memberships"]))

    organization = result["organizations"][0]
    emails = sorted(user["email"] for user in organization["users"])
    assert "former.contractor@example.org" in emails
    assert len(emails) == 5
    assert sorted(project["name"] for project in organization["projects"]) == ["Dashboards", "Forecasting"]
    assert len(organization["organization_memberships"]) == 5


def test_info_check_mode_runs(emulator, run_module):
    result = run_module("makakoo_organization_info", emulator.auth_args(), check=True)

    assert result["organizations"]


def test_malformed_lookup_fails_cleanly(emulator, run_module):
    organization_id = str(emulator.organization("Northwind Labs")["id"])
    emulator.fault(method="GET", path="/organizations/%s" % organization_id, status=200, body={"data": []})
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(
        emulator.auth_args(), organization_id=organization_id, name="Northwind Research"))

    assert result.failed
    assert "Failed to get organization id %s" % organization_id in result["msg"]
    assert "JSON:API" in result["msg"]
    assert emulator.writes() == []


def test_blank_organization_id_rejected_before_requests(emulator, run_module):
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(emulator.auth_args(), organization_id="", name="Anything"))

    assert result.failed
    assert "Invalid organization_id" in result["msg"]
    assert emulator.api_requests() == []


def rename_args(emulator, by_id):
    if by_id:
        organization_id = str(emulator.organization("Northwind Labs")["id"])
        return dict(emulator.auth_args(), organization_id=organization_id, name="Northwind Research")
    return dict(emulator.auth_args(), name="Northwind Labs", new_name="Northwind Research")


@pytest.mark.parametrize("by_id", [False, True], ids=["by-name", "by-id"])
def test_check_mode_rename_predicts_real_run(emulator, run_module, by_id):
    args = rename_args(emulator, by_id)

    predicted = run_module("makakoo_organization", args, check=True)
    real = run_module("makakoo_organization", args)

    for key in ("changed", "action", "msg", "diff", "organization"):
        assert predicted[key] == real[key], key


@pytest.mark.parametrize("by_id", [False, True], ids=["by-name", "by-id"])
def test_rerun_result_matches_renamed(emulator, run_module, by_id):
    args = rename_args(emulator, by_id)

    first = run_module("makakoo_organization", args)
    second = run_module("makakoo_organization", args)

    assert second["organization"] == first["organization"]


@pytest.mark.parametrize("check", [True, False], ids=["check", "apply"])
def test_rename_by_id_to_taken_name_fails(emulator, run_module, check):
    emulator.reset(seed_with_organizations(["Northwind Research"]))
    organization_id = str(emulator.organization("Northwind Labs")["id"])
    taken_id = str(emulator.organization("Northwind Research")["id"])
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(
        emulator.auth_args(), organization_id=organization_id, name="Northwind Research"), check=check)

    assert result.failed
    assert "organization id %s already has that name" % taken_id in result["msg"]
    assert emulator.writes() == []
    assert emulator.organization("Northwind Labs") is not None


def organization_posts(emulator):
    return [entry for entry in emulator.api_requests()
            if entry["method"] == "POST" and entry["path"].endswith("/organizations")]


@pytest.mark.parametrize("fault", [{"status": 502}, {"drop": True}], ids=["502", "dropped"])
def test_create_applied_despite_fault_reported_created(emulator, run_module, fault):
    emulator.fault(method="POST", path="/organizations", after=True, times=1, **fault)
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="Northwind Analytics"))

    names = [org["name"] for org in emulator.state()["organizations"]]
    assert not result.failed, result.get("msg")
    assert result["changed"] is True
    assert result["action"] == "created"
    assert result["organization"]["id"] == str(emulator.organization("Northwind Analytics")["id"])
    assert names.count("Northwind Analytics") == 1
    assert len(organization_posts(emulator)) == 1


def test_create_recovery_warns(emulator, run_playbook):
    emulator.fault(method="POST", path="/organizations", status=502, after=True, times=1)

    run = run_playbook("""
        - name: Create through a fault
          hosts: localhost
          gather_facts: false
          tasks:
            - name: Ensure the organization exists
              makakoo.platform.makakoo_organization:
                name: Northwind Analytics
        """, env=emulator.auth_env())

    assert run.recap.get("changed") == 1, run.output
    assert run.recap.get("failed") == 0, run.output
    assert "so the request was not sent again" in run.output


def test_create_fault_before_apply_fails(emulator, run_module):
    emulator.fault(method="POST", path="/organizations", status=502, times=1)
    emulator.clear_requests()

    result = run_module("makakoo_organization", dict(emulator.auth_args(), name="Northwind Analytics"))

    assert result.failed
    assert "HTTP 502" in result["msg"]
    assert "no organization named 'Northwind Analytics' exists" in result["msg"]
    assert emulator.organization("Northwind Analytics") is None
    assert len(organization_posts(emulator)) == 1
