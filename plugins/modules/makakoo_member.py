#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: makakoo_member
short_description: Manage one member or the whole roster of a Makakoo organization
version_added: 0.1.0
description:
  - In single-member mode (O(email) or O(user_id)), adds a person to an organization, changes their role,
    or removes them.
  - In roster mode (O(members)), converges every listed person on their role and, with O(purge=true),
    removes every member who is not listed.
  - Reads the member list and, with O(invite_missing=true), the pending invitations once per task, all
    pages. Only people whose membership changes cost a request.
  - Checks the role rules against the member list before any write, so that a change that would break
    one fails as a whole, also in check mode. The last OWNER is never demoted or removed.
    The caller, known from the access token, never changes its own role and is never removed. An ADMIN
    caller cannot grant OWNER.
    MEMBER and VIEWER callers cannot change membership.
  - Sends the changes in this order, so that an organization never lacks an OWNER mid-run. First
    promotions and additions, then demotions, then removals.
  - When the service rejects one person's change, the others are still applied, and the task fails at
    the end naming who failed. A rerun converges.
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
      - Returns the results and the diff a real run would return, without sending a write.
      - Check mode cannot tell whether an e-mail has a platform account, because the service offers no
        read-only way to ask. A person who is neither a member nor invited shows as V(added) in check mode,
        with the e-mail as listed. A real run reports the account's spelling of the e-mail, or V(invited)
        with O(invite_missing=true) when no account exists, or a failure without it.
      - When no organization has the name O(organization), check mode warns and predicts the changes for
        a new organization created by the caller, as when an earlier task of the play creates it. A real
        run fails then.
  diff_mode:
    support: full
    details:
      - The diff maps each e-mail to its role before and after. In roster mode it covers every member,
        in single-member mode only the person.
      - A pending invitation shows as its role followed by C((invited)), for example C(VIEWER (invited)).
options:
  email:
    description:
      - E-mail address of the one person to manage. Compared case-insensitively.
      - Mutually exclusive with O(user_id) and O(members).
    type: str
  user_id:
    description:
      - User id of the one member to manage, as an alternative to O(email).
      - Adding someone needs O(email), so with O(state=present) the user must already be a member.
    type: str
  role:
    description:
      - Role of the person given by O(email) or O(user_id), in any case.
      - One of V(owner), V(admin), V(member), V(viewer), in any case. Any other value fails before any request.
      - Required when O(state=present). Ignored when O(state=absent).
      - Mutually exclusive with O(members), whose entries carry their own role.
    type: str
  state:
    description:
      - V(present) makes the person a member with O(role). V(absent) removes the member; a non-member is
        unchanged.
      - Only V(present) is allowed with O(members). To remove people in roster mode, leave them out and set
        O(purge=true).
    type: str
    choices: [present, absent]
    default: present
  members:
    description:
      - The roster, one dict per person with C(email) and C(role) (any case). Other keys, such as C(name),
        are ignored.
      - The same e-mail listed twice in any case with the same role counts once. Listed with different
        roles, the task fails before any request, naming both entries.
      - Mutually exclusive with O(email) and O(user_id).
    type: list
    elements: dict
  purge:
    description:
      - With O(members), remove every member who is not listed.
      - The caller running the task is never removed. When the access token does not identify the caller,
        the task fails before any write if purge would remove anyone.
      - Pending invitations of people who are not listed are left alone; manage them with
        M(makakoo.platform.makakoo_invitation).
    type: bool
    default: false
  invite_missing:
    description:
      - When an e-mail has no platform account, send that person an invitation with the requested role,
        reported as V(invited), instead of failing.
      - A pending invitation with the requested role then counts as converged and is reported as
        V(unchanged). One with another role gets its role updated, reported as V(invited).
      - Without it, an e-mail with no platform account fails for that person, with a message pointing to
        M(makakoo.platform.makakoo_invitation).
    type: bool
    default: false
notes:
  - E-mail addresses compare case-insensitively. Results and the diff use the service's spelling of a
    member's e-mail. C(+) tags and non-ASCII characters are kept as they are.
  - The caller is known from the access token's C(sub) and C(email) claims, and its role from the
    organization's C(current_user_role).
seealso:
  - module: makakoo.platform.makakoo_member_info
  - module: makakoo.platform.makakoo_invitation
"""

EXAMPLES = r"""
- name: Make Ana an ADMIN of Northwind Labs
  makakoo.platform.makakoo_member:
    organization: Northwind Labs
    email: ana.almeida@example.com
    role: admin

- name: Remove a former contractor
  makakoo.platform.makakoo_member:
    organization: Northwind Labs
    email: former.contractor@example.org
    state: absent

- name: Converge the whole roster, inviting people without an account, removing everyone else
  makakoo.platform.makakoo_member:
    organization: Northwind Labs
    members:
      - email: ops.lead@example.org
        role: owner
      - email: wen.weber@example.com
        role: admin
      - email: Carmen.Chen@example.com
        role: member
        name: Carmen Chen
    purge: true
    invite_missing: true
  register: roster

- name: Show who was added, changed, removed or invited
  ansible.builtin.debug:
    msg: "{{ roster.results | rejectattr('action', 'equalto', 'unchanged') | list }}"
"""

RETURN = r"""
results:
  description:
    - One entry per person, in the order listed, followed by the members that O(purge) removed or kept.
    - In check mode, the entries a real run would return.
  returned: always
  type: list
  elements: dict
  contains:
    email:
      description: E-mail address, as the service spells it when the person is a member or invited.
      type: str
      sample: wen.weber@example.com
    action:
      description:
        - V(added), V(updated) (role changed), V(removed), V(invited) (an invitation was sent or its
          role updated), V(unchanged), or V(failed) (see C(msg)).
      type: str
      choices: [added, updated, removed, invited, unchanged, failed]
      sample: updated
    role:
      description:
        - Role after the task in UPPER case, or the invitation's role for an invited person.
        - V(null) for a removed member.
        - For a failed change, the role the task tried to set.
      type: str
      sample: ADMIN
    previous_role:
      description: Role before the task in UPPER case, or V(null) when the person was not a member.
      type: str
      sample: MEMBER
    msg:
      description: What was done for this person, or why it failed and what to do.
      type: str
      sample: Changed role from MEMBER to ADMIN.
  sample:
    - email: wen.weber@example.com
      action: updated
      role: ADMIN
      previous_role: MEMBER
      msg: Changed role from MEMBER to ADMIN.
organization:
  description: The organization the task acted on.
  returned: when the organization was found
  type: dict
  contains:
    id:
      description: Organization id, always a string.
      type: str
      sample: "1001"
    name:
      description: Organization name.
      type: str
      sample: Northwind Labs
msg:
  description: The counts of the results by action, or the reason the task failed.
  returned: always
  type: str
  sample: "Organization 'Northwind Labs': 3 added, 1 updated, 1 removed, 17 unchanged."
violations:
  description:
    - The role rules the requested change would break, one message per rule and person, or the problems
      found in O(members).
    - When present, the task failed before sending any write.
  returned: when a role rule is broken or O(members) is invalid
  type: list
  elements: str
  sample:
    - "Cannot remove ops.lead@example.org from organization 'Southwind Retail': it is the last OWNER, and an
      organization must keep one. Make another member OWNER first, in this roster or in an earlier task."
diff:
  description: The roster before and after, as a mapping of e-mail to role.
  returned: when the organization was found and no role rule is broken
  type: dict
  sample:
    before: {"wen.weber@example.com": "MEMBER", "former.contractor@example.org": "ADMIN"}
    after: {"wen.weber@example.com": "ADMIN"}
"""

from ansible_collections.makakoo.platform.plugins.module_utils.base import MakakooModule
from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError
from ansible_collections.makakoo.platform.plugins.module_utils.membership import (
    add_user_once,
    is_redirect_to_add_member,
    is_user_not_found,
    send_invitation_once,
)
from ansible_collections.makakoo.platform.plugins.module_utils.roles import InvalidRoleError, normalize_role
from ansible_collections.makakoo.platform.plugins.module_utils import roster as roster_plan


def converge_members(module, request):
    params = module.params

    caller = module.caller()
    organization = find_or_predict_organization(module, caller)
    organization_id = organization["id"]
    organization_name = organization["name"]
    if organization_id is None:
        members, invitations = predicted_new_members(caller), []
    else:
        members = module.client.list_members(organization_id)
        invitations = module.client.list_invitations(organization_id) if params["invite_missing"] else []
    caller_member = roster_plan.find_caller_member(members, caller)
    caller_role = organization.get("current_user_role") or (caller_member or {}).get("role")
    caller_role = caller_role.upper() if caller_role else None
    caller_email = (caller_member or {}).get("email") or caller.get("email")
    summary = {"id": organization_id, "name": organization_name}

    roster, removals, scope = resolve_request(module, request, members, summary)
    plan = roster_plan.plan_changes(
        organization_name, members, roster, invitations=invitations, removals=removals, purge=params["purge"],
        caller=caller, caller_role=caller_role, invite_missing=params["invite_missing"])
    if plan.violations:
        module.fail(" ".join(plan.violations), violations=plan.violations, organization=summary, changed=False)

    if not module.check_mode:
        apply_changes(module, organization_id, organization_name, members, plan, caller_email, caller_role)

    result = dict(changed=plan.changed(), results=plan.results(), organization=summary,
                  diff=plan.diff(scope))
    failed = [change for change in plan.changes if change.action == roster_plan.FAILED]
    if failed:
        module.fail(
            "Failed to converge %d of %d people in organization '%s', and the other changes were applied. %s "
            "Fix the cause and run the task again."
            % (len(failed), len(plan.changes), organization_name,
               " ".join("%s: %s" % (change.email, change.msg) for change in failed)),
            **result)
    module.exit(msg=plan.summary(), **result)


def find_or_predict_organization(module, caller):
    """Return the organization to act on, or in check mode a predicted new one when none has the name.

    In check mode, an earlier task of the same play may be about to create
    the organization named by ``organization``. The prediction then has no
    id, and the caller as its only member, because its creator becomes its
    OWNER. A real run fails as usual when the organization is missing.
    """
    name = module.params["organization"]
    if module.check_mode and name is not None:
        organization = module.find_organization(name=name)
        if organization is None:
            module.ansible.warn(
                "Organization '%s' does not exist. Check mode predicts the changes for it as a new organization "
                "created by the caller, as when an earlier task creates it; a real run fails unless one does."
                % name)
            return {"id": None, "name": name, "current_user_role": "OWNER"}
        return organization
    return module.require_organization()


def predicted_new_members(caller):
    """Return the member list of an organization the caller would create: the caller as OWNER."""
    if not caller.get("email"):
        return []
    return [{"id": caller.get("id"), "email": caller["email"], "role": "OWNER"}]


def resolve_request(module, request, members, summary):
    """Return (roster, removals, diff scope) for the request, resolving a user_id to its member."""
    params = module.params
    if params["members"] is not None:
        return request, [], None

    email = params["email"]
    if params["user_id"] is not None:
        member = next((item for item in members if item.get("id") == params["user_id"]), None)
        if member is None and params["state"] == "absent":
            module.exit(changed=False, organization=summary, diff={"before": {}, "after": {}},
                        msg="User id '%s' is not a member of organization '%s'." % (params["user_id"], summary["name"]),
                        results=[{"email": None, "action": roster_plan.UNCHANGED, "role": None,
                                  "previous_role": None, "msg": "Not a member, so nothing to remove."}])
        if member is None:
            module.fail("User id '%s' is not a member of organization '%s'. Adding someone needs their e-mail "
                        "address: give email instead of user_id." % (params["user_id"], summary["name"]),
                        organization=summary)
        email = member["email"]

    if params["state"] == "absent":
        return [], [email], [email]
    return [{"email": email, "role": request[0]["role"]}], [], [email]


def apply_changes(module, organization_id, organization_name, members, plan, caller_email, caller_role):
    """Send the plan's writes in order, recording each outcome on its change.

    A failed change does not stop the others. Before demoting or removing an
    OWNER, the count of OWNERs known to exist is checked again, because an
    earlier promotion may have failed.
    """
    owners = sum(1 for member in members if (member.get("role") or "").upper() == "OWNER")
    for change in plan.writes():
        loses_owner = change.kind in (roster_plan.UPDATE, roster_plan.REMOVE) and change.previous_role == "OWNER"
        if loses_owner and owners <= 1:
            change.action = roster_plan.FAILED
            change.msg = roster_plan.last_owner_message(organization_name, change)
            continue
        try:
            apply_change(module, organization_id, change)
        except MakakooApiError as exc:
            change.action = roster_plan.FAILED
            change.msg = roster_plan.explain_api_error(organization_name, change, exc, caller_email, caller_role)
            continue
        if loses_owner:
            owners -= 1
        elif change.action in (roster_plan.ADDED, roster_plan.UPDATED) and change.role == "OWNER":
            owners += 1


def apply_change(module, organization_id, change):
    client = module.client
    if change.kind == roster_plan.UPDATE:
        client.update_member_role(organization_id, change.user_id, change.role, email=change.email)
    elif change.kind == roster_plan.REMOVE:
        client.remove_member(organization_id, change.user_id, email=change.email)
    elif change.kind == roster_plan.UPDATE_INVITATION:
        client.update_invitation_role(organization_id, change.invitation_id, change.role, email=change.email)
    elif change.kind == roster_plan.ADD:
        try:
            record_added(change, add_user_once(client, organization_id, change.email, change.role,
                                               warn=module.ansible.warn))
        except MakakooApiError as exc:
            if not (module.params["invite_missing"] and is_user_not_found(exc)):
                raise
            invite(module, organization_id, change)


def invite(module, organization_id, change):
    """Invite a person whose e-mail has no platform account, with the change's role."""
    try:
        invitation = send_invitation_once(module.client, organization_id, change.email, change.role.lower())
    except MakakooApiError as exc:
        if not is_redirect_to_add_member(exc):
            raise
        # The account was created between the add and the invitation.
        record_added(change, add_user_once(module.client, organization_id, change.email, change.role,
                                           warn=module.ansible.warn))
        return
    change.action = roster_plan.INVITED
    change.email = invitation.get("email") or change.email
    change.msg = "Invited as %s: no platform account exists for this e-mail yet." % change.role


def record_added(change, member):
    change.email = member.get("email") or change.email
    change.role = (member.get("role") or change.role).upper()
    change.msg = "Added as %s." % change.role


def validate_request(module):
    """Return the requested roster, failing before any request when an option value is invalid."""
    params = module.params
    if params["members"] is not None:
        if params["state"] != "present":
            module.fail("Invalid state=%s with members: a roster only takes state=present. To remove people, "
                        "leave them out of members and set purge: true, or give email with state: absent."
                        % params["state"])
        roster, errors = roster_plan.normalize_roster(params["members"])
        if errors:
            module.fail(" ".join(errors), violations=errors)
        return roster

    if params["purge"]:
        module.fail("Invalid purge=true without members: purge removes the members a roster does not list. "
                    "Give members, or remove one person with email and state: absent.")
    if params["email"] is not None:
        reason = roster_plan.invalid_email_reason(params["email"])
        if reason is not None:
            module.fail("Invalid email %r: %s. Give the person's e-mail address." % (params["email"], reason))
    role = None
    if params["role"] is not None:
        try:
            role = normalize_role(params["role"])
        except InvalidRoleError as exc:
            module.fail(str(exc))
    if params["state"] == "absent":
        return []
    if role is None:
        module.fail("Missing role: state=present needs the role to give. Use one of owner, admin, member, viewer.")
    email = params["email"].strip() if params["email"] is not None else None
    return [{"email": email, "role": role}]


def main():
    module = MakakooModule(
        argument_spec=dict(
            organization=dict(type="str"),
            organization_id=dict(type="str"),
            email=dict(type="str"),
            user_id=dict(type="str"),
            role=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            members=dict(type="list", elements="dict"),
            purge=dict(type="bool", default=False),
            invite_missing=dict(type="bool", default=False),
        ),
        mutually_exclusive=[["organization", "organization_id"], ["email", "user_id", "members"], ["role", "members"]],
        required_one_of=[["organization", "organization_id"], ["email", "user_id", "members"]],
    )
    request = validate_request(module)
    module.run(lambda current: converge_members(current, request))


if __name__ == "__main__":
    main()
