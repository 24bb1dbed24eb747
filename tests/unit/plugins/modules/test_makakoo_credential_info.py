# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_credential_info against the emulator, seeded with canary secrets."""

import json

import pytest

from scenarios import CANARY_SECRETS, seed_with_canary_credentials

MODULE = "makakoo_credential_info"
ORGANIZATION = "Northwind Labs"

API_KEY_FIELDS = {"id", "note", "public_key", "display_secret_key", "project_id", "project_name",
                  "created_at", "expires_at", "last_used_at"}
LLM_API_KEY_FIELDS = {"id", "name", "provider", "display_key", "project_id", "project_name", "created_at"}
SENTINEL_PASS_FIELDS = {"id", "pass_id", "title", "description", "client_id", "credential_type", "scopes",
                        "permissions", "access_level", "status", "tags", "project_id", "project_name",
                        "created_at", "valid_from", "valid_until"}


@pytest.fixture
def canaries(emulator):
    """The emulator seeded with CANARY_SECRETS in every credential of Northwind Labs."""
    emulator.reset(seed_with_canary_credentials())
    return emulator


def organization_id(emulator):
    return str(emulator.organization(ORGANIZATION)["id"])


def project_ids(emulator):
    """Map each project name of Northwind Labs to its id."""
    return dict((project["name"], project["id"]) for project in emulator.organization(ORGANIZATION)["projects"])


def assert_no_canary(text):
    for name, secret in CANARY_SECRETS.items():
        assert secret not in text, "the secret of %s leaked" % name


def listing_paths(emulator):
    return [entry["path"] for entry in emulator.api_requests() if entry["path"].endswith(
        ("/api_keys", "/llm_api_keys", "/sentinel_passes"))]


def test_emulator_sends_secrets(canaries):
    # The service side of these tests does send every canary, so their absence
    # from the module's output is the module's doing.
    canaries.config(page_size=100)
    headers = canaries.server.auth_headers("automation@example.org")
    bodies = {}
    for kind in ("api_keys", "llm_api_keys", "sentinel_passes"):
        url = "%s/organizations/%s/%s" % (canaries.api_url, organization_id(canaries), kind)
        bodies[kind] = canaries.http.get(url, headers=headers, timeout=10).json()

    text = json.dumps(bodies)
    for name, secret in CANARY_SECRETS.items():
        assert secret in text, name
    for resource in bodies["api_keys"]["data"]:
        assert resource["meta"]["secretKey"] == resource["attributes"]["secretKey"]


def test_lists_every_kind(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert not result.failed, result["msg"]
    assert result["changed"] is False
    assert sorted(key["note"] for key in result["api_keys"]) == ["Billing export", "CI pipeline", "Grafana bridge"]
    assert sorted(key["name"] for key in result["llm_api_keys"]) == ["Anthropic staging", "OpenAI production"]
    assert sorted(item["title"] for item in result["sentinel_passes"]) == ["Export agent", "Reporting agent"]
    assert result["source"] == {"api_keys": "organization", "llm_api_keys": "organization",
                                "sentinel_passes": "organization"}
    assert result["organization"] == {"id": organization_id(canaries), "name": ORGANIZATION}


def test_result_has_no_secret(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert not result.failed, result["msg"]
    assert_no_canary(json.dumps(result))


def test_masked_values_kept(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    grafana = [key for key in result["api_keys"] if key["note"] == "Grafana bridge"][0]
    openai = [key for key in result["llm_api_keys"] if key["name"] == "OpenAI production"][0]
    reporting = [item for item in result["sentinel_passes"] if item["title"] == "Reporting agent"][0]
    assert grafana["display_secret_key"].endswith(CANARY_SECRETS["Grafana bridge secret_key"][-4:])
    assert "****" in grafana["display_secret_key"]
    assert grafana["public_key"].startswith("pk_")
    assert openai["display_key"].endswith(CANARY_SECRETS["OpenAI production key"][-4:])
    assert "****" in openai["display_key"]
    assert reporting["client_id"].startswith("spc_")
    assert reporting["scopes"] == ["read:data"]


def test_entries_carry_documented_fields(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    for entry in result["api_keys"]:
        assert set(entry) == API_KEY_FIELDS
    for entry in result["llm_api_keys"]:
        assert set(entry) == LLM_API_KEY_FIELDS
    for entry in result["sentinel_passes"]:
        assert set(entry) == SENTINEL_PASS_FIELDS


def test_entries_carry_project(canaries, run_module):
    ids = project_ids(canaries)

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    grafana = [key for key in result["api_keys"] if key["note"] == "Grafana bridge"][0]
    anthropic = [key for key in result["llm_api_keys"] if key["name"] == "Anthropic staging"][0]
    reporting = [item for item in result["sentinel_passes"] if item["title"] == "Reporting agent"][0]
    assert grafana["project_id"] == ids["Dashboards"]
    assert grafana["project_name"] == "Dashboards"
    assert anthropic["project_id"] == ids["Dashboards"]
    assert anthropic["project_name"] == "Dashboards"
    assert reporting["project_id"] == ids["Forecasting"]
    assert reporting["project_name"] == "Forecasting"


def test_dates_returned(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    keys = dict((key["note"], key) for key in result["api_keys"])
    passes = dict((item["title"], item) for item in result["sentinel_passes"])
    assert keys["CI pipeline"]["expires_at"] is None
    assert keys["Grafana bridge"]["expires_at"] is not None
    assert keys["Grafana bridge"]["last_used_at"] is not None
    assert passes["Export agent"]["valid_until"] is not None
    assert passes["Export agent"]["status"] == "paused"


def test_organization_id_option(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization_id=organization_id(canaries)))

    assert not result.failed, result["msg"]
    assert len(result["api_keys"]) == 3
    assert result["organization"]["name"] == ORGANIZATION


def test_unknown_organization_fails(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization="Nowhere Inc"))

    assert result.failed
    assert "Organization 'Nowhere Inc' was not found" in result["msg"]


def test_check_mode_same_result(canaries, run_module):
    args = dict(canaries.auth_args(), organization=ORGANIZATION)
    real = run_module(MODULE, args)
    canaries.clear_requests()

    predicted = run_module(MODULE, args, check=True)

    assert not predicted.failed, predicted["msg"]
    assert predicted["api_keys"] == real["api_keys"]
    assert predicted["llm_api_keys"] == real["llm_api_keys"]
    assert predicted["sentinel_passes"] == real["sentinel_passes"]
    assert canaries.writes() == []


def test_pagination_followed(canaries, run_module):
    canaries.config(page_size=1)

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert not result.failed, result["msg"]
    assert len(result["api_keys"]) == 3
    assert len(result["llm_api_keys"]) == 2
    assert len(result["sentinel_passes"]) == 2


def test_types_filter(canaries, run_module):
    canaries.clear_requests()

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, types=["llm_api_keys"]))

    assert not result.failed, result["msg"]
    assert len(result["llm_api_keys"]) == 2
    assert "api_keys" not in result
    assert "sentinel_passes" not in result
    assert result["source"] == {"llm_api_keys": "organization"}
    assert listing_paths(canaries) == ["/ma-metrics-wsp-ms/v1/api/organizations/%s/llm_api_keys"
                                       % organization_id(canaries)]


def test_types_two_kinds(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION,
                                     types=["sentinel_passes", "api_keys"]))

    assert not result.failed, result["msg"]
    assert len(result["api_keys"]) == 3
    assert len(result["sentinel_passes"]) == 2
    assert "llm_api_keys" not in result
    assert sorted(result["source"]) == ["api_keys", "sentinel_passes"]


def test_types_empty_fails(canaries, run_module):
    canaries.clear_requests()

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, types=[]))

    assert result.failed
    assert "types is empty" in result["msg"]
    assert canaries.api_requests() == []


def test_types_unknown_fails(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, types=["passwords"]))

    assert result.failed
    assert "passwords" in result["msg"]


def test_project_filter_by_name(canaries, run_module):
    dashboards = project_ids(canaries)["Dashboards"]
    canaries.clear_requests()

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, project="Dashboards"))

    assert not result.failed, result["msg"]
    assert sorted(key["note"] for key in result["api_keys"]) == ["Billing export", "Grafana bridge"]
    assert [key["name"] for key in result["llm_api_keys"]] == ["Anthropic staging"]
    assert [item["title"] for item in result["sentinel_passes"]] == ["Export agent"]
    assert set(entry["project_id"] for entry in result["api_keys"]) == {dashboards}
    assert result["source"] == {"api_keys": "projects", "llm_api_keys": "projects", "sentinel_passes": "projects"}
    assert all("/projects/%s/" % dashboards in path for path in listing_paths(canaries))
    assert len(listing_paths(canaries)) == 3


def test_project_filter_by_id(canaries, run_module):
    forecasting = project_ids(canaries)["Forecasting"]

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, project=forecasting))

    assert not result.failed, result["msg"]
    assert [key["note"] for key in result["api_keys"]] == ["CI pipeline"]
    assert [key["name"] for key in result["llm_api_keys"]] == ["OpenAI production"]
    assert [item["title"] for item in result["sentinel_passes"]] == ["Reporting agent"]
    assert result["api_keys"][0]["project_name"] == "Forecasting"


def test_project_filter_no_secret(canaries, run_module):
    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, project="Forecasting"))

    assert not result.failed, result["msg"]
    assert_no_canary(json.dumps(result))


def test_unknown_project_fails(canaries, run_module):
    canaries.clear_requests()

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, project="Billing"))

    assert result.failed
    assert "Project 'Billing' was not found in organization 'Northwind Labs'" in result["msg"]
    assert "'Forecasting' (id %s)" % project_ids(canaries)["Forecasting"] in result["msg"]
    assert "Check project." in result["msg"]
    assert listing_paths(canaries) == []


def test_ambiguous_project_fails(canaries, run_module):
    seed = seed_with_canary_credentials()
    seed["organizations"][0]["projects"].append({"name": "Dashboards"})
    canaries.reset(seed)

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION, project="Dashboards"))

    assert result.failed
    assert "Project name 'Dashboards' is ambiguous" in result["msg"]
    assert "matches 2 projects" in result["msg"]


def test_fallback_on_organization_404(canaries, run_module):
    args = dict(canaries.auth_args(), organization=ORGANIZATION)
    expected = run_module(MODULE, args)
    canaries.fault(method="GET", path="/organizations/%s/api_keys" % organization_id(canaries), status=404)
    canaries.clear_requests()

    result = run_module(MODULE, args)

    assert not result.failed, result["msg"]
    assert result["source"] == {"api_keys": "projects", "llm_api_keys": "organization",
                                "sentinel_passes": "organization"}
    assert sorted(result["api_keys"], key=lambda key: key["id"]) == sorted(
        expected["api_keys"], key=lambda key: key["id"])
    assert len([path for path in listing_paths(canaries) if path.endswith("/api_keys")
                and "/projects/" in path]) == 2


def test_fallback_every_kind(canaries, run_module):
    canaries.fault(method="GET", path_regex="/organizations/[^/]+/(api_keys|llm_api_keys|sentinel_passes)",
                   status=404)

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert not result.failed, result["msg"]
    assert result["source"] == {"api_keys": "projects", "llm_api_keys": "projects", "sentinel_passes": "projects"}
    assert len(result["api_keys"]) == 3
    assert len(result["llm_api_keys"]) == 2
    assert len(result["sentinel_passes"]) == 2
    assert set(entry["project_name"] for entry in result["llm_api_keys"]) == {"Forecasting", "Dashboards"}
    assert_no_canary(json.dumps(result))


def test_fallback_without_project_listing_fails(canaries, run_module):
    canaries.fault(method="GET", path_regex="/organizations/[^/]+(/projects/[^/]+)?/llm_api_keys", status=404)

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert result.failed
    assert "Cannot list the LLM API keys" in result["msg"]
    assert "both the organization-wide listing and the listing of project" in result["msg"]
    assert "remove llm_api_keys from types" in result["msg"]
    assert_no_canary(json.dumps(result))


def test_other_error_not_fallback(canaries, run_module):
    canaries.fault(method="GET", path="/organizations/%s/api_keys" % organization_id(canaries), status=500)
    canaries.clear_requests()

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert result.failed
    assert "HTTP 500" in result["msg"]
    assert not any("/projects/" in path for path in listing_paths(canaries))


@pytest.mark.parametrize("role", ["VIEWER", "MEMBER"])
def test_non_manager_gets_clear_403(canaries, run_module, role):
    email = {"VIEWER": "uma.ueda@example.com", "MEMBER": "wen.weber@example.com"}[role]

    result = run_module(MODULE, dict(canaries.auth_args(email), organization=ORGANIZATION))

    assert result.failed
    assert "Cannot list the credentials of organization 'Northwind Labs'" in result["msg"]
    assert "the caller's role there is %s" % role in result["msg"]
    assert "HTTP 403 INSUFFICIENT_PERMISSIONS" in result["msg"]
    assert "OWNER or ADMIN" in result["msg"]
    assert result["error"]["status"] == 403
    assert_no_canary(json.dumps(result))


def test_server_error_hides_echoed_secret(canaries, run_module):
    # The API keys are listed first, so their secrets are known when the
    # Sentinel pass listing fails with a body that echoes one of them.
    echoed = CANARY_SECRETS["Grafana bridge secret_key"]
    canaries.fault(method="GET", path="/organizations/%s/sentinel_passes" % organization_id(canaries), status=500,
                   body={"errors": [{"status": "500", "detail": "Decryption failed for %s" % echoed}]})

    result = run_module(MODULE, dict(canaries.auth_args(), organization=ORGANIZATION))

    assert result.failed
    assert "Failed to list Sentinel passes" in result["msg"]
    assert "HTTP 500" in result["msg"]
    assert "Decryption failed for ********" in result["msg"]
    assert_no_canary(json.dumps(result))
