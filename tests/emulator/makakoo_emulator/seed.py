# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Build the platform records from a seed document.

A seed document is a mapping with ``users``, ``caller`` and ``organizations``, with
snake_case keys (see ``seeds/sample.yml``). ``EmulatorState.snapshot`` writes the
same structure, so a snapshot can be loaded again as a seed.

Records without an ``id`` get one that depends only on the seed, so every run of
the same seed has the same ids. Users, projects, credentials and invitations get
uuid5 strings. Organizations get legacy integer ids from 1001 upwards, as the
oldest organizations of the real service have. Unknown keys are rejected, so that
a misspelt key does not silently become a default value.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
from typing import Any, Dict, List, Mapping, Optional, Set

import yaml

from .model import (
    INVITATION_LIFETIME,
    INVITATION_ROLES,
    INVITATION_STATUSES,
    MEMBER_ROLES,
    SENTINEL_PASS_STATUSES,
    ApiKey,
    Invitation,
    LlmApiKey,
    Membership,
    Organization,
    OrganizationId,
    Platform,
    Project,
    SentinelPass,
    User,
    deterministic_id,
    normalize_email,
    parse_timestamp,
)

DEFAULT_PASSWORD = "emulator-password"
FIRST_LEGACY_ORGANIZATION_ID = 1001

_TOP_LEVEL_KEYS = {"users", "caller", "organizations"}
_USER_KEYS = {"id", "email", "first_name", "last_name", "password"}
_ORGANIZATION_KEYS = {"id", "name", "created_at", "members", "invitations", "projects"}
_MEMBER_KEYS = {"email", "role", "joined_at", "user_id"}
_INVITATION_KEYS = {
    "id", "email", "role", "status", "invited_by", "created_at", "expires_at", "last_sent_at",
}
_PROJECT_KEYS = {"id", "name", "created_at", "api_keys", "llm_api_keys", "sentinel_passes"}
_API_KEY_KEYS = {
    "id", "note", "public_key", "secret_key", "encrypted_secret_key",
    "created_at", "expires_at", "last_used_at",
}
_LLM_API_KEY_KEYS = {"id", "name", "provider", "key", "created_at"}
_SENTINEL_PASS_KEYS = {
    "id", "title", "description", "pass_id", "client_id", "client_secret", "credential_type",
    "scopes", "permissions", "access_level", "status", "created_at", "valid_from",
    "valid_until", "tags",
}


class SeedError(ValueError):
    """An invalid seed document. The message names the location, e.g. ``organizations[0].name``."""


def load_seed_file(path: str) -> Dict[str, Any]:
    """Read a YAML seed file. Raises SeedError when it is not a YAML mapping."""
    with open(path, encoding="utf-8") as stream:
        try:
            document = yaml.safe_load(stream)
        except yaml.YAMLError as error:
            raise SeedError("%s is not valid YAML: %s" % (path, error)) from None
    if not isinstance(document, dict):
        raise SeedError("%s must contain a YAML mapping with users and organizations" % path)
    return document


def build_platform(document: Mapping[str, Any], now: datetime.datetime) -> Platform:
    """Validate a seed document and build the platform it describes.

    ``now`` is the default creation time of every record that has none. Raises SeedError.
    """
    if not isinstance(document, Mapping):
        raise SeedError("the seed must be a mapping with users and organizations")
    _reject_unknown_keys(document, _TOP_LEVEL_KEYS, "seed")

    platform = Platform()
    for index, user_spec in enumerate(_list(document, "users", "seed")):
        user = _build_user(user_spec, "users[%d]" % index)
        if user.id in platform.users:
            raise SeedError("users[%d]: duplicate user id %r" % (index, user.id))
        if platform.find_user_by_email(user.email) is not None:
            raise SeedError("users[%d]: duplicate e-mail %s" % (index, user.email))
        platform.users[user.id] = user

    caller = document.get("caller")
    if caller is not None:
        if not isinstance(caller, str) or platform.find_user_by_email(caller) is None:
            raise SeedError("caller: %r is not the e-mail of any entry in users. Add the user to users." % (caller,))
        platform.caller_email = caller

    organization_specs = _list(document, "organizations", "seed")
    organization_ids = _assign_organization_ids(organization_specs)
    builder = _OrganizationBuilder(platform, now)
    for index, spec in enumerate(organization_specs):
        organization = builder.build(spec, organization_ids[index], "organizations[%d]" % index)
        platform.organizations.append(organization)
    return platform


def _assign_organization_ids(specs: List[Any]) -> List[OrganizationId]:
    """Return the id of each organization: its own, or the next free legacy integer."""
    assigned_ids: Set[str] = set()
    for index, spec in enumerate(specs):
        if not isinstance(spec, Mapping):
            raise SeedError("organizations[%d] must be a mapping" % index)
        if spec.get("id") is not None:
            organization_id = _organization_id(spec["id"], "organizations[%d].id" % index)
            if str(organization_id) in assigned_ids:
                raise SeedError("organizations[%d]: duplicate id %r" % (index, organization_id))
            assigned_ids.add(str(organization_id))

    ids: List[OrganizationId] = []
    next_legacy_id = FIRST_LEGACY_ORGANIZATION_ID
    for spec in specs:
        if spec.get("id") is not None:
            ids.append(_organization_id(spec["id"], "organizations[].id"))
            continue
        while str(next_legacy_id) in assigned_ids:
            next_legacy_id += 1
        ids.append(next_legacy_id)
        assigned_ids.add(str(next_legacy_id))
    return ids


def _organization_id(value: Any, where: str) -> OrganizationId:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise SeedError("%s must be an integer or a non-empty string" % where)
    return value


def _build_user(spec: Any, where: str) -> User:
    spec = _mapping(spec, where, _USER_KEYS)
    email = _required_string(spec, "email", where)
    return User(
        id=_record_id(spec, where, "user", normalize_email(email)),
        email=email,
        first_name=_optional_string(spec, "first_name", where, ""),
        last_name=_optional_string(spec, "last_name", where, ""),
        password=_optional_string(spec, "password", where, DEFAULT_PASSWORD),
    )


class _OrganizationBuilder:
    """Builds organizations and their contents, checking that ids are unique across the seed."""

    def __init__(self, platform: Platform, now: datetime.datetime) -> None:
        self._platform = platform
        self._now = now
        self._used_ids: Set[str] = set()

    def build(self, spec: Mapping[str, Any], organization_id: OrganizationId, where: str) -> Organization:
        _reject_unknown_keys(spec, _ORGANIZATION_KEYS, where)
        name = _required_string(spec, "name", where)
        if not name.strip():
            raise SeedError("%s.name must not be blank" % where)
        organization = Organization(
            id=organization_id,
            name=name,
            created_at=_timestamp(spec, "created_at", where, self._now),
        )

        for index, member_spec in enumerate(_list(spec, "members", where)):
            self._add_member(organization, member_spec, "%s.members[%d]" % (where, index))
        for index, invitation_spec in enumerate(_list(spec, "invitations", where)):
            invitation = self._build_invitation(
                organization, invitation_spec, index, "%s.invitations[%d]" % (where, index)
            )
            organization.invitations.append(invitation)
        for index, project_spec in enumerate(_list(spec, "projects", where)):
            project = self._build_project(
                organization, project_spec, index, "%s.projects[%d]" % (where, index)
            )
            organization.projects.append(project)
        return organization

    def _add_member(self, organization: Organization, spec: Any, where: str) -> None:
        spec = _mapping(spec, where, _MEMBER_KEYS)
        email = _required_string(spec, "email", where)
        user = self._platform.find_user_by_email(email)
        if user is None:
            raise SeedError("%s: %s is not the e-mail of any entry in users. Add the user to users." % (where, email))
        if spec.get("user_id") is not None and str(spec["user_id"]) != user.id:
            raise SeedError("%s.user_id %r does not match the id of %s" % (where, spec["user_id"], email))
        if user.id in organization.members:
            raise SeedError("%s: %s is already listed as a member. List each member once." % (where, email))

        role = _required_string(spec, "role", where).upper()
        if role not in MEMBER_ROLES:
            raise SeedError("%s.role must be one of %s" % (where, ", ".join(MEMBER_ROLES)))
        organization.members[user.id] = Membership(
            user_id=user.id,
            role=role,
            joined_at=_timestamp(spec, "joined_at", where, organization.created_at),
        )

    def _build_invitation(self, organization: Organization, spec: Any, index: int, where: str) -> Invitation:
        spec = _mapping(spec, where, _INVITATION_KEYS)
        email = _required_string(spec, "email", where)
        role = _optional_string(spec, "role", where, "member").lower()
        if role not in INVITATION_ROLES:
            raise SeedError("%s.role must be one of %s" % (where, ", ".join(INVITATION_ROLES)))
        status = _optional_string(spec, "status", where, "pending")
        if status not in INVITATION_STATUSES:
            raise SeedError("%s.status must be one of %s" % (where, ", ".join(INVITATION_STATUSES)))

        created_at = _timestamp(spec, "created_at", where, self._now)
        return Invitation(
            id=self._unique_id(
                _record_id(spec, where, organization.id, "invitations", index, normalize_email(email)),
                where,
            ),
            organization_id=organization.id,
            email=email,
            role=role,
            status=status,
            invited_by=_optional_string(spec, "invited_by", where, self._first_owner_email(organization)),
            created_at=created_at,
            expires_at=_timestamp(spec, "expires_at", where, created_at + INVITATION_LIFETIME),
            last_sent_at=_timestamp(spec, "last_sent_at", where, created_at),
        )

    def _first_owner_email(self, organization: Organization) -> Optional[str]:
        for membership in organization.members.values():
            if membership.role == "OWNER":
                return self._platform.users[membership.user_id].email
        return None

    def _build_project(self, organization: Organization, spec: Any, index: int, where: str) -> Project:
        spec = _mapping(spec, where, _PROJECT_KEYS)
        name = _required_string(spec, "name", where)
        project_id = self._unique_id(_record_id(spec, where, organization.id, "projects", index, name), where)
        project = Project(id=project_id, name=name, created_at=_timestamp(spec, "created_at", where, self._now))

        for key_index, key_spec in enumerate(_list(spec, "api_keys", where)):
            key_where = "%s.api_keys[%d]" % (where, key_index)
            project.api_keys.append(self._build_api_key(project, key_spec, key_index, key_where))
        for key_index, key_spec in enumerate(_list(spec, "llm_api_keys", where)):
            key_where = "%s.llm_api_keys[%d]" % (where, key_index)
            project.llm_api_keys.append(self._build_llm_api_key(project, key_spec, key_index, key_where))
        for pass_index, pass_spec in enumerate(_list(spec, "sentinel_passes", where)):
            pass_where = "%s.sentinel_passes[%d]" % (where, pass_index)
            project.sentinel_passes.append(self._build_sentinel_pass(project, pass_spec, pass_index, pass_where))
        return project

    def _build_api_key(self, project: Project, spec: Any, index: int, where: str) -> ApiKey:
        spec = _mapping(spec, where, _API_KEY_KEYS)
        key_id = self._unique_id(_record_id(spec, where, project.id, "api_keys", index), where)
        fingerprint = _fingerprint(key_id)
        secret_key = _optional_string(spec, "secret_key", where, "sk_live_emulated_" + fingerprint[:24])
        encrypted_default = "enc_" + base64.urlsafe_b64encode(
            hashlib.sha256(secret_key.encode("utf-8")).digest()
        ).decode("ascii").rstrip("=")
        return ApiKey(
            id=key_id,
            note=_optional_string(spec, "note", where, ""),
            public_key=_optional_string(spec, "public_key", where, "pk_" + fingerprint[24:48]),
            secret_key=secret_key,
            encrypted_secret_key=_optional_string(spec, "encrypted_secret_key", where, encrypted_default),
            created_at=_timestamp(spec, "created_at", where, project.created_at),
            expires_at=_timestamp(spec, "expires_at", where, None),
            last_used_at=_timestamp(spec, "last_used_at", where, None),
        )

    def _build_llm_api_key(self, project: Project, spec: Any, index: int, where: str) -> LlmApiKey:
        spec = _mapping(spec, where, _LLM_API_KEY_KEYS)
        key_id = self._unique_id(_record_id(spec, where, project.id, "llm_api_keys", index), where)
        return LlmApiKey(
            id=key_id,
            name=_optional_string(spec, "name", where, "LLM key %d" % (index + 1)),
            provider=_optional_string(spec, "provider", where, "openai"),
            key=_optional_string(spec, "key", where, "sk-emulated-" + _fingerprint(key_id)[:32]),
            created_at=_timestamp(spec, "created_at", where, project.created_at),
        )

    def _build_sentinel_pass(self, project: Project, spec: Any, index: int, where: str) -> SentinelPass:
        spec = _mapping(spec, where, _SENTINEL_PASS_KEYS)
        pass_record_id = self._unique_id(_record_id(spec, where, project.id, "sentinel_passes", index), where)
        fingerprint = _fingerprint(pass_record_id)
        created_at = _timestamp(spec, "created_at", where, project.created_at)
        status = _optional_string(spec, "status", where, "active")
        if status not in SENTINEL_PASS_STATUSES:
            raise SeedError("%s.status must be one of %s" % (where, ", ".join(SENTINEL_PASS_STATUSES)))
        # Pass ids read SP-<year>-<6 characters>. The characters come from the record id.
        default_pass_id = "SP-%04d-%s" % (created_at.year, fingerprint[:6].upper())
        return SentinelPass(
            id=pass_record_id,
            title=_optional_string(spec, "title", where, "Sentinel pass %d" % (index + 1)),
            description=_optional_string(spec, "description", where, ""),
            pass_id=_optional_string(spec, "pass_id", where, default_pass_id),
            client_id=_optional_string(spec, "client_id", where, "spc_" + fingerprint[6:30]),
            client_secret=_optional_string(spec, "client_secret", where, "cs_emulated_" + fingerprint[30:54]),
            credential_type=_optional_string(spec, "credential_type", where, "api_key"),
            scopes=_optional_list(spec, "scopes", where),
            permissions=_optional_list(spec, "permissions", where),
            access_level=_optional_string(spec, "access_level", where, "read"),
            status=status,
            created_at=created_at,
            valid_from=_timestamp(spec, "valid_from", where, created_at),
            valid_until=_timestamp(spec, "valid_until", where, None),
            tags=_optional_list(spec, "tags", where),
        )

    def _unique_id(self, record_id: str, where: str) -> str:
        if record_id in self._used_ids:
            raise SeedError("%s: duplicate id %r" % (where, record_id))
        self._used_ids.add(record_id)
        return record_id


def _fingerprint(record_id: str) -> str:
    """Return 64 hex characters derived from a record id, used for default key values."""
    return hashlib.sha256(record_id.encode("utf-8")).hexdigest()


def _record_id(spec: Mapping[str, Any], where: str, *name_parts: object) -> str:
    """Return the record's own id as a string, or a uuid5 of ``name_parts``."""
    value = spec.get("id")
    if value is None:
        return deterministic_id(*name_parts)
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value == "":
        raise SeedError("%s.id must be a non-empty string" % where)
    return str(value)


def _mapping(value: Any, where: str, allowed_keys: Set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SeedError("%s must be a mapping" % where)
    _reject_unknown_keys(value, allowed_keys, where)
    return value


def _reject_unknown_keys(spec: Mapping[str, Any], allowed_keys: Set[str], where: str) -> None:
    unknown = sorted(str(key) for key in spec if key not in allowed_keys)
    if unknown:
        raise SeedError(
            "%s: unknown key %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(sorted(allowed_keys)))
        )


def _list(spec: Mapping[str, Any], key: str, where: str) -> List[Any]:
    value = spec.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SeedError("%s.%s must be a list" % (where, key))
    return value


def _optional_list(spec: Mapping[str, Any], key: str, where: str) -> List[Any]:
    return list(_list(spec, key, where))


def _required_string(spec: Mapping[str, Any], key: str, where: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value:
        raise SeedError("%s.%s is missing or not a string" % (where, key))
    return value


def _optional_string(spec: Mapping[str, Any], key: str, where: str, default: Any) -> Any:
    value = spec.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise SeedError("%s.%s must be a string" % (where, key))
    return value


def _timestamp(
    spec: Mapping[str, Any], key: str, where: str, default: Optional[datetime.datetime]
) -> Any:
    if spec.get(key) is None:
        return default
    try:
        return parse_timestamp(spec[key])
    except ValueError as error:
        raise SeedError("%s.%s is not an ISO 8601 timestamp: %s" % (where, key, error)) from None
