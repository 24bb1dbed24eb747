# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Records of the emulated platform: users, organizations and what they contain.

Records hold Python values (timezone-aware UTC datetimes, snake_case fields).
``resources`` turns them into JSON:API resources with camelCase attributes, and
``state`` applies the role rules to them under one lock.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any, Dict, List, NamedTuple, Optional, Union

# Member endpoints and currentUserRole spell roles in upper case, invitation
# endpoints in lower case. Both tuples are ordered from the highest role down.
MEMBER_ROLES = ("OWNER", "ADMIN", "MEMBER", "VIEWER")
INVITATION_ROLES = ("owner", "admin", "member", "viewer")
DEFAULT_INVITATION_ROLE = "member"

# Roles allowed to manage members, invitations, the organization name and credentials.
MANAGER_ROLES = ("OWNER", "ADMIN")

INVITATION_STATUSES = ("pending", "accepted", "rejected", "cancelled", "expired")
INVITATION_LIFETIME = datetime.timedelta(days=7)

SENTINEL_PASS_STATUSES = ("active", "paused", "revoked")

# Namespace of the uuid5 ids given to seeded records without an explicit id, so
# that the same seed yields the same ids in every run.
ID_NAMESPACE = uuid.UUID("866f98f3-e77c-44f1-a192-b9a7ff1d31e5")

# Organization ids are legacy integers for older organizations and UUID strings
# for newer ones. Paths compare them as strings.
OrganizationId = Union[int, str]


def deterministic_id(*parts: object) -> str:
    """Return a uuid5 string derived from ``parts``, stable across runs."""
    name = "/".join(str(part) for part in parts)
    return str(uuid.uuid5(ID_NAMESPACE, name))


def normalize_email(email: str) -> str:
    """Return the form of an e-mail address used for comparisons, which ignore case."""
    return email.strip().casefold()


def utc_now() -> datetime.datetime:
    """Return the current UTC time, truncated to milliseconds, the precision of API timestamps."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.replace(microsecond=now.microsecond - now.microsecond % 1000)


def format_timestamp(value: Optional[datetime.datetime]) -> Optional[str]:
    """Format an aware datetime as ISO 8601 UTC with milliseconds and a ``Z`` suffix."""
    if value is None:
        return None
    value = value.astimezone(datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def parse_timestamp(value: Any) -> Optional[datetime.datetime]:
    """Parse an ISO 8601 string, date or datetime into an aware UTC datetime.

    Values without a time zone are taken as UTC. Raises ValueError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        # datetime.fromisoformat accepts a trailing "Z" only from Python 3.11 on.
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        parsed = datetime.datetime.fromisoformat(text)
    else:
        raise ValueError("expected an ISO 8601 timestamp, got %r" % (value,))

    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


@dataclasses.dataclass
class User:
    """A platform account. Only users can sign in, be members or accept invitations."""

    id: str
    email: str
    first_name: str
    last_name: str
    password: str


@dataclasses.dataclass
class Membership:
    """A user's role in one organization. ``role`` is one of MEMBER_ROLES."""

    user_id: str
    role: str
    joined_at: datetime.datetime


@dataclasses.dataclass
class Invitation:
    """An invitation of an e-mail address to one organization.

    ``status`` is stored as ``pending`` until someone acts on it. An invitation
    whose ``expires_at`` has passed reads as ``expired`` (see ``effective_status``).
    ``invited_by`` is the inviter's e-mail address. It is None for a seeded invitation
    without ``invited_by`` in an organization that has no OWNER.
    """

    id: str
    organization_id: OrganizationId
    email: str
    role: str
    status: str
    invited_by: Optional[str]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_sent_at: datetime.datetime

    def effective_status(self, now: datetime.datetime) -> str:
        """Return the status as the API reports it at ``now``."""
        if self.status == "pending" and self.expires_at <= now:
            return "expired"
        return self.status

    def is_pending(self, now: datetime.datetime) -> bool:
        return self.effective_status(now) == "pending"


@dataclasses.dataclass
class ApiKey:
    """A project API key. ``secret_key`` and ``encrypted_secret_key`` are secrets."""

    id: str
    note: str
    public_key: str
    secret_key: str
    encrypted_secret_key: str
    created_at: datetime.datetime
    expires_at: Optional[datetime.datetime]
    last_used_at: Optional[datetime.datetime]


@dataclasses.dataclass
class LlmApiKey:
    """A provider key (OpenAI and the like) stored in a project. ``key`` is a secret."""

    id: str
    name: str
    provider: str
    key: str
    created_at: datetime.datetime


@dataclasses.dataclass
class SentinelPass:
    """A Sentinel pass, a machine credential of a project. ``client_secret`` is a secret."""

    id: str
    title: str
    description: str
    pass_id: str
    client_id: str
    client_secret: str
    credential_type: str
    scopes: List[Any]
    permissions: List[Any]
    access_level: str
    status: str
    created_at: datetime.datetime
    valid_from: Optional[datetime.datetime]
    valid_until: Optional[datetime.datetime]
    tags: List[Any]


@dataclasses.dataclass
class Project:
    id: str
    name: str
    created_at: datetime.datetime
    api_keys: List[ApiKey] = dataclasses.field(default_factory=list)
    llm_api_keys: List[LlmApiKey] = dataclasses.field(default_factory=list)
    sentinel_passes: List[SentinelPass] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Organization:
    """An organization. ``members`` maps user ids to memberships in join order."""

    id: OrganizationId
    name: str
    created_at: datetime.datetime
    members: Dict[str, Membership] = dataclasses.field(default_factory=dict)
    invitations: List[Invitation] = dataclasses.field(default_factory=list)
    projects: List[Project] = dataclasses.field(default_factory=list)

    def owner_count(self) -> int:
        return sum(1 for membership in self.members.values() if membership.role == "OWNER")

    def find_project(self, project_id: str) -> Optional[Project]:
        for project in self.projects:
            if project.id == project_id:
                return project
        return None


class InvitationMatch(NamedTuple):
    organization: Organization
    invitation: Invitation


@dataclasses.dataclass
class Platform:
    """Everything the emulated service stores. ``caller_email`` is the seed's default caller."""

    users: Dict[str, User] = dataclasses.field(default_factory=dict)
    organizations: List[Organization] = dataclasses.field(default_factory=list)
    caller_email: Optional[str] = None

    def find_user_by_email(self, email: str) -> Optional[User]:
        expected = normalize_email(email)
        for user in self.users.values():
            if normalize_email(user.email) == expected:
                return user
        return None

    def find_organization(self, organization_id: str) -> Optional[Organization]:
        """Find an organization by its id as written in a URL path."""
        for organization in self.organizations:
            if str(organization.id) == organization_id:
                return organization
        return None

    def find_invitation(self, invitation_id: str) -> Optional[InvitationMatch]:
        """Find an invitation in any organization and return it with its organization."""
        for organization in self.organizations:
            for invitation in organization.invitations:
                if invitation.id == invitation_id:
                    return InvitationMatch(organization, invitation)
        return None
