#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_invitation
short_description: Invite people to a Makakoo organization, or accept or reject the caller's own invitations
version_added: 0.1.0
description:
  - Sends, updates, resends and cancels the invitation of one e-mail address to an organization,
    found by O(organization) or O(organization_id).
  - Accepts or rejects an invitation addressed to the caller (the user of the access token),
    found by O(invitation_id) or by the organization that sent it.
  - Never sends a second invitation to the same address. Before sending, the module reads the
    organization's members and pending invitations. When the send fails with a server fault
    (HTTP 5xx) or without a response, it reads the invitations again and reports the invitation
    it finds there, instead of sending again.
  - When the e-mail address already has a platform account, the service refuses the invitation
    (HTTP 422 C(redirect_to_add_member)). The module then adds the user to the organization directly
    with the same role, and reports RV(action=added_member). The next run finds a member and is unchanged.
author:
  - Makakoo Platform Team (@makakoo)
extends_documentation_fragment:
  - makakoo.platform.auth
  - makakoo.platform.organization
  - ansible.builtin.action_common_attributes
  - makakoo.platform.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode sends no write and reports the same C(changed), RV(action) and RV(diff) as a real run,
        with one exception. Whether an address has a platform account shows only when an invitation is
        sent, so check mode predicts RV(action=invited) where the real run adds the user directly and
        reports RV(action=added_member).
      - In check mode, the C(last_sent_at) of a resent invitation is the time the check ran.
  diff_mode:
    support: full
options:
  email:
    description:
      - E-mail address of the person to invite. Compared with existing members and invitations
        case-insensitively, and sent to the service as written.
      - Required with O(state=present), O(state=absent) and O(state=resent).
      - With O(state=accepted) or O(state=rejected), optional. When given, it must be the caller's own
        address, as a safeguard against running the task with another user's access token.
    type: str
  role:
    description:
      - Role the invitation grants.
      - With O(state=present), defaults to V(member). A pending invitation with another role is updated to this role.
      - With O(state=resent), the pending invitation is updated to this role before it is resent.
        When not given, the role stays as it is.
      - Not used with the other states.
      - One of V(owner), V(admin), V(member) and V(viewer), in any case. Any other value fails before any request.
      - Only an OWNER or ADMIN of the organization manages invitations, and only an OWNER can invite an OWNER.
        The module checks both rules, with the caller's role in the organization, before any change.
    type: str
  state:
    description:
      - V(present) makes sure that O(email) is a member of the organization or has a pending invitation
        with O(role). It sends an invitation only when there is neither a member nor a pending invitation
        with that address, and updates the role of a pending invitation that has another role. A member
        is left as they are, whatever their role; use M(makakoo.platform.makakoo_member) to change it.
      - V(absent) cancels the pending invitations of O(email). It leaves members alone.
      - V(resent) sends the pending invitation of O(email) again, and always reports a change.
        Without a pending invitation it fails; use V(present) to send one.
      - V(accepted) makes the caller a member of the organization that invited them, with the
        invitation's role. When the caller is already a member, nothing changes.
      - V(rejected) rejects the caller's pending invitation. When the caller has no pending invitation
        from the organization, nothing changes.
    type: str
    choices: [present, absent, resent, accepted, rejected]
    default: present
  invitation_id:
    description:
      - Id of the invitation to accept or reject, from RV(makakoo.platform.makakoo_invitation_info#module:invitations[].id).
      - Only with O(state=accepted) or O(state=rejected). Give this, the organization, or both.
      - An id that is not among the caller's pending invitations fails, because it is unknown, expired,
        or was already accepted, rejected or cancelled. Give the organization as well to make a rerun after an
        acceptance report no change.
    type: str
  organization:
    description:
      - Exact name of the organization. A name that matches several organizations fails, listing their ids;
        use O(organization_id) then.
      - With O(state=present), O(state=absent) and O(state=resent), the organization whose invitations the task
        manages. One of O(organization) and O(organization_id) is required.
      - With O(state=accepted) or O(state=rejected), the organization that sent the invitation, matched against
        the caller's pending invitations, because the caller need not be a member yet.
  organization_id:
    description:
      - Id of the organization, an opaque string, also for legacy numeric ids.
      - With O(state=present), O(state=absent) and O(state=resent), the organization whose invitations the task
        manages. One of O(organization) and O(organization_id) is required.
      - With O(state=accepted) or O(state=rejected), the organization that sent the invitation.
notes:
  - Invitations are for people without a platform account. The service adds people who already have one
    directly, so a task with O(state=present) may report a member instead of an invitation.
  - Organization roles are OWNER, ADMIN, MEMBER and VIEWER. The service spells them in lower case on invitations
    and in UPPER case on members, and this module returns each in the service's spelling.
  - With O(state=rejected) and an organization, a missing invitation is not an error, because an invitation
    that was rejected by an earlier run is no longer listed. This also means that an expired invitation,
    or a misspelt organization name, reports no change.
seealso:
  - module: makakoo.platform.makakoo_invitation_info
  - module: makakoo.platform.makakoo_member
"""

EXAMPLES = r"""
- name: Invite a new analyst as a viewer
  makakoo.platform.makakoo_invitation:
    organization: Northwind Labs
    email: dmitri.dubois@example.com
    role: viewer

- name: Make the pending invitation an ADMIN invitation instead
  makakoo.platform.makakoo_invitation:
    organization: Northwind Labs
    email: Dmitri.Dubois@Example.com
    role: ADMIN

- name: Send the invitation e-mail again
  makakoo.platform.makakoo_invitation:
    organization: Northwind Labs
    email: dmitri.dubois@example.com
    state: resent

- name: Withdraw the invitation
  makakoo.platform.makakoo_invitation:
    organization: Northwind Labs
    email: dmitri.dubois@example.com
    state: absent

- name: Accept, as the owner of the access token, the invitation from Northwind Labs
  makakoo.platform.makakoo_invitation:
    organization: Northwind Labs
    state: accepted
    access_token: "{{ new_hire_access_token }}"

- name: Reject an invitation by its id
  makakoo.platform.makakoo_invitation:
    invitation_id: 6f1c2d9e-0b7a-4c55-9a43-2f1e8d7c6b5a
    state: rejected
"""

RETURN = r"""
action:
  description:
    - What the task did, or would do in check mode.
    - V(invited) sent an invitation. V(added_member) added a person who already had a platform account
      instead. V(updated_role) changed the role of a pending invitation. V(cancelled), V(resent),
      V(accepted) and V(rejected) did what their names say. V(unchanged) did nothing.
  returned: always
  type: str
  choices: [invited, added_member, updated_role, cancelled, resent, accepted, rejected, unchanged]
  sample: invited
msg:
  description: A sentence describing what was done and to whom.
  returned: always
  type: str
  sample: "Invited dmitri.dubois@example.com to organization 'Northwind Labs' as viewer."
invitation:
  description:
    - The invitation after the change, or as it would be in check mode.
    - In check mode, an invitation that would be sent has O(ignore:id=null) and no timestamps.
    - After O(state=absent), O(state=accepted) or O(state=rejected), the invitation with its new RV(invitation.status).
  returned: when an invitation was found or sent
  type: dict
  contains:
    id:
      description: Invitation id, always a string.
      type: str
      sample: 6f1c2d9e-0b7a-4c55-9a43-2f1e8d7c6b5a
    email:
      description: The invited address, as the service stores it.
      type: str
      sample: dmitri.dubois@example.com
    role:
      description: Role the invitation grants, in lower case.
      type: str
      sample: viewer
    status:
      description: One of V(pending), V(accepted), V(rejected), V(cancelled) and V(expired).
      type: str
      sample: pending
    organization_id:
      description: Id of the organization that sent the invitation.
      type: str
      sample: "1001"
    organization_name:
      description: Name of the organization that sent the invitation.
      type: str
      sample: Northwind Labs
    invited_by:
      description: E-mail address of the member who sent the invitation.
      type: str
      sample: automation@example.org
    created_at:
      description: When the invitation was first sent, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00.000Z"
    expires_at:
      description: When the invitation expires, ISO 8601.
      type: str
      sample: "2026-12-11T10:00:00.000Z"
    last_sent_at:
      description: When the invitation e-mail was last sent, ISO 8601.
      type: str
      sample: "2026-12-05T08:30:00.000Z"
member:
  description:
    - The member, when O(email) is already a member, was added directly (RV(action=added_member)),
      or when the caller accepted an invitation or was already a member.
    - In check mode, a member that an acceptance would create has the caller's id and e-mail address and the invitation's role.
  returned: when there is a member
  type: dict
  contains:
    id:
      description: User id, always a string.
      type: str
      sample: "2f0a3c1e-5d8b-4c9a-8e7f-1a2b3c4d5e6f"
    email:
      description: E-mail address of the member.
      type: str
      sample: ana.almeida@example.com
    first_name:
      description: First name.
      type: str
      sample: Ana
    last_name:
      description: Last name.
      type: str
      sample: Almeida
    role:
      description: The member's role in UPPER case.
      type: str
      sample: MEMBER
    joined_at:
      description: When the person became a member, ISO 8601.
      type: str
      sample: "2026-12-04T10:00:00.000Z"
diff:
  description:
    - The person's standing in the organization before and after, with the keys C(organization) (its name),
      C(email), C(role) and C(status). C(status) is an invitation status, or V(member) for a member.
    - An empty dict means no member and no pending invitation.
    - For a resend, C(last_sent_at) is added.
  returned: always
  type: dict
  sample:
    before: {"organization": "Northwind Labs", "email": "viktor.varga@example.com", "role": "viewer", "status": "pending"}
    after: {"organization": "Northwind Labs", "email": "viktor.varga@example.com", "role": "admin", "status": "pending"}
"""

import datetime
from functools import partial

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule, ORGANIZATION_ARGUMENT_SPEC
from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError
from ansible_collections.makakoo.platform.plugins.module_utils.membership import (
    add_user_once,
    email_key,
    is_redirect_to_add_member,
    members_by_email,
    pending_invitations_for,
    permission_failure,
    send_invitation_once,
)
from ansible_collections.makakoo.platform.plugins.module_utils.roles import (
    InvalidRoleError,
    normalize_role,
    role_rule_violation,
)

ORGANIZATION_STATES = ("present", "absent", "resent")
CURRENT_USER_STATES = ("accepted", "rejected")


# -- the organization's side: present, absent, resent ----------------------------------------


def manage_invitation(module):
    params = module.params
    email = params["email"].strip()
    organization = module.require_organization()
    organization.pop("included", None)

    if params["state"] == "present":
        ensure_present(module, organization, email, normalize_role(params["role"] or "member"))
    elif params["state"] == "absent":
        ensure_absent(module, organization, email)
    else:
        resend(module, organization, email, normalize_role(params["role"]) if params["role"] else None)


def ensure_present(module, organization, email, role):
    client = module.client
    organization_id = organization["id"]
    name = organization["name"]

    member = members_by_email(client.list_members(organization_id)).get(email_key(email))
    if member is not None:
        state = member_state(name, member)
        msg = "%s is already a member of organization '%s' with role %s, so no invitation is needed." % (
            member["email"], name, member.get("role"))
        if str(member.get("role") or "").upper() != role:
            msg += " This module does not change a member's role: use makakoo.platform.makakoo_member."
        module.exit(changed=False, action="unchanged", member=member, msg=msg, diff={"before": state, "after": state})

    pending = pending_invitations_for(client.list_invitations(organization_id), email)
    warn_about_duplicates(module, pending, name, email)

    if pending:
        current = pending[0]
        before = invitation_state(name, current)
        if str(current.get("role") or "").upper() == role:
            module.exit(changed=False, action="unchanged", invitation=current, diff={"before": before, "after": before},
                        msg="%s already has a pending invitation to organization '%s' as %s."
                            % (current["email"], name, role.lower()))

        action = "change the invitation of %s to organization '%s' to role %s" % (email, name, role.lower())
        check_role_rules(module, organization, action, role)
        updated = dict(current, role=role.lower())
        if not module.check_mode:
            updated = write(module, action, partial(
                client.update_invitation_role, organization_id, current["id"], role, email=email), target_invitation=current)
        module.exit(changed=True, action="updated_role", invitation=updated,
                    diff={"before": before, "after": invitation_state(name, updated)},
                    msg="Changed the pending invitation of %s to organization '%s' from %s to %s."
                        % (current["email"], name, current.get("role"), role.lower()))

    action = "invite %s to organization '%s' as %s" % (email, name, role.lower())
    check_role_rules(module, organization, action, role)
    invitation = {"id": None, "email": email, "role": role.lower(), "status": "pending",
                  "organization_id": organization_id, "organization_name": name}
    if not module.check_mode:
        try:
            invitation = write(module, action, partial(
                send_invitation_once, client, organization_id, email, role, warn=module.ansible.warn))
        except MakakooApiError as exc:
            if not is_redirect_to_add_member(exc):
                raise
            add_member(module, organization, email, role)
    module.exit(changed=True, action="invited", invitation=invitation,
                diff={"before": {}, "after": invitation_state(name, invitation)},
                msg="Invited %s to organization '%s' as %s." % (email, name, role.lower()))


def add_member(module, organization, email, role):
    """Add a person whose e-mail already has a platform account, which the service requires instead of an invitation."""
    name = organization["name"]
    action = "add %s to organization '%s' as %s" % (email, name, role)
    member = write(module, action, partial(
        add_user_once, module.client, organization["id"], email, role, warn=module.ansible.warn))
    module.exit(changed=True, action="added_member", member=member,
                diff={"before": {}, "after": member_state(name, member)},
                msg="%s already has a platform account, so the service refused an invitation and the user "
                    "was added to organization '%s' as %s instead." % (email, name, member.get("role") or role))


def ensure_absent(module, organization, email):
    name = organization["name"]
    pending = pending_invitations_for(module.client.list_invitations(organization["id"]), email)
    if not pending:
        module.exit(changed=False, action="unchanged", diff={"before": {}, "after": {}},
                    msg="%s has no pending invitation to organization '%s', so there is nothing to cancel."
                        % (email, name))

    action = "cancel the invitation of %s to organization '%s'" % (email, name)
    check_role_rules(module, organization, action)
    for invitation in pending:
        if not module.check_mode:
            write(module, action, partial(
                module.client.cancel_invitation, organization["id"], invitation["id"], email=email), target_invitation=invitation)
    cancelled = dict(pending[0], status="cancelled")
    count = "the pending invitation" if len(pending) == 1 else "the %d pending invitations" % len(pending)
    module.exit(changed=True, action="cancelled", invitation=cancelled,
                diff={"before": invitation_state(name, pending[0]), "after": invitation_state(name, cancelled)},
                msg="Cancelled %s of %s to organization '%s'." % (count, email, name))


def resend(module, organization, email, role):
    client = module.client
    organization_id = organization["id"]
    name = organization["name"]

    pending = pending_invitations_for(client.list_invitations(organization_id), email)
    if not pending:
        module.fail("Cannot resend the invitation of %s to organization '%s': there is no pending invitation "
                    "for that address. Use state=present to send one." % (email, name))
    warn_about_duplicates(module, pending, name, email)
    current = pending[0]
    change_role = role is not None and str(current.get("role") or "").upper() != role

    action = "resend the invitation of %s to organization '%s'" % (email, name)
    if change_role:
        action += " as %s" % role.lower()
    check_role_rules(module, organization, action, role if change_role else None)

    updated = dict(current, role=role.lower()) if change_role else current
    if module.check_mode:
        resent = dict(updated, last_sent_at=utc_now())
    else:
        if change_role:
            write(module, action, partial(
                client.update_invitation_role, organization_id, current["id"], role, email=email), target_invitation=current)
        resent = write(module, action, partial(
            client.resend_invitation, organization_id, current["id"], email=email), target_invitation=current)

    msg = "Resent the invitation of %s to organization '%s'." % (current["email"], name)
    if change_role:
        msg = "Changed the pending invitation of %s to organization '%s' from %s to %s, and resent it." % (
            current["email"], name, current.get("role"), role.lower())
    module.exit(changed=True, action="resent", invitation=resent, msg=msg, diff={
        "before": invitation_state(name, current, with_last_sent=True),
        "after": invitation_state(name, resent, with_last_sent=True),
    })


# -- the caller's side: accepted, rejected --------------------------------------------------

VERBS = {"accepted": "accept", "rejected": "reject"}


def respond_to_invitation(module):
    params = module.params
    client = module.client
    caller = module.caller()
    verb = VERBS[params["state"]]
    if params["email"] and not caller["email"]:
        module.fail("Cannot check email %s against the access token, because the token carries no email claim. "
                    "Leave out email." % params["email"].strip())
    if params["email"] and email_key(params["email"]) != email_key(caller["email"]):
        module.fail("Cannot %s an invitation for %s: the access token belongs to %s, and state=%s acts as the "
                    "owner of the access token. Use that person's access token, or leave out email."
                    % (verb, params["email"].strip(), caller["email"], params["state"]))

    matches = select_pending(module, client.list_pending_invitations())
    if params["state"] == "accepted":
        accept(module, caller, matches)
    else:
        reject(module, caller, matches)


def select_pending(module, pending):
    """Return the caller's pending invitations that the options select, failing on an ambiguous choice."""
    params = module.params
    matches = pending
    if params["invitation_id"] is not None:
        matches = [invitation for invitation in matches if invitation["id"] == params["invitation_id"]]
        if matches and not from_given_organization(params, matches[0]):
            module.fail("Invitation '%s' is from organization '%s' (id %s), not from the organization given. "
                        "Check invitation_id, or leave out organization and organization_id."
                        % (params["invitation_id"], matches[0].get("organization_name"),
                           matches[0].get("organization_id")))
    matches = [invitation for invitation in matches if from_given_organization(params, invitation)]

    organization_ids = sorted(set(str(invitation.get("organization_id")) for invitation in matches))
    if len(organization_ids) > 1:
        module.fail("Organization name '%s' is ambiguous: the caller has pending invitations from %d organizations "
                    "of that name, with ids %s. Use organization_id or invitation_id instead."
                    % (params["organization"], len(organization_ids), ", ".join(organization_ids)))
    return matches


def from_given_organization(params, invitation):
    if params["organization_id"] is not None and str(invitation.get("organization_id")) != params["organization_id"]:
        return False
    if params["organization"] is not None and invitation.get("organization_name") != params["organization"]:
        return False
    return True


def accept(module, caller, matches):
    client = module.client
    target = matches[0] if matches else None

    organization = caller_organization(module, client.list_organizations(), target)
    if organization is not None:
        member = find_member(client.list_members(organization["id"]), caller)
        state = member_state(organization["name"], member or {
            "email": caller["email"], "role": organization.get("current_user_role")})
        msg = "%s is already a member of organization '%s' with role %s, so there is nothing to accept." % (
            caller_label(caller, True), organization["name"], organization.get("current_user_role"))
        if target is not None:
            msg += " The pending invitation %s is left as it is." % target["id"]
        result = {"member": member} if member else {}
        module.exit(changed=False, action="unchanged", msg=msg, diff={"before": state, "after": state}, **result)

    if target is None:
        module.fail(not_pending_message(module, caller, "accept"))
    if len(matches) > 1:
        module.ansible.warn("%s has %d pending invitations from organization '%s'. The first, %s, is accepted, and "
                            "the others stay pending." % (caller_label(caller, True), len(matches),
                                                          target.get("organization_name"), target["id"]))

    name = target.get("organization_name")
    member = {"id": caller["id"], "email": caller["email"], "role": str(target.get("role") or "").upper()}
    if not module.check_mode:
        member = write(module, "accept invitation %s to organization '%s'" % (target["id"], name),
                       partial(client.accept_invitation, target["id"]), target_invitation=target)
    accepted = dict(target, status="accepted")
    module.exit(changed=True, action="accepted", invitation=accepted, member=member,
                diff={"before": invitation_state(name, target), "after": invitation_state(name, accepted)},
                msg="%s accepted the invitation to organization '%s' and is now a member with role %s."
                    % (caller_label(caller, True), name, member.get("role")))


def reject(module, caller, matches):
    params = module.params
    if not matches:
        if params["invitation_id"] is not None:
            module.fail(not_pending_message(module, caller, "reject"))
        module.exit(changed=False, action="unchanged", diff={"before": {}, "after": {}},
                    msg="%s has no pending invitation from organization '%s', so there is nothing to reject."
                        % (caller_label(caller, True), params["organization"] or params["organization_id"]))

    name = matches[0].get("organization_name")
    for invitation in matches:
        if not module.check_mode:
            write(module, "reject invitation %s to organization '%s'" % (invitation["id"], name),
                  partial(module.client.reject_invitation, invitation["id"]), target_invitation=invitation)
    rejected = dict(matches[0], status="rejected")
    count = "the invitation" if len(matches) == 1 else "the %d invitations" % len(matches)
    module.exit(changed=True, action="rejected", invitation=rejected,
                diff={"before": invitation_state(name, matches[0]), "after": invitation_state(name, rejected)},
                msg="%s rejected %s to organization '%s'." % (caller_label(caller, True), count, name))


def caller_organization(module, organizations, target):
    """Return the organization of the invitation from the caller's organizations, or None when not a member."""
    params = module.params
    if target is not None:
        found = [org for org in organizations if org["id"] == str(target.get("organization_id"))]
    elif params["organization_id"] is not None:
        found = [org for org in organizations if org["id"] == params["organization_id"]]
    elif params["organization"] is not None:
        found = [org for org in organizations if org.get("name") == params["organization"]]
        if len(found) > 1:
            module.fail("Organization name '%s' is ambiguous: the caller is a member of %d organizations of that "
                        "name, with ids %s. Use organization_id instead."
                        % (params["organization"], len(found), ", ".join(org["id"] for org in found)))
    else:
        found = []
    return found[0] if found else None


def find_member(members, caller):
    for member in members:
        if caller["id"] is not None and member["id"] == caller["id"]:
            return member
        if caller["email"] and email_key(member.get("email")) == email_key(caller["email"]):
            return member
    return None


def caller_label(caller, sentence_start=False):
    """Return the caller's e-mail address for a message, or "the caller" when the token carries none."""
    if caller["email"]:
        return caller["email"]
    return "The caller" if sentence_start else "the caller"


def not_pending_message(module, caller, verb):
    params = module.params
    if params["invitation_id"] is not None:
        message = ("Cannot %s invitation '%s': it is not among the pending invitations of %s. It is unknown, "
                   "expired, or was already accepted, rejected or cancelled. List the pending invitations with "
                   "makakoo.platform.makakoo_invitation_info and pending_for_current_user=true."
                   % (verb, params["invitation_id"], caller_label(caller)))
        if verb == "accept":
            message += (" Select the invitation by organization as well, so that a rerun after the acceptance "
                        "reports no change.")
        return message
    return ("Cannot %s an invitation from organization '%s': %s has no pending invitation from it and is not a "
            "member of it. The invitation is unknown, expired, or was rejected or cancelled. Ask an OWNER or ADMIN "
            "of the organization to send a new one."
            % (verb, params["organization"] or params["organization_id"], caller_label(caller)))


# -- shared steps ---------------------------------------------------------------------------


def check_role_rules(module, organization, action, granted_role=None):
    """Fail before any write when the caller's role in the organization does not allow the change."""
    violation = role_rule_violation(organization.get("current_user_role"), granted_role)
    if violation:
        module.fail("Cannot %s: %s" % (action, violation))


def write(module, action, call, target_invitation=None):
    """Run one write, turning a refusal for the caller's role, or a vanished ``target_invitation``, into a clear failure."""
    try:
        return call()
    except MakakooApiError as exc:
        message = permission_failure(exc, action)
        if message:
            module.fail(message, error=exc.to_dict())
        if target_invitation is not None and exc.status == 404:
            module.fail("Cannot %s: invitation %s is no longer pending. It was accepted, cancelled or rejected, or it "
                        "expired, while the task ran. Run the task again. (%s)" % (action, target_invitation["id"], exc),
                        error=exc.to_dict())
        raise


def warn_about_duplicates(module, pending, organization_name, email):
    if len(pending) > 1:
        module.ansible.warn("%s has %d pending invitations to organization '%s', with ids %s. This task acts on the "
                            "first. Run it with state=absent to cancel them all."
                            % (email, len(pending), organization_name, ", ".join(item["id"] for item in pending)))


def invitation_state(organization_name, invitation, with_last_sent=False):
    state = {
        "organization": organization_name,
        "email": invitation.get("email"),
        "role": invitation.get("role"),
        "status": invitation.get("status") or "pending",
    }
    if with_last_sent:
        state["last_sent_at"] = invitation.get("last_sent_at")
    return state


def member_state(organization_name, member):
    return {"organization": organization_name, "email": member.get("email"), "role": member.get("role"),
            "status": "member"}


def utc_now():
    """Return the current time in the service's format, ISO 8601 UTC with milliseconds."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


def validate_options(module):
    """Fail on option values that need no request to reject: role, e-mail and options of another state."""
    params = module.params
    state = params["state"]
    if params["role"] is not None:
        if state in CURRENT_USER_STATES:
            module.fail("Invalid option role with state=%s: the invitation's own role applies. Leave out role."
                        % state)
        try:
            normalize_role(params["role"])
        except InvalidRoleError as exc:
            module.fail(str(exc))
    if params["invitation_id"] is not None and state in ORGANIZATION_STATES:
        module.fail("Invalid option invitation_id with state=%s: it selects an invitation to accept or reject. "
                    "Use email and the organization instead." % state)
    email = params["email"]
    if email is not None:
        email = email.strip()
        local_part, at_sign, domain = email.rpartition("@")
        if not (at_sign and local_part and domain) or any(character.isspace() for character in email):
            module.fail("Invalid email '%s': it is not an e-mail address. Give an address such as "
                        "name@example.com." % params["email"])


def main():
    argument_spec = dict(
        email=dict(type="str"),
        role=dict(type="str"),
        state=dict(type="str", default="present", choices=list(ORGANIZATION_STATES + CURRENT_USER_STATES)),
        invitation_id=dict(type="str"),
    )
    argument_spec.update(ORGANIZATION_ARGUMENT_SPEC)
    organization_options = ["organization", "organization_id"]
    module = MakakooModule(
        argument_spec=argument_spec,
        mutually_exclusive=[organization_options],
        required_if=[
            ("state", "present", ["email"]),
            ("state", "absent", ["email"]),
            ("state", "resent", ["email"]),
            ("state", "present", organization_options, True),
            ("state", "absent", organization_options, True),
            ("state", "resent", organization_options, True),
            ("state", "accepted", ["invitation_id"] + organization_options, True),
            ("state", "rejected", ["invitation_id"] + organization_options, True),
        ],
    )
    validate_options(module)
    if module.params["state"] in CURRENT_USER_STATES:
        module.run(respond_to_invitation)
    else:
        module.run(manage_invitation)


if __name__ == "__main__":
    main()
