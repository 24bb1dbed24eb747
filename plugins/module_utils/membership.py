# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Members and invitations looked up by e-mail, and the one safe way to send an invitation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError

# The service responds to a send for an e-mail that already has a platform account
# with HTTP 422 and this error code; the caller then adds the user instead.
REDIRECT_TO_ADD_MEMBER = "redirect_to_add_member"


def email_key(email):
    """Return the form of an e-mail address used for comparisons.

    The service compares e-mails case-insensitively, so two spellings that
    differ only in case are one person. ``casefold`` rather than ``lower``
    also folds characters such as the German sharp s. ``+`` tags are kept: they are part of
    the address.
    """
    return (email or "").strip().casefold()


def members_by_email(members):
    """Return the members keyed by ``email_key`` of their e-mail."""
    return dict((email_key(member.get("email")), member) for member in members)


def pending_invitations_for(invitations, email):
    """Return the pending invitations addressed to ``email``, oldest first as listed."""
    key = email_key(email)
    return [invitation for invitation in invitations
            if email_key(invitation.get("email")) == key and invitation.get("status", "pending") == "pending"]


def send_invitation_once(client, organization_id, email, role):
    """Send an invitation and return it, never sending the same one twice.

    When the send fails with a server fault or without an answer, the
    invitation may still have been created. The invitations are then read
    again: a pending invitation for ``email`` is returned as the result, and
    otherwise the original error is raised. The send is never repeated.
    Other errors, including the 422 ``redirect_to_add_member`` answer, are
    raised unchanged for the caller to handle.
    """
    try:
        return client.send_invitation(organization_id, email, role)
    except MakakooApiError as exc:
        if exc.status is not None and exc.status < 500:
            raise
        pending = pending_invitations_for(client.list_invitations(organization_id), email)
        if pending:
            return pending[0]
        raise


def is_redirect_to_add_member(error):
    """Return True when a send was refused because the e-mail already has an account."""
    return error.status == 422 and (error.code or "").lower() == REDIRECT_TO_ADD_MEMBER.lower()


def is_user_not_found(error):
    """Return True when add_user was rejected because the e-mail has no platform account."""
    return error.status == 404 and (error.code or "").upper() == "USER_NOT_FOUND"
