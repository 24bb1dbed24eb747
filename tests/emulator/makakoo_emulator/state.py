# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator's state and the rules of the organization service.

One re-entrant lock (``EmulatorState.lock``) guards everything an emulator stores:
the platform records, refresh tokens, configuration and traffic controls. Each
public method runs as one critical section, so concurrent requests see every
operation either entirely or not at all.

Every organization operation first checks that the caller is a member of the
organization (404 otherwise) and that the caller's role allows the operation (403
otherwise), and only then looks at the request values and the rules. A body that
is not a JSON:API document of the expected type is rejected earlier, by the routes.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import hmac
import threading
import uuid
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import errors
from .errors import ApiError
from .model import (
    DEFAULT_INVITATION_ROLE,
    INVITATION_LIFETIME,
    INVITATION_ROLES,
    MANAGER_ROLES,
    MEMBER_ROLES,
    Invitation,
    InvitationMatch,
    Membership,
    Organization,
    User,
    normalize_email,
    utc_now,
)
from .resources import (
    CREDENTIAL_KINDS,
    Resource,
    credential_resources,
    invitation_resource,
    member_resource,
    membership_resource,
    organization_resource,
    project_resource,
)
from .seed import build_platform
from .snapshot import invitation_snapshot, platform_snapshot
from .tokens import TokenError, TokenIssuer, TokenPair
from .traffic import TrafficControls

DEFAULT_API_KEY = "emulator-api-key"
DEFAULT_PAGE_SIZE = 5

# Values of the ``include`` query parameter of get_organization.
INCLUDABLE = ("users", "projects", "organization_memberships")


@dataclasses.dataclass(frozen=True)
class Caller:
    """The user an access token belongs to."""

    user_id: str
    email: str


class EmulatorState:
    """The emulated platform, its configuration and its test controls."""

    def __init__(
        self,
        seed_document: Mapping[str, Any],
        page_size: int = DEFAULT_PAGE_SIZE,
        api_key: str = DEFAULT_API_KEY,
        clock: Callable[[], datetime.datetime] = utc_now,
    ) -> None:
        _validate_page_size(page_size)
        _validate_api_key(api_key)
        self.lock = threading.RLock()
        self.traffic = TrafficControls(self.lock)
        self._clock = clock
        self._initial_page_size = page_size
        self._initial_api_key = api_key
        self._page_size = page_size
        self._api_key = api_key
        self._seed_document = copy.deepcopy(dict(seed_document))
        self._platform = build_platform(self._seed_document, clock())
        self._tokens = TokenIssuer()

    # Configuration and test controls ------------------------------------------------

    @property
    def page_size(self) -> int:
        with self.lock:
            return self._page_size

    @property
    def api_key(self) -> str:
        with self.lock:
            return self._api_key

    @property
    def caller_email(self) -> Optional[str]:
        """The seed's default caller, or None when the seed names none."""
        with self.lock:
            return self._platform.caller_email

    def configure(self, page_size: Optional[int] = None, api_key: Optional[str] = None) -> None:
        """Change the page size or the accepted API key until the next reset. Raises ValueError."""
        if page_size is not None:
            _validate_page_size(page_size)
        if api_key is not None:
            _validate_api_key(api_key)
        with self.lock:
            if page_size is not None:
                self._page_size = page_size
            if api_key is not None:
                self._api_key = api_key

    def reset(self, seed_document: Optional[Mapping[str, Any]] = None) -> None:
        """Restore the seed state and the start-up configuration, and clear the traffic controls.

        With ``seed_document``, that document replaces the seed first. An invalid
        document raises SeedError and changes nothing. Issued tokens stay valid while
        their user id exists in the restored state.
        """
        with self.lock:
            document = self._seed_document if seed_document is None else copy.deepcopy(dict(seed_document))
            platform = build_platform(document, self._clock())
            self._seed_document = document
            self._platform = platform
            self._page_size = self._initial_page_size
            self._api_key = self._initial_api_key
            self.traffic.clear()

    def snapshot(self) -> Dict[str, Any]:
        """Return the whole platform as plain JSON in the seed format, ids included.

        Invitations show their status as the API reports it, so an invitation past
        its expiry reads ``expired``. Passwords are left out.
        """
        with self.lock:
            return platform_snapshot(self._platform, self._clock())

    def expire_invitation(self, invitation_id: str) -> Dict[str, Any]:
        """Move an invitation's expiry one second into the past and return its snapshot."""
        with self.lock:
            found = self._platform.find_invitation(invitation_id)
            if found is None:
                raise errors.not_found("Invitation %s not found." % invitation_id)
            invitation = found.invitation
            now = self._clock()
            invitation.expires_at = now - datetime.timedelta(seconds=1)
            return invitation_snapshot(invitation, now)

    # Auth service -------------------------------------------------------------------

    def check_api_key(self, api_key: Optional[str]) -> None:
        """Raise 401 unless ``api_key`` is the configured client API key."""
        if not api_key:
            raise errors.unauthorized("The Api-Key header is missing.")
        with self.lock:
            expected = self._api_key
        if not _constant_time_equal(api_key, expected):
            raise errors.unauthorized("The Api-Key header does not contain a valid API key.")

    def authenticate(self, access_token: str) -> Caller:
        """Verify an access token and return its user. Raises 401 ApiError."""
        with self.lock:
            try:
                claims = self._tokens.verify(access_token)
            except TokenError as error:
                raise errors.unauthorized(str(error)) from None
            user = self._platform.users.get(claims["sub"])
            if user is None:
                raise errors.unauthorized("The access token belongs to no known user.")
            return Caller(user.id, user.email)

    def issue_tokens(self, username: str, password: str) -> TokenPair:
        """Check a user's password and issue tokens. Raises 401 INVALID_CREDENTIALS."""
        with self.lock:
            user = self._platform.find_user_by_email(username)
            if user is None or not _constant_time_equal(password, user.password):
                raise ApiError(401, errors.INVALID_CREDENTIALS, "Invalid e-mail address or password.")
            return self._tokens.issue(user.id, user.email)

    def refresh_tokens(self, refresh_token: str) -> TokenPair:
        """Exchange a refresh token for new tokens. The old refresh token stops working."""
        with self.lock:
            user_id = self._tokens.redeem_refresh_token(refresh_token)
            user = self._platform.users.get(user_id) if user_id is not None else None
            if user is None:
                raise ApiError(401, errors.INVALID_REFRESH_TOKEN, "The refresh token is unknown or was already used.")
            return self._tokens.issue(user.id, user.email)

    def issue_tokens_for_email(self, email: str) -> TokenPair:
        """Issue tokens for a seeded user without a password, for tests. Raises 404 ApiError."""
        with self.lock:
            user = self._platform.find_user_by_email(email)
            if user is None:
                raise errors.not_found("No user with e-mail %s exists in the emulator." % email)
            return self._tokens.issue(user.id, user.email)

    # Organizations ------------------------------------------------------------------

    def list_organizations(self, caller: Caller) -> List[Resource]:
        with self.lock:
            user = self._caller_user(caller)
            return [
                organization_resource(organization, organization.members[user.id].role)
                for organization in self._platform.organizations
                if user.id in organization.members
            ]

    def create_organization(self, caller: Caller, name: Any) -> Resource:
        """Create an organization with the caller as its OWNER. Its id is a random UUID."""
        name = _organization_name(name)
        with self.lock:
            user = self._caller_user(caller)
            now = self._clock()
            organization = Organization(id=str(uuid.uuid4()), name=name, created_at=now)
            organization.members[user.id] = Membership(user.id, "OWNER", now)
            self._platform.organizations.append(organization)
            return organization_resource(organization, "OWNER")

    def get_organization(
        self, caller: Caller, organization_id: str, include: List[str]
    ) -> Tuple[Resource, Optional[List[Resource]]]:
        """Return the organization and the resources named in ``include``.

        The second value is None when nothing was requested. Raises a 422 for unknown
        include names.
        """
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            role = _role_of(organization, caller)
            unknown = [name for name in include if name not in INCLUDABLE]
            if unknown:
                raise errors.validation_error(
                    "Unknown include value %s. Use a comma-separated list of %s."
                    % (", ".join(unknown), ", ".join(INCLUDABLE))
                )
            if not include:
                return organization_resource(organization, role), None

            included: List[Resource] = []
            for name in include:
                if name == "users":
                    included.extend(self._member_resources(organization))
                elif name == "projects":
                    included.extend(project_resource(project) for project in organization.projects)
                else:
                    included.extend(
                        membership_resource(organization, membership)
                        for membership in organization.members.values()
                    )
            return organization_resource(organization, role), included

    def update_organization_name(self, caller: Caller, organization_id: str, name: Any) -> Resource:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            role = _role_of(organization, caller)
            _require_manager(organization, role, "rename it")
            organization.name = _organization_name(name)
            return organization_resource(organization, role)

    # Members ------------------------------------------------------------------------

    def list_members(self, caller: Caller, organization_id: str) -> List[Resource]:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            return self._member_resources(organization)

    def add_user(self, caller: Caller, organization_id: str, email: Any, role: Any) -> Resource:
        """Add a user with a platform account to an organization."""
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "add members")
            email = _email(email)
            role = _member_role(role)
            _check_owner_grant(organization, caller_role, role, email)

            user = self._platform.find_user_by_email(email)
            if user is None:
                raise ApiError(
                    404,
                    errors.USER_NOT_FOUND,
                    "No platform account exists for %s. Send an invitation instead." % email,
                )
            if user.id in organization.members:
                raise ApiError(
                    422,
                    errors.ALREADY_MEMBER,
                    "%s is already a member of organization '%s'." % (user.email, organization.name),
                )

            membership = Membership(user.id, role, self._clock())
            organization.members[user.id] = membership
            return member_resource(user, membership)

    def update_member_role(self, caller: Caller, organization_id: str, user_id: str, role: Any) -> Resource:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "change member roles")
            membership, target = self._target_member(organization, user_id)
            role = _member_role(role)

            if target.id == caller.user_id:
                raise ApiError(
                    422,
                    errors.CANNOT_CHANGE_OWN_ROLE,
                    "%s cannot change their own role in organization '%s'. Ask another OWNER or ADMIN."
                    % (target.email, organization.name),
                )
            _check_owner_grant(organization, caller_role, role, target.email)
            if membership.role == "OWNER" and role != "OWNER" and organization.owner_count() == 1:
                raise ApiError(
                    422,
                    errors.INVALID_ROLE_TRANSITION,
                    "%s is the last OWNER of organization '%s' and cannot be demoted. "
                    "Make another member OWNER first." % (target.email, organization.name),
                )

            membership.role = role
            return member_resource(target, membership)

    def remove_member(self, caller: Caller, organization_id: str, user_id: str) -> None:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "remove members")
            membership, target = self._target_member(organization, user_id)
            if membership.role == "OWNER" and organization.owner_count() == 1:
                raise ApiError(
                    422,
                    errors.INVALID_ROLE_TRANSITION,
                    "%s is the last OWNER of organization '%s' and cannot be removed. "
                    "Make another member OWNER first." % (target.email, organization.name),
                )
            del organization.members[user_id]

    # Invitations --------------------------------------------------------------------

    def send_invitation(self, caller: Caller, organization_id: str, email: Any, role: Any) -> Resource:
        """Invite an e-mail address without a platform account.

        A second pending invitation for the same address is created without complaint,
        as a careless real server would. Avoiding duplicates is the client's job.
        """
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            caller_user = self._caller_user(caller)
            _require_manager(organization, caller_role, "invite members")
            email = _email(email)
            role = _invitation_role(role)
            _check_owner_grant(organization, caller_role, role.upper(), email)

            if self._platform.find_user_by_email(email) is not None:
                raise ApiError(
                    422,
                    errors.REDIRECT_TO_ADD_MEMBER,
                    "%s already has a platform account. Add the user to organization '%s' "
                    "with add_user instead of sending an invitation." % (email, organization.name),
                )

            now = self._clock()
            invitation = Invitation(
                id=str(uuid.uuid4()),
                organization_id=organization.id,
                email=email,
                role=role,
                status="pending",
                invited_by=caller_user.email,
                created_at=now,
                expires_at=now + INVITATION_LIFETIME,
                last_sent_at=now,
            )
            organization.invitations.append(invitation)
            return invitation_resource(invitation, organization, now)

    def list_invitations(self, caller: Caller, organization_id: str) -> List[Resource]:
        """List the organization's pending, unexpired invitations."""
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            now = self._clock()
            return [
                invitation_resource(invitation, organization, now)
                for invitation in organization.invitations
                if invitation.is_pending(now)
            ]

    def resend_invitation(self, caller: Caller, organization_id: str, invitation_id: str) -> Resource:
        """Record a resend by moving ``lastSentAt`` forward. The expiry stays as it was."""
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "manage invitations")
            now = self._clock()
            invitation = _pending_invitation(organization, invitation_id, now)
            # Keep lastSentAt strictly increasing, even for two resends within one millisecond.
            invitation.last_sent_at = max(now, invitation.last_sent_at + datetime.timedelta(milliseconds=1))
            return invitation_resource(invitation, organization, now)

    def cancel_invitation(self, caller: Caller, organization_id: str, invitation_id: str) -> None:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "manage invitations")
            invitation = _pending_invitation(organization, invitation_id, self._clock())
            invitation.status = "cancelled"

    def update_invitation_role(
        self, caller: Caller, organization_id: str, invitation_id: str, role: Any
    ) -> Resource:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            caller_role = _role_of(organization, caller)
            _require_manager(organization, caller_role, "manage invitations")
            now = self._clock()
            invitation = _pending_invitation(organization, invitation_id, now)
            if role is None:
                raise errors.validation_error("role is missing. Use one of %s." % ", ".join(INVITATION_ROLES))
            role = _invitation_role(role)
            _check_owner_grant(organization, caller_role, role.upper(), invitation.email)
            invitation.role = role
            return invitation_resource(invitation, organization, now)

    def list_pending_invitations(self, caller: Caller) -> List[Resource]:
        """List pending, unexpired invitations addressed to the caller, in every organization."""
        with self.lock:
            user = self._caller_user(caller)
            now = self._clock()
            caller_email = normalize_email(user.email)
            return [
                invitation_resource(invitation, organization, now)
                for organization in self._platform.organizations
                for invitation in organization.invitations
                if invitation.is_pending(now) and normalize_email(invitation.email) == caller_email
            ]

    def accept_invitation(self, caller: Caller, invitation_id: str) -> Resource:
        """Make the caller a member with the invitation's role, in upper case."""
        with self.lock:
            user = self._caller_user(caller)
            now = self._clock()
            organization, invitation = self._invitation_for(user, invitation_id)
            status = invitation.effective_status(now)
            if status == "accepted":
                raise ApiError(
                    422,
                    errors.ALREADY_ACCEPTED,
                    "Invitation %s to organization '%s' was already accepted." % (invitation_id, organization.name),
                )
            if status != "pending":
                raise errors.not_found("Invitation %s is %s and can no longer be accepted." % (invitation_id, status))
            if user.id in organization.members:
                raise ApiError(
                    422,
                    errors.ALREADY_MEMBER,
                    "%s is already a member of organization '%s'." % (user.email, organization.name),
                )

            membership = Membership(user.id, invitation.role.upper(), now)
            organization.members[user.id] = membership
            invitation.status = "accepted"
            return member_resource(user, membership)

    def reject_invitation(self, caller: Caller, invitation_id: str) -> None:
        with self.lock:
            user = self._caller_user(caller)
            invitation = self._invitation_for(user, invitation_id).invitation
            status = invitation.effective_status(self._clock())
            if status != "pending":
                raise errors.not_found("Invitation %s is %s and can no longer be rejected." % (invitation_id, status))
            invitation.status = "rejected"

    # Projects and credentials -------------------------------------------------------

    def list_projects(self, caller: Caller, organization_id: str) -> List[Resource]:
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            return [project_resource(project) for project in organization.projects]

    def list_organization_credentials(self, caller: Caller, organization_id: str, kind: str) -> List[Resource]:
        """List one credential kind of every project, secrets included. OWNER and ADMIN only."""
        _check_credential_kind(kind)
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            role = _role_of(organization, caller)
            _require_manager(organization, role, "list its credentials")
            resources: List[Resource] = []
            for project in organization.projects:
                resources.extend(credential_resources(project, kind))
            return resources

    def list_project_credentials(
        self, caller: Caller, organization_id: str, project_id: str, kind: str
    ) -> List[Resource]:
        """List one credential kind of one project, secrets included. OWNER and ADMIN only."""
        _check_credential_kind(kind)
        with self.lock:
            organization = self._visible_organization(caller, organization_id)
            role = _role_of(organization, caller)
            _require_manager(organization, role, "list its credentials")
            project = organization.find_project(project_id)
            if project is None:
                raise errors.not_found(
                    "Project %s not found in organization '%s'." % (project_id, organization.name)
                )
            return credential_resources(project, kind)

    # Helpers that read the platform. Callers hold the lock ----------------------------

    def _caller_user(self, caller: Caller) -> User:
        # A reset with another seed can remove the user of a token that was valid a moment ago.
        user = self._platform.users.get(caller.user_id)
        if user is None:
            raise errors.unauthorized("The access token belongs to no known user.")
        return user

    def _visible_organization(self, caller: Caller, organization_id: str) -> Organization:
        """Find an organization the caller is a member of.

        Other organizations are reported as not found, so that their existence does not leak.
        """
        user = self._caller_user(caller)
        organization = self._platform.find_organization(organization_id)
        if organization is None or user.id not in organization.members:
            raise errors.not_found("Organization %s not found." % organization_id)
        return organization

    def _target_member(self, organization: Organization, user_id: str) -> Tuple[Membership, User]:
        membership = organization.members.get(user_id)
        if membership is None:
            raise errors.not_found("User %s is not a member of organization '%s'." % (user_id, organization.name))
        return membership, self._platform.users[user_id]

    def _member_resources(self, organization: Organization) -> List[Resource]:
        return [
            member_resource(self._platform.users[user_id], membership)
            for user_id, membership in organization.members.items()
        ]

    def _invitation_for(self, user: User, invitation_id: str) -> InvitationMatch:
        """Find an invitation addressed to ``user``. Invitations to others read as not found."""
        found = self._platform.find_invitation(invitation_id)
        if found is None or normalize_email(found.invitation.email) != normalize_email(user.email):
            raise errors.not_found("Invitation %s not found." % invitation_id)
        return found


# Checks of request values and role rules ----------------------------------------------


def _role_of(organization: Organization, caller: Caller) -> str:
    """Return the caller's role in an organization returned by ``_visible_organization``."""
    return organization.members[caller.user_id].role


def _require_manager(organization: Organization, role: str, action: str) -> None:
    if role not in MANAGER_ROLES:
        raise errors.insufficient_permissions(
            "Your role in organization '%s' is %s, and only OWNER and ADMIN members can %s."
            % (organization.name, role, action)
        )


def _check_owner_grant(organization: Organization, caller_role: str, new_role: str, email: str) -> None:
    """Raise 403 when a non-OWNER tries to give the OWNER role (``new_role`` is upper case)."""
    if new_role == "OWNER" and caller_role != "OWNER":
        raise errors.insufficient_permissions(
            "Your role in organization '%s' is %s, and only an OWNER can grant the OWNER role (requested for %s)."
            % (organization.name, caller_role, email)
        )


def _pending_invitation(organization: Organization, invitation_id: str, now: datetime.datetime) -> Invitation:
    for invitation in organization.invitations:
        if invitation.id == invitation_id and invitation.is_pending(now):
            return invitation
    raise errors.not_found(
        "Invitation %s is not a pending invitation of organization '%s'." % (invitation_id, organization.name)
    )


def _member_role(value: Any) -> str:
    if value is None:
        raise errors.validation_error("role is missing. Use one of %s." % ", ".join(MEMBER_ROLES))
    if not isinstance(value, str) or value not in MEMBER_ROLES:
        raise errors.validation_error(
            "Invalid role %r. Member endpoints accept %s, in upper case." % (value, ", ".join(MEMBER_ROLES))
        )
    return value


def _invitation_role(value: Any) -> str:
    if value is None:
        return DEFAULT_INVITATION_ROLE
    if not isinstance(value, str) or value not in INVITATION_ROLES:
        raise errors.validation_error(
            "Invalid role %r. Invitation endpoints accept %s, in lower case." % (value, ", ".join(INVITATION_ROLES))
        )
    return value


def _email(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise errors.validation_error("email is missing. Send the address in data.attributes.email.")
    email = value.strip()
    local_part, at_sign, domain = email.rpartition("@")
    if not at_sign or not local_part or not domain or any(character.isspace() for character in email):
        raise errors.validation_error("%r is not a valid e-mail address." % (value,))
    return email


def _organization_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise errors.validation_error("The organization name must not be blank.")
    return value


def _check_credential_kind(kind: str) -> None:
    if kind not in CREDENTIAL_KINDS:
        raise ValueError("unknown credential kind %r" % (kind,))


def _validate_page_size(page_size: Any) -> None:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError("page_size must be a positive integer, got %r" % (page_size,))


def _validate_api_key(api_key: Any) -> None:
    if not isinstance(api_key, str) or not api_key:
        raise ValueError("api_key must be a non-empty string")


def _constant_time_equal(actual: str, expected: str) -> bool:
    return hmac.compare_digest(actual.encode("utf-8"), expected.encode("utf-8"))
