import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import F, Func, Model, Q, QuerySet, Value

from accounts.approvals import approved_q
from accounts.audit_actions import ACTION_NAMES
from accounts.audit_labels import CATEGORY_ACTIONS
from accounts.audit_regions import region_path_of
from accounts.models import AuditEvent, User
from households.privacy import sees_personal_numbers

# A full ID number (18 characters, or the old 15 digits) typed as the keyword.
ID_NUMBER = re.compile(r"^(\d{17}[\dXx]|\d{15})$")
# The summary as a reader who sees numbers masked reads it (households.privacy.mask_numbers_in_text), in SQL: ID
# numbers as 3604**********123X, mobiles as 138****5678. Every 18-character number is masked, a valid one or not.
_SQL_ID = (r"(?<![0-9A-Za-z])([0-9]{4})[0-9]{10}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])", r"\1**********\2")
_SQL_MOBILE = (r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])", r"\1****\2")


def _masked_summary() -> Func:
    text: Any = F("summary")
    for pattern, replacement in (_SQL_ID, _SQL_MOBILE):
        text = Func(text, Value(pattern), Value(replacement), Value("g"), function="regexp_replace")
    return text


def _person_events(id_number: str) -> Q:
    """The events about the member(s) with this ID number and their households (review admins finding 8): the
    auditor investigating "who registered or changed this person" starts from the number. Matched here, on the
    server; the page shows the events as always, the number masked. The registry is read unscoped by model name:
    accounts sits below households (DESIGN.md)."""
    member = apps.get_model("households", "Member")
    found = list(member.objects.filter(id_number=id_number.upper()).values_list("pk", "household_id"))
    if not found:
        return Q(pk__in=[])
    members = [str(pk) for pk, _ in found]
    households = [str(household) for _, household in found]
    return Q(object_type="households.member", object_id__in=members) | Q(
        object_type="households.household", object_id__in=households
    )


def _named(text: str) -> Q:
    """The events whose operator's name, as it was when they were recorded (AuditEvent.actor_name: a renamed account
    is found under the name it acted with), holds the text, spaces aside."""
    name = "".join(text.split())
    return Q(actor_name__icontains=name) if name else Q(pk__in=[])


def audit_event_list(*, filters: dict[str, Any], reader: Any = None) -> QuerySet[AuditEvent]:
    """The audit log, newest first. Only the audit admin reaches this (accounts.views.audit_log).

    A `reader` who sees numbers masked searches the summaries as shown to them: a keyword of digits matched
    inside the stored ID numbers would confirm them piece by piece (eight digits: a birth date; seventeen: all
    but the check character), unrecorded; the whole number is the recorded search (accounts.audit_search)."""
    events = AuditEvent.objects.all()
    if filters.get("q"):
        q = filters["q"].strip()
        whole = bool(ID_NUMBER.match(q))
        # Fifteen digits are an old number's whole, and the first fifteen of a new one: searched as shown.
        if (
            reader is not None
            and not (whole and len(q) == 18)
            and not sees_personal_numbers(reader)
            and re.search(r"[\d*]", q)
        ):
            events = events.annotate(shown_summary=_masked_summary())
            matched = Q(shown_summary__icontains=q)
        else:
            matched = Q(summary__icontains=q)
        # The operator too (review rev-clerk 5): their account, or their name as people write it (张丽, 张 丽).
        matched |= Q(object_id=q) | Q(actor_username__icontains=q) | _named(q)
        # And the action as the page's 操作 column names it (解锁: auth.unlock, whose summaries say 解除…登录锁定).
        if named := [code for code, label in ACTION_NAMES.items() if q.lower() in label.lower()]:
            matched |= Q(action__in=named)
        if whole:
            matched |= _person_events(q)
        events = events.filter(matched)
    if actor := (filters.get("actor") or "").strip():
        # An account name as written, or a person's name (family name first, as people write it).
        events = events.filter(Q(actor_username__iexact=actor) | _named(actor))
    if filters.get("category"):
        covered = Q()
        for action in CATEGORY_ACTIONS[filters["category"]]:
            covered |= Q(action__startswith=action) if action.endswith(".") else Q(action=action)
        # A code another category names is filed there, not under this one's beginning (category_label): the
        # configuration's workflow.step_save is not 识别纳入's, as the page's 类别 column reads it.
        named = {a for c, acts in CATEGORY_ACTIONS.items() if c != filters["category"] for a in acts if a[-1] != "."}
        events = events.filter(covered).exclude(action__in=named)
    if filters.get("action"):
        action = filters["action"].strip()
        # A named action (the page's drop-down) is that action only; the API also takes a code's beginning.
        events = events.filter(action=action) if action in ACTION_NAMES else events.filter(action__startswith=action)
    if filters.get("region"):
        # A township's or village's code; an act between two places is filed under each (accounts.audit_regions).
        path = region_path_of(filters["region"])
        events = events.filter(region_path__startswith=path) if path else events.none()
    if filters.get("date_from"):
        events = events.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(created_at__date__lte=filters["date_to"])
    return events.order_by("-created_at", "-id")


def user_list(*, filters: dict[str, Any]) -> QuerySet[User]:
    """Accounts for administration (e.g. choosing a grid worker): by role, active state, approval (approved: True,
    those the security admin has approved, accounts.approvals.approved_q) and scope (covering: a region path the
    account's scope must contain), ordered by region."""
    users = User.objects.all()
    if filters.get("roles"):
        users = users.filter(role__in=filters["roles"])
    if filters.get("is_active") is not None:
        users = users.filter(is_active=filters["is_active"])
    if filters.get("approved"):
        users = users.filter(approved_q())
    if covering := filters.get("covering"):
        users = users.filter(region_path__in=[covering[:n] for n in range(6, len(covering) + 1, 3)])
    return users.order_by("region_path", "username")


def users_by_username(usernames: Iterable[str]) -> dict[str, User]:
    """The accounts of these usernames (the bulk grid import names grid workers by username)."""
    return {user.username: user for user in User.objects.filter(username__in=list(usernames))}


def audit_events_on(*, target: Model, action: str) -> QuerySet[AuditEvent]:
    """The audit events of one act on one object, oldest first: what a service recorded there, read back by code
    that has no other record of it (workflow.services.guarantee_restore: what a case's closing restored)."""
    events = AuditEvent.objects.filter(object_type=target._meta.label_lower, object_id=str(target.pk), action=action)
    return events.order_by("pk")
