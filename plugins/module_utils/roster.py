# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plan the membership changes that converge an organization on a roster.

Everything here is pure: it takes the member list, the pending invitations,
the requested roster and the caller, and returns the ordered changes and the
role rules they would break. No function sends a request, so check mode and a
real run share one plan, and the plan can be tested without a service.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.makakoo.platform.plugins.module_utils.membership import email_key
from ansible_collections.makakoo.platform.plugins.module_utils.roles import (
    MANAGING_ROLES,
    ROLES,
    InvalidRoleError,
    normalize_role,
    role_rank,
)

# Values of ``action`` in a module's per-person results.
ADDED = "added"
UPDATED = "updated"
REMOVED = "removed"
INVITED = "invited"
UNCHANGED = "unchanged"
FAILED = "failed"

# Kinds of change, each sent as one request (``keep`` sends none).
ADD = "add"
UPDATE = "update"
REMOVE = "remove"
UPDATE_INVITATION = "update_invitation"
KEEP = "keep"

PREDICTED_ACTION = {
    ADD: ADDED,
    UPDATE: UPDATED,
    REMOVE: REMOVED,
    UPDATE_INVITATION: INVITED,
    KEEP: UNCHANGED,
}

# Write order: promotions, additions and invitation updates first, then
# demotions, then removals. The number of OWNERs therefore only rises before
# it falls, so an organization whose roster keeps an OWNER never lacks one
# mid-run.
RAISE_PHASE = 0
DEMOTE_PHASE = 1
REMOVE_PHASE = 2

# Marks a pending invitation in a diff, next to the role it carries.
INVITED_SUFFIX = " (invited)"

# How many e-mail addresses a message lists before it ends with "and N more".
MAX_LISTED = 10

ERROR_CANNOT_CHANGE_OWN_ROLE = "CANNOT_CHANGE_OWN_ROLE"
ERROR_INVALID_ROLE_TRANSITION = "INVALID_ROLE_TRANSITION"
ERROR_INSUFFICIENT_PERMISSIONS = "INSUFFICIENT_PERMISSIONS"
ERROR_USER_NOT_FOUND = "USER_NOT_FOUND"


class Change:
    """One person's change: the kind of request, the roles and the message.

    ``role`` is the UPPER case role after the change (None for a removal) and
    ``previous_role`` the member's role before it (None for a non-member).
    The module updates ``action``, ``email``, ``role`` and ``msg`` with the
    outcome of the request.
    """

    def __init__(self, kind, email, role, previous_role=None, user_id=None, invitation_id=None,
                 invitation_role=None, msg=None):
        self.kind = kind
        self.email = email
        self.role = role
        self.previous_role = previous_role
        self.user_id = user_id
        self.invitation_id = invitation_id
        self.invitation_role = invitation_role
        self.action = PREDICTED_ACTION[kind]
        self.msg = msg

    @property
    def phase(self):
        if self.kind == REMOVE:
            return REMOVE_PHASE
        if self.kind == UPDATE and _rank_or_last(self.role) > _rank_or_last(self.previous_role):
            return DEMOTE_PHASE
        return RAISE_PHASE

    @property
    def sends_request(self):
        return self.kind != KEEP

    def result(self):
        """Return the per-person result the modules report."""
        return {
            "email": self.email,
            "action": self.action,
            "role": self.role,
            "previous_role": self.previous_role,
            "msg": self.msg,
        }


class Plan:
    """The changes for every person concerned, in result order, and the rules they break."""

    def __init__(self, organization, changes, violations, before):
        self.organization = organization
        self.changes = changes
        self.violations = violations
        self.before = before

    def writes(self):
        """Return the changes that send a request, in the order they must be sent.

        Within a phase, a change that ends in a higher role goes first, and
        otherwise the result order is kept.
        """
        writes = [change for change in self.changes if change.sends_request]
        return sorted(writes, key=lambda change: (change.phase, _rank_or_last(change.role)))

    def results(self):
        return [change.result() for change in self.changes]

    def after(self):
        """Return the roster (e-mail to role) as the changes leave it."""
        after = dict(self.before)
        for change in self.changes:
            if change.action in (ADDED, UPDATED):
                after[change.email] = change.role
            elif change.action == REMOVED:
                after.pop(change.email, None)
            elif change.action == INVITED:
                after[change.email] = change.role + INVITED_SUFFIX
        return after

    def diff(self, emails=None):
        """Return the roster before and after, limited to ``emails`` when given."""
        before = self.before
        after = self.after()
        if emails is not None:
            keys = set(email_key(email) for email in emails if email)
            before = dict((email, role) for email, role in before.items() if email_key(email) in keys)
            after = dict((email, role) for email, role in after.items() if email_key(email) in keys)
        return {"before": before, "after": after}

    def changed(self):
        return any(change.action in (ADDED, UPDATED, REMOVED, INVITED) for change in self.changes)

    def summary(self):
        """Return one sentence counting the results by action."""
        counts = []
        for action in (ADDED, UPDATED, REMOVED, INVITED, UNCHANGED, FAILED):
            number = sum(1 for change in self.changes if change.action == action)
            if number:
                counts.append("%d %s" % (number, action))
        return "Organization '%s': %s." % (self.organization, ", ".join(counts) or "nobody to converge")


def invalid_email_reason(email):
    """Return why ``email`` cannot be an e-mail address, or None when it can be one."""
    if not isinstance(email, str) or not email.strip():
        return "it is empty"
    text = email.strip()
    local_part, at_sign, domain = text.rpartition("@")
    if not at_sign or not local_part or not domain:
        return "it has no local part, @ and domain"
    if any(character.isspace() for character in text):
        return "it contains white space"
    return None


def normalize_roster(entries, option="members"):
    """Validate roster entries, merge the duplicates and return (roster, errors).

    Each entry is a dict with ``email`` and ``role``. Other keys, such as
    ``name``, are ignored. The roster keeps the first spelling of each e-mail,
    in list order, with the role in UPPER case. The same e-mail listed twice in
    any case with the same role is one person. Listed with different roles, it
    gives an error naming both entries.
    """
    roster = []
    errors = []
    first_entry = {}
    for index, entry in enumerate(entries or []):
        label = "%s[%d]" % (option, index)
        if not isinstance(entry, dict):
            errors.append("Invalid %s: %r is not a dict. Give each person as {email: ..., role: ...}." % (label, entry))
            continue
        if "email" not in entry:
            errors.append("Missing %s.email: the entry has the keys %s. Give each person as {email: ..., role: ...}."
                          % (label, ", ".join(sorted(str(key) for key in entry)) or "none"))
            continue
        email = entry.get("email")
        reason = invalid_email_reason(email)
        if reason is not None:
            errors.append("Invalid %s.email %r: %s. Give the person's e-mail address." % (label, email, reason))
            continue
        email = email.strip()
        if entry.get("role") is None:
            errors.append("Missing %s.role for %s. Use one of owner, admin, member, viewer (any case)."
                          % (label, email))
            continue
        try:
            role = normalize_role(entry.get("role"), field="%s.role for %s" % (label, email))
        except InvalidRoleError as exc:
            errors.append(str(exc))
            continue

        key = email_key(email)
        if key in first_entry:
            first_label, first_email, first_role = first_entry[key]
            if first_role != role:
                errors.append(
                    "Conflicting roles for %s: %s lists %s as %s and %s lists %s as %s. "
                    "Remove one entry or give both the same role."
                    % (email, first_label, first_email, first_role, label, email, role))
            continue
        first_entry[key] = (label, email, role)
        roster.append({"email": email, "role": role})
    return roster, errors


def plan_changes(organization, members, roster, invitations=None, removals=None, purge=False,
                 caller=None, caller_role=None, invite_missing=False):
    """Return the Plan that converges ``members`` on ``roster``.

    ``organization`` is the organization's name, used in messages.
    ``members`` are the member dicts (``id``, ``email``, ``role``) of every
    page. ``roster`` comes from normalize_roster. ``invitations`` are the
    pending invitations, used only with ``invite_missing``: a listed
    non-member with a pending invitation of the same role is unchanged, and
    one with another role gets the invitation's role updated. ``removals`` are
    e-mails to remove. With ``purge``, every member not in ``roster`` is
    removed, except the caller. ``caller`` is a dict with ``id`` and
    ``email`` from the access token, and ``caller_role`` the caller's UPPER
    case role. Either may be None when unknown.
    """
    current = {}
    for member in members:
        current[email_key(member.get("email"))] = member
    caller_member = find_caller_member(members, caller)
    caller_key = email_key(caller_member.get("email")) if caller_member else None
    pending = _pending_by_email(invitations or []) if invite_missing else {}

    before = dict((member.get("email"), _upper(member.get("role"))) for member in members)
    changes = []
    listed = set()
    for entry in roster:
        key = email_key(entry["email"])
        listed.add(key)
        member = current.get(key)
        if member is not None:
            changes.append(_converge_member(member, entry["role"]))
        elif key in pending:
            invitation = _matching_invitation(pending[key], entry["role"])
            before[invitation.get("email")] = _upper(invitation.get("role")) + INVITED_SUFFIX
            changes.append(_converge_invitation(invitation, entry["role"]))
        else:
            changes.append(Change(ADD, entry["email"], entry["role"], msg="Added as %s." % entry["role"]))

    for email in removals or []:
        key = email_key(email)
        listed.add(key)
        member = current.get(key)
        if member is None:
            changes.append(Change(KEEP, email.strip(), None, msg="Not a member, so nothing to remove."))
        else:
            changes.append(_removal(member))

    if purge:
        for member in members:
            key = email_key(member.get("email"))
            if key in listed:
                continue
            if key == caller_key:
                changes.append(Change(
                    KEEP, member.get("email"), _upper(member.get("role")), _upper(member.get("role")),
                    user_id=member.get("id"),
                    msg="Kept although not listed: it is the caller running this task, which purge never removes."))
            else:
                changes.append(_removal(member))

    violations = check_rules(organization, members, changes, caller, caller_member, caller_role, purge)
    return Plan(organization, changes, violations, before)


def find_caller_member(members, caller):
    """Return the member who is the caller, matched by user id and then by e-mail, or None."""
    if not caller:
        return None
    if caller.get("id"):
        for member in members:
            if member.get("id") is not None and str(member.get("id")) == str(caller["id"]):
                return member
    if caller.get("email"):
        key = email_key(caller["email"])
        for member in members:
            if email_key(member.get("email")) == key:
                return member
    return None


def check_rules(organization, members, changes, caller, caller_member, caller_role, purge):
    """Return a message for every role rule the changes would break, or an empty list.

    The rules are those the service enforces (the last OWNER stays, nobody
    changes their own role, only an OWNER grants OWNER, only OWNER and ADMIN
    manage members) plus one of this collection: the caller is never removed,
    and purge does not run when the caller is unknown.
    """
    violations = []
    writes = [change for change in changes if change.sends_request]
    caller_email = (caller_member or {}).get("email") or (caller or {}).get("email") or "the caller"

    if writes and caller_role is not None and caller_role not in MANAGING_ROLES:
        violations.append(
            "Cannot change the members of organization '%s': the caller %s has role %s there, and only OWNER "
            "and ADMIN members can add, invite, change or remove members. This task would change %s. "
            "Run it as an OWNER or ADMIN of '%s'."
            % (organization, caller_email, caller_role, _list_emails(change.email for change in writes),
               organization))

    if caller_role == "ADMIN":
        for change in writes:
            if change.kind in (ADD, UPDATE, UPDATE_INVITATION) and change.role == "OWNER":
                violations.append(owner_grant_message(organization, change.email, caller_email, caller_role))

    if caller_member is not None:
        caller_key = email_key(caller_member.get("email"))
        for change in writes:
            if email_key(change.email) != caller_key:
                continue
            if change.kind == UPDATE:
                violations.append(own_role_message(organization, change))
            elif change.kind == REMOVE:
                violations.append(
                    "Cannot remove %s from organization '%s': it is the caller running this task, and removing it "
                    "would lock the task out. Run the task as another OWNER or ADMIN of '%s'."
                    % (change.email, organization, organization))
    elif purge:
        purged = [change.email for change in writes if change.kind == REMOVE]
        if purged:
            violations.append(
                "Cannot purge organization '%s': the access token does not identify the caller (no sub or email "
                "claim matches a member), so purge could remove the account running this task. Purge would "
                "remove %s. List these people in members to keep them, or use an access token issued by the "
                "Makakoo Auth service, which names the caller." % (organization, _list_emails(purged)))

    violations.extend(_last_owner_violations(organization, members, changes))
    return violations


def owner_grant_message(organization, email, caller_email, caller_role):
    caller_text = "has role %s" % caller_role if caller_role else "is not an OWNER"
    return ("Cannot make %s an OWNER of organization '%s': the caller %s %s there, and only an OWNER "
            "can grant the OWNER role. Give %s a lower role, or run the task as an OWNER of '%s'."
            % (email, organization, caller_email, caller_text, email, organization))


def own_role_message(organization, change):
    return ("Cannot change the role of %s in organization '%s' from %s to %s: it is the caller running this "
            "task, and nobody can change their own role. List it as %s, or run the task as another OWNER."
            % (change.email, organization, change.previous_role, change.role, change.previous_role))


def last_owner_message(organization, change):
    if change.kind == REMOVE:
        what = "remove %s from organization '%s'" % (change.email, organization)
    else:
        what = "demote %s from %s to %s in organization '%s'" % (
            change.email, change.previous_role, change.role, organization)
    return ("Cannot %s: it is the last OWNER, and an organization must keep one. "
            "Make another member OWNER first, in this roster or in an earlier task." % what)


def permission_message(organization, change, caller_email, caller_role):
    return ("Cannot change %s in organization '%s': the caller %s has role %s there, and only OWNER and ADMIN "
            "members can add, invite, change or remove members. Run the task as an OWNER or ADMIN of '%s'."
            % (change.email, organization, caller_email, caller_role or "unknown", organization))


def no_account_message(organization, email):
    return ("Cannot add %s to organization '%s': no platform account exists for this e-mail. Invite the person "
            "with makakoo.platform.makakoo_invitation, or set invite_missing: true." % (email, organization))


def explain_api_error(organization, change, error, caller_email=None, caller_role=None):
    """Return the message for an API error on ``change``, in the words of the rule checks.

    The service's role-rule codes get the same message as the check made
    before any write, plus the code it returned. Other errors keep the
    client's message.
    """
    code = (getattr(error, "code", None) or "").upper()
    returned = " The service returned HTTP %s %s." % (getattr(error, "status", None), code)
    if code == ERROR_CANNOT_CHANGE_OWN_ROLE:
        return own_role_message(organization, change) + returned
    if code == ERROR_INVALID_ROLE_TRANSITION:
        return last_owner_message(organization, change) + returned
    if code == ERROR_INSUFFICIENT_PERMISSIONS:
        if change.role == "OWNER" and change.kind != REMOVE:
            return owner_grant_message(organization, change.email, caller_email or "the caller",
                                       caller_role) + returned
        return permission_message(organization, change, caller_email or "the caller", caller_role) + returned
    if code == ERROR_USER_NOT_FOUND:
        return no_account_message(organization, change.email)
    return str(error)


def _converge_member(member, role):
    previous = _upper(member.get("role"))
    email = member.get("email")
    if previous == role:
        return Change(KEEP, email, role, previous, user_id=member.get("id"), msg="Already %s." % role)
    return Change(UPDATE, email, role, previous, user_id=member.get("id"),
                  msg="Changed role from %s to %s." % (previous, role))


def _converge_invitation(invitation, role):
    invited_role = _upper(invitation.get("role"))
    email = invitation.get("email")
    if invited_role == role:
        return Change(KEEP, email, role, invitation_id=invitation.get("id"), invitation_role=invited_role,
                      msg="Not a member yet: a pending invitation as %s awaits acceptance." % role)
    return Change(UPDATE_INVITATION, email, role, invitation_id=invitation.get("id"), invitation_role=invited_role,
                  msg="Changed the role of the pending invitation from %s to %s." % (invited_role, role))


def _removal(member):
    previous = _upper(member.get("role"))
    return Change(REMOVE, member.get("email"), None, previous, user_id=member.get("id"),
                  msg="Removed the member, whose role was %s." % previous)


def _last_owner_violations(organization, members, changes):
    """Return messages when the changes would leave an organization that has OWNERs without any."""
    owners_before = [member for member in members if _upper(member.get("role")) == "OWNER"]
    if not owners_before:
        return []
    final_role = dict((email_key(member.get("email")), _upper(member.get("role"))) for member in members)
    for change in changes:
        if change.kind in (ADD, UPDATE):
            final_role[email_key(change.email)] = change.role
        elif change.kind == REMOVE:
            final_role.pop(email_key(change.email), None)
    if "OWNER" in final_role.values():
        return []
    losing = [change for change in changes
              if change.kind in (UPDATE, REMOVE) and change.previous_role == "OWNER"]
    if len(losing) == 1:
        return [last_owner_message(organization, losing[0])]
    return ["Cannot demote or remove every OWNER of organization '%s' (%s): an organization must keep one. "
            "Keep one of them OWNER, or make another member OWNER in this roster."
            % (organization, _list_emails(change.email for change in losing))]


def _pending_by_email(invitations):
    """Return the pending invitations grouped by e-mail key, in list order."""
    found = {}
    for invitation in invitations:
        if invitation.get("status", "pending") != "pending":
            continue
        found.setdefault(email_key(invitation.get("email")), []).append(invitation)
    return found


def _matching_invitation(invitations, role):
    """Return the first invitation with ``role``, or else the first one.

    The service may hold two pending invitations for one e-mail. One that
    already has the requested role makes the person converged.
    """
    for invitation in invitations:
        if _upper(invitation.get("role")) == role:
            return invitation
    return invitations[0]


def _upper(role):
    return str(role).upper() if role is not None else None


def _rank_or_last(role):
    """Return the rank of ``role``, or one past VIEWER for None or a role the contract does not name."""
    return role_rank(role) if role in ROLES else len(ROLES)


def _list_emails(emails):
    emails = list(emails)
    listed = ", ".join(emails[:MAX_LISTED])
    if len(emails) > MAX_LISTED:
        listed += " and %d more" % (len(emails) - MAX_LISTED)
    return listed
