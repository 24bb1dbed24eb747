# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plain-JSON dumps of the platform in the seed format, for test assertions.

A dump can be loaded again as a seed: it uses the seed's snake_case keys and
carries every id. It leaves out passwords, so reloaded users get the default one.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict

from .model import Invitation, Organization, Platform, Project, format_timestamp


def platform_snapshot(platform: Platform, now: datetime.datetime) -> Dict[str, Any]:
    """Dump the platform. Invitations show the status the API reports at ``now``."""
    return {
        "caller": platform.caller_email,
        "users": [
            {"id": user.id, "email": user.email, "first_name": user.first_name, "last_name": user.last_name}
            for user in platform.users.values()
        ],
        "organizations": [
            _organization_snapshot(platform, organization, now) for organization in platform.organizations
        ],
    }


def invitation_snapshot(invitation: Invitation, now: datetime.datetime) -> Dict[str, Any]:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "role": invitation.role,
        "status": invitation.effective_status(now),
        "invited_by": invitation.invited_by,
        "created_at": format_timestamp(invitation.created_at),
        "expires_at": format_timestamp(invitation.expires_at),
        "last_sent_at": format_timestamp(invitation.last_sent_at),
    }


def _organization_snapshot(
    platform: Platform, organization: Organization, now: datetime.datetime
) -> Dict[str, Any]:
    return {
        "id": organization.id,
        "name": organization.name,
        "created_at": format_timestamp(organization.created_at),
        "members": [
            {
                "user_id": user_id,
                "email": platform.users[user_id].email,
                "role": membership.role,
                "joined_at": format_timestamp(membership.joined_at),
            }
            for user_id, membership in organization.members.items()
        ],
        "invitations": [invitation_snapshot(invitation, now) for invitation in organization.invitations],
        "projects": [_project_snapshot(project) for project in organization.projects],
    }


def _project_snapshot(project: Project) -> Dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "created_at": format_timestamp(project.created_at),
        "api_keys": [
            {
                "id": key.id,
                "note": key.note,
                "public_key": key.public_key,
                "secret_key": key.secret_key,
                "encrypted_secret_key": key.encrypted_secret_key,
                "created_at": format_timestamp(key.created_at),
                "expires_at": format_timestamp(key.expires_at),
                "last_used_at": format_timestamp(key.last_used_at),
            }
            for key in project.api_keys
        ],
        "llm_api_keys": [
            {
                "id": key.id,
                "name": key.name,
                "provider": key.provider,
                "key": key.key,
                "created_at": format_timestamp(key.created_at),
            }
            for key in project.llm_api_keys
        ],
        "sentinel_passes": [
            {
                "id": item.id,
                "title": item.title,
                "description": item.description,
                "pass_id": item.pass_id,
                "client_id": item.client_id,
                "client_secret": item.client_secret,
                "credential_type": item.credential_type,
                "scopes": list(item.scopes),
                "permissions": list(item.permissions),
                "access_level": item.access_level,
                "status": item.status,
                "created_at": format_timestamp(item.created_at),
                "valid_from": format_timestamp(item.valid_from),
                "valid_until": format_timestamp(item.valid_until),
                "tags": list(item.tags),
            }
            for item in project.sentinel_passes
        ],
    }
