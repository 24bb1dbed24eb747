# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared API client: envelopes, pagination, errors and retries.

Most tests use the emulator over real HTTP with injected faults. Only the
pagination origin check replaces the transport, because the emulator never
sends a link to another host.
"""

import email.utils
import time

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils import client as client_module
from ansible_collections.makakoo.platform.plugins.module_utils import membership
from ansible_collections.makakoo.platform.plugins.module_utils.client import (
    OPERATIONS,
    MakakooApiError,
    MakakooClient,
    decode_token_claims,
    flatten_resource,
)

from scenarios import CALLER, seed_with_organizations


class RecordingSleep:
    """Stands in for time.sleep so that retry tests record waits instead of waiting."""

    def __init__(self):
        self.waits = []

    def __call__(self, seconds):
        self.waits.append(seconds)


@pytest.fixture
def sleeps():
    return RecordingSleep()


@pytest.fixture
def client(emulator, sleeps):
    return MakakooClient(emulator.api_url, emulator.api_key, emulator.token(), auth_url=emulator.auth_url,
                         timeout=5, sleep=sleeps)


def northwind_id(emulator):
    return str(emulator.organization("Northwind Labs")["id"])


def count(emulator, method, suffix):
    return len([entry for entry in emulator.api_requests()
                if entry["method"] == method and entry["path"].endswith(suffix)])


def test_every_operation_has_a_client_method():
    missing = [name for name in OPERATIONS if not callable(getattr(MakakooClient, name, None))]

    assert missing == []


def test_path_values_are_url_encoded(client):
    url = client._url("get_organization", {"org": "a/b&c d+é?"})

    assert url.endswith("/organizations/a%2Fb%26c%20d%2B%C3%A9%3F")


def test_flatten_resource_snake_case_and_string_id():
    flat = flatten_resource({"id": 1001, "type": "organization",
                             "attributes": {"currentUserRole": "OWNER", "createdAt": "x", "organizationId": 7},
                             "meta": {"can": {"organization": {"manageSettings": True}}}})

    assert flat["id"] == "1001"
    assert flat["current_user_role"] == "OWNER"
    assert flat["created_at"] == "x"
    assert flat["organization_id"] == "7"
    assert flat["meta"] == {"can": {"organization": {"manage_settings": True}}}


def test_decode_token_claims_reads_emulator_token(emulator):
    claims = decode_token_claims(emulator.token())

    assert claims["email"] == CALLER
    assert claims["sub"]


def test_decode_token_claims_tolerates_garbage():
    assert decode_token_claims("not-a-jwt") == {}
    assert decode_token_claims("a.%%%.c") == {}
    assert decode_token_claims(None) == {}


def test_legacy_numeric_id_becomes_string(client):
    organizations = client.list_organizations()

    assert all(isinstance(org["id"], str) for org in organizations)


def test_pagination_reaches_last_page(emulator, client):
    emulator.reset(seed_with_organizations(["Org %02d" % number for number in range(11)]))
    emulator.config(page_size=5)
    emulator.clear_requests()

    organizations = client.list_organizations()

    assert len(organizations) == 12
    assert count(emulator, "GET", "/organizations") == 3


def test_next_link_to_other_host_not_followed(client, monkeypatch):
    class FakeResponse:
        status_code = 200
        text = '{"data": [], "links": {"next": "https://attacker.example/steal?page=2"}}'
        headers = {}

        def json(self):
            return {"data": [], "links": {"next": "https://attacker.example/steal?page=2"}}

    calls = []

    def fake_request(method, url, **kwargs):
        calls.append(url)
        return FakeResponse()

    monkeypatch.setattr(client.session, "request", fake_request)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert len(calls) == 1
    assert "attacker.example" in str(caught.value)
    assert "not sent there" in str(caught.value)


def test_unauthorized_message_names_credentials(emulator):
    bad = MakakooClient(emulator.api_url, "wrong-key", emulator.token(), timeout=5)

    with pytest.raises(MakakooApiError) as caught:
        bad.list_organizations()

    assert caught.value.status == 401
    assert "api_key" in str(caught.value)
    assert "access_token" in str(caught.value)
    assert "wrong-key" not in str(caught.value)


def test_404_message_names_object(client):
    with pytest.raises(MakakooApiError) as caught:
        client.get_organization("missing-org")

    assert caught.value.status == 404
    assert "missing-org" in str(caught.value)
    assert "Not found" in str(caught.value)


def test_html_error_body_gives_clear_message(emulator, client):
    emulator.fault(method="GET", path="/organizations", status=500, body="<html><h1>Bad gateway</h1></html>",
                   content_type="text/html")

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert caught.value.status == 500
    assert "HTML error page" in str(caught.value)
    assert "Retry later" in str(caught.value)
    assert "<html>" not in str(caught.value)


def test_empty_error_body_gives_clear_message(emulator, client):
    emulator.fault(method="GET", path="/organizations", status=400, body="")

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "empty error body" in str(caught.value)


def test_malformed_success_body_gives_clear_message(emulator, client):
    emulator.fault(method="GET", path="/organizations", malformed=True)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "not JSON" in str(caught.value)


def test_429_retry_after_then_success(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=429, retry_after=2, times=1)
    emulator.clear_requests()

    organizations = client.list_organizations()

    assert organizations
    assert sleeps.waits == [2.0]
    assert count(emulator, "GET", "/organizations") == 2


def test_503_on_read_retried(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=503, times=2)
    emulator.clear_requests()

    organizations = client.list_organizations()

    assert organizations
    assert len(sleeps.waits) == 2
    assert count(emulator, "GET", "/organizations") == 3


def test_persistent_503_gives_up_bounded(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=503)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert count(emulator, "GET", "/organizations") == client_module.MAX_ATTEMPTS
    assert sum(sleeps.waits) <= client_module.MAX_TOTAL_WAIT
    assert "Gave up after 4 attempt(s)" in str(caught.value)


def test_retry_after_beyond_budget_not_waited(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=429, retry_after=3600)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert sleeps.waits == []
    assert count(emulator, "GET", "/organizations") == 1
    assert caught.value.status == 429


def test_500_on_create_not_repeated(emulator, client, sleeps):
    emulator.fault(method="POST", path="/organizations", status=500, after=True, times=1)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Created Once")

    assert count(emulator, "POST", "/organizations") == 1
    assert sleeps.waits == []
    assert caught.value.status == 500
    names = [org["name"] for org in emulator.state()["organizations"]]
    assert names.count("Created Once") == 1


def test_503_on_create_not_repeated(emulator, client):
    emulator.fault(method="POST", path="/organizations", status=503, times=1)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError):
        client.create_organization("Never Twice")

    assert count(emulator, "POST", "/organizations") == 1


def test_429_on_create_retried(emulator, client, sleeps):
    emulator.fault(method="POST", path="/organizations", status=429, retry_after=1, times=1)
    emulator.clear_requests()

    organization = client.create_organization("After Rate Limit")

    assert organization["name"] == "After Rate Limit"
    assert count(emulator, "POST", "/organizations") == 2
    assert sleeps.waits == [1.0]


def test_dropped_connection_on_create_not_repeated(emulator, client):
    emulator.fault(method="POST", path="/organizations", drop=True, times=1)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Dropped")

    assert count(emulator, "POST", "/organizations") == 1
    assert "not repeated" in str(caught.value)


def test_delete_retry_after_lost_answer_counts_as_done(emulator, client, sleeps):
    organization_id = northwind_id(emulator)
    member = [user for user in emulator.organization("Northwind Labs")["members"]
              if user["email"] == "former.contractor@example.org"][0]
    user_path = "/organizations/%s/users/%s" % (organization_id, member["user_id"])
    emulator.fault(method="DELETE", path=user_path, status=502, after=True, times=1)

    client.remove_member(organization_id, member["user_id"], email="former.contractor@example.org")

    emails = [user["email"] for user in emulator.organization("Northwind Labs")["members"]]
    assert "former.contractor@example.org" not in emails
    assert len(sleeps.waits) == 1


def test_token_exchange_with_password(emulator):
    fresh = MakakooClient(emulator.api_url, emulator.api_key, None, auth_url=emulator.auth_url, timeout=5)

    access, refresh = fresh.create_access_token(CALLER, "emulator-password")

    assert decode_token_claims(access)["email"] == CALLER
    assert refresh
    assert fresh.list_organizations()


def test_token_exchange_with_refresh_token(emulator):
    fresh = MakakooClient(emulator.api_url, emulator.api_key, None, auth_url=emulator.auth_url, timeout=5)
    dummy, refresh = fresh.create_access_token(CALLER, "emulator-password")

    access, new_refresh = fresh.refresh_access_token(refresh)

    assert decode_token_claims(access)["email"] == CALLER
    assert new_refresh


def test_wrong_password_fails_without_echo(emulator):
    fresh = MakakooClient(emulator.api_url, emulator.api_key, None, auth_url=emulator.auth_url, timeout=5)

    with pytest.raises(MakakooApiError) as caught:
        fresh.create_access_token(CALLER, "canary-password-5521")

    assert caught.value.status == 401
    assert "canary-password-5521" not in str(caught.value)


def test_unsendable_issued_token_rejected(emulator):
    issued = "eyJhbGciOiJub25lIn0.e30.sig\nX-Injected: 1"
    emulator.fault(method="POST", path="/oauth/token", status=200,
                   body={"data": {"type": "token", "attributes": {"accessToken": issued}}})
    fresh = MakakooClient(emulator.api_url, emulator.api_key, None, auth_url=emulator.auth_url, timeout=5)

    with pytest.raises(MakakooApiError) as caught:
        fresh.create_access_token(CALLER, "emulator-password")

    assert "cannot be sent in a header" in str(caught.value)
    assert "X-Injected" not in str(caught.value)
    assert fresh.access_token is None


@pytest.mark.parametrize("body", [
    [{"id": "1", "type": "organization"}],
    "\"ok\"",
    "5",
    {"data": "x"},
    {"data": {"id": "1", "type": "organization"}},
    {"data": [1, "a"]},
    {"data": [{"id": "1", "type": "organization", "attributes": "x"}]},
    {"data": [{"id": "1", "type": "organization", "meta": ["x"]}]},
    {"data": [], "links": "x"},
], ids=["array", "string", "number", "data-string", "data-object", "data-scalars", "attributes-string",
        "meta-list", "links-string"])
def test_malformed_collection_gives_clear_message(emulator, client, body):
    emulator.fault(method="GET", path="/organizations", status=200, body=body, content_type="application/json")

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "JSON:API" in str(caught.value)
    assert "Check that api_url names the Makakoo API" in str(caught.value)


@pytest.mark.parametrize("body", [
    [{"id": "1001"}],
    {"data": []},
    {"data": None},
    {"data": {"id": "1001", "type": "organization"}, "included": [1]},
    {"data": {"id": "1001", "type": "organization"}, "included": {"id": "1"}},
], ids=["array", "data-list", "data-null", "included-scalar", "included-object"])
def test_malformed_resource_gives_clear_message(emulator, client, body):
    organization_id = northwind_id(emulator)
    emulator.fault(method="GET", path="/organizations/%s" % organization_id, status=200, body=body,
                   content_type="application/json")

    with pytest.raises(MakakooApiError) as caught:
        client.get_organization(organization_id)

    assert "JSON:API" in str(caught.value)
    assert "Check that api_url names the Makakoo API" in str(caught.value)


def test_created_resource_missing_gives_clear_message(emulator, client):
    emulator.fault(method="POST", path="/organizations", status=200, body={"meta": {}})

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Shapeless")

    assert "JSON:API" in str(caught.value)


def first_page_links_to(emulator, next_link):
    """Make the first organizations page empty, with ``next_link`` as its links.next."""
    emulator.fault(method="GET", path="/organizations", status=200, times=1,
                   body={"data": [], "links": {"next": next_link}})


@pytest.mark.parametrize("next_link", [
    "/ma-metrics-wsp-ms/v1/api/organizations?page=1",
    "organizations?page=1",
    "?page=1",
    {"href": "{api_url}/organizations?page=1"},
], ids=["path-absolute", "path-relative", "query-only", "link-object"])
def test_next_link_forms_followed(emulator, client, next_link):
    if isinstance(next_link, dict):
        next_link = {"href": next_link["href"].format(api_url=emulator.api_url)}
    first_page_links_to(emulator, next_link)
    emulator.clear_requests()

    organizations = client.list_organizations()

    pages = [entry for entry in emulator.api_requests() if entry["path"].endswith("/organizations")]
    assert [org["name"] for org in organizations] == ["Northwind Labs"]
    assert len(pages) == 2
    assert pages[1]["query"] == "page=1"


@pytest.mark.parametrize("next_link", [5, ["x"], {"meta": {}}], ids=["number", "list", "object-without-href"])
def test_next_link_of_wrong_type_gives_clear_message(emulator, client, next_link):
    first_page_links_to(emulator, next_link)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "next-page link" in str(caught.value)
    assert "JSON:API" in str(caught.value)


def test_next_link_to_same_page_stops_at_once(emulator, client):
    emulator.fault(method="GET", path="/organizations", status=200,
                   body={"data": [], "links": {"next": emulator.api_url + "/organizations"}})
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert len(emulator.api_requests()) == 1
    assert "page already read" in str(caught.value)


def test_next_links_in_a_cycle_stop(emulator, client):
    page_one = emulator.api_url + "/organizations?page=1"
    page_two = emulator.api_url + "/organizations?page=2"
    emulator.fault(method="GET", path="/organizations", status=200, body={"data": [], "links": {"next": page_one}},
                   times=1)
    emulator.fault(method="GET", path="/organizations", status=200, body={"data": [], "links": {"next": page_two}},
                   times=1)
    emulator.fault(method="GET", path="/organizations", status=200, body={"data": [], "links": {"next": page_one}})
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert len(emulator.api_requests()) == 3
    assert "page already read" in str(caught.value)


def test_protocol_relative_next_link_not_followed(emulator, client):
    first_page_links_to(emulator, "//attacker.invalid/steal?page=2")
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert len(emulator.api_requests()) == 1
    assert "http://attacker.invalid" in str(caught.value)
    assert "not sent there" in str(caught.value)


@pytest.mark.parametrize("next_link", [
    "https://API.makakoo.example/ma-metrics-wsp-ms/v1/api/organizations?page=2",
    "https://api.makakoo.example:443/ma-metrics-wsp-ms/v1/api/organizations?page=2",
])
def test_same_origin_spellings_accepted(next_link):
    https_client = MakakooClient("https://api.makakoo.example/ma-metrics-wsp-ms/v1/api", "key", "token")

    https_client._check_same_origin("list_organizations", next_link)


@pytest.mark.parametrize("next_link", [
    "http://api.makakoo.example/ma-metrics-wsp-ms/v1/api/organizations?page=2",
    "https://api.makakoo.example:8443/ma-metrics-wsp-ms/v1/api/organizations?page=2",
    "https://api.makakoo.example@attacker.invalid/organizations?page=2",
])
def test_other_origins_rejected(next_link):
    https_client = MakakooClient("https://api.makakoo.example/ma-metrics-wsp-ms/v1/api", "key", "token")

    with pytest.raises(MakakooApiError):
        https_client._check_same_origin("list_organizations", next_link)


def send_invitation_error(emulator, client, error_body):
    organization_id = northwind_id(emulator)
    emulator.fault(method="POST", path="/organizations/%s/membership_invitations" % organization_id, status=422,
                   body=error_body)
    with pytest.raises(MakakooApiError) as caught:
        client.send_invitation(organization_id, "new.person@example.org", "member")
    return caught.value


def test_error_fields_of_other_types_become_text(emulator, client):
    error = send_invitation_error(emulator, client, {"errors": [
        {"status": 422, "code": 422, "title": ["Invalid"], "detail": {"email": "taken"}}]})

    assert error.code == "422"
    assert error.detail == '{"email": "taken"}'
    assert membership.is_redirect_to_add_member(error) is False
    assert "HTTP 422 422" in str(error)


def test_long_error_detail_shortened(emulator, client):
    error = send_invitation_error(emulator, client, {"errors": [{"code": "X", "detail": "d" * 5000 + "END"}]})

    assert len(str(error)) < 800
    assert "d" * 100 in str(error)
    assert "END" not in str(error)
    assert "[shortened]" in str(error)


@pytest.mark.parametrize("user_id", ["", ".", ".."])
def test_dot_segment_ids_never_sent(emulator, client, user_id):
    organization_id = northwind_id(emulator)
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.remove_member(organization_id, user_id)

    assert emulator.api_requests() == []
    assert "Invalid id '%s'" % user_id in str(caught.value)
    assert emulator.organization("Northwind Labs") is not None


def test_dot_inside_id_is_sent(emulator, client):
    emulator.clear_requests()

    with pytest.raises(MakakooApiError) as caught:
        client.get_organization("v1.2")

    paths = [entry["path"] for entry in emulator.api_requests()]
    assert caught.value.status == 404
    assert paths[0].endswith("/organizations/v1.2")


def http_date(seconds_from_now):
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def test_retry_after_http_date_honoured(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=429, retry_after=http_date(20), times=1)

    organizations = client.list_organizations()

    assert organizations
    assert len(sleeps.waits) == 1
    assert 15 <= sleeps.waits[0] <= 21


def test_retry_after_past_http_date_retries_at_once(emulator, client, sleeps):
    emulator.fault(method="GET", path="/organizations", status=503, retry_after=http_date(-60), times=1)

    organizations = client.list_organizations()

    assert organizations
    assert sleeps.waits == [0.0]


@pytest.mark.parametrize("retry_after", ["-5", "nan", "soon"])
def test_retry_after_invalid_values_bounded(emulator, client, sleeps, retry_after):
    emulator.fault(method="GET", path="/organizations", status=429, retry_after=retry_after)

    with pytest.raises(MakakooApiError):
        client.list_organizations()

    assert len(sleeps.waits) == client_module.MAX_ATTEMPTS - 1
    assert all(0 <= wait <= client_module.MAX_TOTAL_WAIT for wait in sleeps.waits)


def test_retry_after_beyond_budget_named(emulator, client):
    emulator.fault(method="GET", path="/organizations", status=429, retry_after=3600)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "asked to wait 3600 seconds" in str(caught.value)
