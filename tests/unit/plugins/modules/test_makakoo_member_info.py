# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""makakoo_member_info against the emulator."""

from scenarios import CALLER, seed_with_organization


def info_args(emulator, organization="Northwind Labs", **options):
    return dict(emulator.auth_args(), organization=organization, **options)


def test_lists_every_member(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator))

    emails = sorted(member["email"] for member in result["members"])
    assert result["changed"] is False
    assert emails == sorted([CALLER, "ops.lead@example.org", "uma.ueda@example.com", "wen.weber@example.com",
                             "former.contractor@example.org"])
    assert all(isinstance(member["id"], str) for member in result["members"])
    assert result["organization"]["name"] == "Northwind Labs"


def test_member_fields(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator, email="wen.weber@example.com"))

    member = result["members"][0]
    assert member["first_name"] == "Wen"
    assert member["last_name"] == "Weber"
    assert member["role"] == "MEMBER"
    assert member["joined_at"]


def test_email_filter_ignores_case(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator, email="WEN.Weber@Example.com"))

    assert [member["email"] for member in result["members"]] == ["wen.weber@example.com"]


def test_email_filter_without_match_is_empty(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator, email="nobody@example.com"))

    assert not result.failed
    assert result["members"] == []


def test_role_filter_any_case(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator, role="Owner"))

    assert sorted(member["email"] for member in result["members"]) == [CALLER, "ops.lead@example.org"]


def test_invalid_role_rejected_before_requests(emulator, run_module):
    args = info_args(emulator, role="boss")
    emulator.clear_requests()

    result = run_module("makakoo_member_info", args)

    assert result.failed
    assert "owner, admin, member, viewer" in result["msg"]
    assert emulator.api_requests() == []


def test_reads_every_page(emulator, run_module):
    people = [("person%02d@example.com" % number, "VIEWER") for number in range(11)]
    emulator.reset(seed_with_organization("Paged Org", [(CALLER, "OWNER")] + people))
    emulator.config(page_size=5)

    result = run_module("makakoo_member_info", info_args(emulator, organization="Paged Org", role="viewer"))

    assert len(result["members"]) == 11


def test_unknown_organization_fails(emulator, run_module):
    result = run_module("makakoo_member_info", info_args(emulator, organization="No Such Org"))

    assert result.failed
    assert "'No Such Org' was not found" in result["msg"]


def test_organization_by_id(emulator, run_module):
    organization_id = str(emulator.organization("Northwind Labs")["id"])

    result = run_module("makakoo_member_info", dict(emulator.auth_args(), organization_id=organization_id))

    assert len(result["members"]) == 5
    assert result["organization"]["id"] == organization_id
