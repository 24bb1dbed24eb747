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
