# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""JSON:API resource objects for the platform records, with camelCase attributes.

Credential resources carry their secret values (``secretKey``, ``encryptedSecretKey``,
``key``, ``clientSecret``) on purpose: the real service returns such fields in some
listings, and the collection under test must keep them out of its output.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List

from .model import (
    MANAGER_ROLES,
    ApiKey,
    Invitation,
    LlmApiKey,
    Membership,
    Organization,
    Project,
    SentinelPass,
    User,
    deterministic_id,
    format_timestamp,
)

Resource = Dict[str, Any]


def mask_secret(secret: str) -> str:
    """Mask a secret, keeping the prefix up to the last ``_`` and the last 4 characters.

    At least 4 stars separate the two parts, so the masked form never contains the
    whole secret, even when only 4 characters follow the prefix.
    """
    prefix = secret[: secret.rfind("_") + 1]
    rest = secret[len(prefix):]
    visible_tail = rest[-4:]
    hidden_length = max(4, len(rest) - len(visible_tail))
    return prefix + "*" * hidden_length + visible_tail


def permission_map(role: str) -> Dict[str, Any]:
    """Return the ``meta.can`` map of a member with ``role``."""
    manages = role in MANAGER_ROLES
    return {
        "organization": {"manageSettings": manages, "manageMembers": manages},
        "project": {"create": manages},
    }


def organization_resource(organization: Organization, caller_role: str) -> Resource:
    """Build an organization as seen by a member with ``caller_role``.

    Legacy integer ids stay JSON numbers, a quirk of older organizations that
    clients must normalise to strings.
    """
    return {
        "id": organization.id,
        "type": "organization",
        "attributes": {
            "name": organization.name,
            "currentUserRole": caller_role,
            "createdAt": format_timestamp(organization.created_at),
        },
        "meta": {"can": permission_map(caller_role)},
    }


def member_resource(user: User, membership: Membership) -> Resource:
    return {
        "id": user.id,
        "type": "users",
        "attributes": {
            "email": user.email,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "role": membership.role,
            "joinedAt": format_timestamp(membership.joined_at),
        },
    }


def membership_resource(organization: Organization, membership: Membership) -> Resource:
    """Build the ``organization_membership`` resource that get_organization can include."""
    return {
        "id": deterministic_id("membership", organization.id, membership.user_id),
        "type": "organization_membership",
        "attributes": {"userId": membership.user_id, "role": membership.role},
    }


def invitation_resource(
    invitation: Invitation, organization: Organization, now: datetime.datetime
) -> Resource:
    return {
        "id": invitation.id,
        "type": "membershipInvitation",
        "attributes": {
            "email": invitation.email,
            "role": invitation.role,
            "status": invitation.effective_status(now),
            "organizationId": organization.id,
            "organizationName": organization.name,
            "invitedBy": invitation.invited_by,
            "createdAt": format_timestamp(invitation.created_at),
            "expiresAt": format_timestamp(invitation.expires_at),
            "lastSentAt": format_timestamp(invitation.last_sent_at),
        },
    }


def project_resource(project: Project) -> Resource:
    return {
        "id": project.id,
        "type": "project",
        "attributes": {"name": project.name, "createdAt": format_timestamp(project.created_at)},
    }


def api_key_resource(api_key: ApiKey, project: Project) -> Resource:
    return {
        "id": api_key.id,
        "type": "apiKey",
        "attributes": {
            "note": api_key.note,
            "publicKey": api_key.public_key,
            "displaySecretKey": mask_secret(api_key.secret_key),
            "projectId": project.id,
            "createdAt": format_timestamp(api_key.created_at),
            "expiresAt": format_timestamp(api_key.expires_at),
            "lastUsedAt": format_timestamp(api_key.last_used_at),
            "secretKey": api_key.secret_key,
            "encryptedSecretKey": api_key.encrypted_secret_key,
        },
        "meta": {"secretKey": api_key.secret_key},
    }


def llm_api_key_resource(llm_api_key: LlmApiKey, project: Project) -> Resource:
    return {
        "id": llm_api_key.id,
        "type": "llmApiKey",
        "attributes": {
            "name": llm_api_key.name,
            "provider": llm_api_key.provider,
            "displayKey": mask_secret(llm_api_key.key),
            "projectId": project.id,
            "createdAt": format_timestamp(llm_api_key.created_at),
            "key": llm_api_key.key,
        },
    }


def sentinel_pass_resource(sentinel_pass: SentinelPass, project: Project) -> Resource:
    return {
        "id": sentinel_pass.id,
        "type": "sentinelPass",
        "attributes": {
            "title": sentinel_pass.title,
            "description": sentinel_pass.description,
            "passId": sentinel_pass.pass_id,
            "clientId": sentinel_pass.client_id,
            "credentialType": sentinel_pass.credential_type,
            "scopes": list(sentinel_pass.scopes),
            "permissions": list(sentinel_pass.permissions),
            "accessLevel": sentinel_pass.access_level,
            "status": sentinel_pass.status,
            "projectId": project.id,
            "createdAt": format_timestamp(sentinel_pass.created_at),
            "validFrom": format_timestamp(sentinel_pass.valid_from),
            "validUntil": format_timestamp(sentinel_pass.valid_until),
            "tags": list(sentinel_pass.tags),
            "clientSecret": sentinel_pass.client_secret,
        },
    }


CREDENTIAL_KINDS = ("api_keys", "llm_api_keys", "sentinel_passes")


def credential_resources(project: Project, kind: str) -> List[Resource]:
    """Build the resources of one of the CREDENTIAL_KINDS of a project."""
    if kind == "api_keys":
        return [api_key_resource(key, project) for key in project.api_keys]
    if kind == "llm_api_keys":
        return [llm_api_key_resource(key, project) for key in project.llm_api_keys]
    if kind == "sentinel_passes":
        return [sentinel_pass_resource(item, project) for item in project.sentinel_passes]
    raise ValueError("unknown credential kind %r" % (kind,))
