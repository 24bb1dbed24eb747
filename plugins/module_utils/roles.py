# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Organization roles: validation in any case, and ranking."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Highest first. Member endpoints spell roles in UPPER case, invitation
# endpoints in lower case; users may write either.
ROLES = ("OWNER", "ADMIN", "MEMBER", "VIEWER")
MANAGING_ROLES = frozenset(["OWNER", "ADMIN"])


class InvalidRoleError(ValueError):
    """A role value other than owner, admin, member or viewer."""


def normalize_role(value, field="role"):
    """Return ``value`` as an UPPER case role, or raise InvalidRoleError naming it."""
    role = str(value or "").strip().upper()
    if role not in ROLES:
        raise InvalidRoleError(
            "Invalid %s '%s'. Use one of owner, admin, member, viewer (any case)." % (field, value))
    return role


def role_rank(role):
    """Return 0 for OWNER up to 3 for VIEWER, so that a lower number is a higher role."""
    return ROLES.index(role.upper())


def role_rule_violation(caller_role, granted_role=None):
    """Return why the service would refuse a member change by a caller with ``caller_role``, or None.

    Only an OWNER or ADMIN adds, invites or removes people and changes roles,
    and only an OWNER grants OWNER. ``granted_role`` is the role the change
    gives, in any case, or None for a change that gives no role (a
    cancellation or a resend). The text completes a sentence that names the
    person and the organization, and ends with what to do. A missing
    ``caller_role`` returns None and leaves the decision to the service.
    """
    caller_role = str(caller_role or "").upper()
    if not caller_role:
        return None
    if caller_role not in MANAGING_ROLES:
        return ("the caller's role there is %s, and only an OWNER or ADMIN can add, invite or remove members "
                "and change roles. Run the task as an OWNER or ADMIN of the organization." % caller_role)
    if str(granted_role or "").upper() == "OWNER" and caller_role != "OWNER":
        return ("the caller's role there is %s, and only an OWNER can grant the OWNER role. "
                "Choose role admin or lower, or run the task as an OWNER of the organization." % caller_role)
    return None
