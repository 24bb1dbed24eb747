# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Members and invitations looked up by e-mail, and the one safe way to send an invitation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError

# The service rejects an invitation to an e-mail that already has a platform
# account with HTTP 422 and this error code. The caller then adds the user instead.
REDIRECT_TO_ADD_MEMBER = "redirect_to_add_member"

# The error code of a write that the caller's role does not allow (HTTP 403).
INSUFFICIENT_PERMISSIONS = "INSUFFICIENT_PERMISSIONS"


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


def send_invitation_once(client, organization_id, email, role, warn=None):
    """Send an invitation and return it, never sending the same one twice.

    When the send fails with a server fault or without a response, the
    invitation may still have been created. The invitations are then read
    again: a pending invitation for ``email`` is returned as the result, and
    otherwise the original error is raised with a hint that a rerun is safe.
    The send is never repeated. Other errors, including the 422
    ``redirect_to_add_member`` response, are raised unchanged for the caller to
    handle. ``warn``, when given, receives a message for the task log each
    time an invitation is found by that second read.

    Call it only when no invitation for ``email`` is pending, because the
    second read cannot tell an older pending invitation from a new one.
    """
    try:
        return client.send_invitation(organization_id, email, role)
    except MakakooApiError as exc:
        if not may_have_been_applied(exc):
            raise
        pending = _read_after_fault(
            exc, lambda: pending_invitations_for(client.list_invitations(organization_id), email),
            "invitations", email)
        if pending:
            _report_recovery(warn, exc, "Sending the invitation to %s" % email, "invitations")
            return pending[0]
        _add_hint(exc, "The invitations were read again and none is pending for %s. Run the task again: "
                       "it sends an invitation only when none is pending." % email)
        raise exc


def add_user_once(client, organization_id, email, role, warn=None):
    """Add a user with a platform account to an organization, never sending the request twice.

    The same recovery as ``send_invitation_once``: after a server fault or a
    missing response the members are read again, and a member with ``email`` is
    returned as the result. Otherwise the original error is raised. Call it
    only when ``email`` is not a member.
    """
    try:
        return client.add_user(organization_id, email, role)
    except MakakooApiError as exc:
        if not may_have_been_applied(exc):
            raise
        member = _read_after_fault(
            exc, lambda: members_by_email(client.list_members(organization_id)).get(email_key(email)),
            "members", email)
        if member:
            _report_recovery(warn, exc, "Adding %s" % email, "members")
            return member
        _add_hint(exc, "The members were read again and %s is not one of them. Run the task again: "
                       "it adds the user only when they are not a member." % email)
        raise exc


def may_have_been_applied(error):
    """Return True when a write may have been applied although it failed: a 5xx or no response."""
    return error.status is None or error.status >= 500


def _read_after_fault(error, read, listing, email):
    """Return what ``read`` returns after a failed write. When the read fails too, raise the write's error."""
    try:
        return read()
    except MakakooApiError as read_error:
        _add_hint(error, "Reading the %s again to check for %s also failed (%s). Run the task again: "
                         "it reads the %s before it writes." % (listing, email, _describe_failure(read_error), listing))
        raise error


def _report_recovery(warn, error, request, listing):
    if warn is not None:
        warn("%s failed with %s, but reading the %s again showed that the request took effect, "
             "so it was not sent a second time." % (request, _describe_failure(error), listing))


def _describe_failure(error):
    """Return "HTTP 502", or for a request without a response the client's description in lower case."""
    if error.status is not None:
        return "HTTP %s" % error.status
    detail = (error.detail or "no response").rstrip(".")
    return "no response: " + detail[:1].lower() + detail[1:]


def _add_hint(error, hint):
    error.hint = hint
    error.args = (error._build_message(),)


def is_redirect_to_add_member(error):
    """Return True when a send was refused because the e-mail already has an account."""
    return error.status == 422 and (error.code or "").lower() == REDIRECT_TO_ADD_MEMBER.lower()


def is_user_not_found(error):
    """Return True when add_user was rejected because the e-mail has no platform account."""
    return error.status == 404 and (error.code or "").upper() == "USER_NOT_FOUND"


def permission_failure(error, action):
    """Return a task failure message for a write refused for the caller's role, or None.

    ``action`` completes "Cannot ...", for example "invite ana@example.com as
    owner to organization 'Acme'". The message gives the service's own detail
    and what to do, in the words of the role checks made before a write.
    """
    if error.status != 403 and (error.code or "").upper() != INSUFFICIENT_PERMISSIONS:
        return None
    detail = error.detail or error.title or "no detail"
    return ("Cannot %s: the service refused it for the caller's role (HTTP %s %s: %s). Only an OWNER or ADMIN "
            "can add, invite or remove members and change roles, and only an OWNER can grant the OWNER role. "
            "Run the task as an OWNER of the organization, or choose a lower role."
            % (action, error.status, error.code or INSUFFICIENT_PERMISSIONS, detail.rstrip(".")))
