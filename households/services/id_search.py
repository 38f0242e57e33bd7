"""Searching by ID number as a role that sees ID numbers masked (DOMAIN.md "Privacy": read-only roles see
3604**********0013, and revealing a number is an audited act). A search that matches confirms the digits it was
given, so a search by part of a number, or by many guessed numbers, would give back what the mask hides: the
county code is public, the birth year is shown, the last four characters are shown, and only ~32 whole numbers
fit a year's dates (the check character rules out ten in eleven).

So those roles may search by the last four characters (what they already see) or by a whole number; a whole
number's search is recorded in the audit log like a reveal, and at most DAILY_LIMIT are allowed a day. Those who
keep the registry see every number in full and search freely (households.selectors_search).

As reveals are (households.services.reveal), the day's searches are counted from the audit log, which nothing
clears (a counter in Redis started again at every flush or restart of it), and the search that reaches the limit
records the same notice for the security admin (reveal.LIMIT_REACHED: their home tile and the security page)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from households.idnumber import mask
from households.models import Member
from households.privacy import sees_personal_numbers
from households.services.reveal import LIMIT_REACHED

ID_LENGTH = 18
SHOWN_SUFFIX = 4  # the masked number shows its last four characters
DAILY_LIMIT = 20
SUMMARY_NAMES = 3  # found members named in the event's summary; the first is its object
MEMBER_TYPE = "households.member"  # the event's object type (家庭成员), even when no one was found
MSG_PARTIAL = "您的角色看到的身份证号是脱敏的，只能按后4位或完整的18位身份证号查找（按完整号码查找记入审计日志）"
MSG_TOO_MANY = f"今天按完整身份证号查找已达{DAILY_LIMIT}次，请明天再查，或请村、乡镇、县级经办人员查找"
MSG_NOTICE = (
    "身份证号查找达上限：账号 {username} 今天已按完整身份证号查找 {limit} 次（每日上限 {limit} 次），请核实是否确有需要"
)
SEARCH = "member.search_id_number"
LOCK_CLASS = 7_403  # advisory lock per account: two searches at once do not both pass the cap (reveal's is 7_402)


_RAN = "_id_search_ran"


def searches_today(actor: Any) -> int:
    """The actor's whole-number searches today (local day, from midnight), as the audit log records them."""
    day_start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return AuditEvent.objects.filter(action=SEARCH, actor=actor, created_at__gte=day_start).count()


def id_search_refusal(actor: Any, part: str) -> str:
    """Why the actor may not search by this part of an ID number ("" if they may). Reads, records nothing; a search
    this request already ran (the day's last allowed one, say) is not refused after the fact."""
    if not part or sees_personal_numbers(actor) or getattr(actor, _RAN, None) == part:
        return ""
    if len(part) == ID_LENGTH:
        return MSG_TOO_MANY if searches_today(actor) >= DAILY_LIMIT else ""
    return "" if len(part) == SHOWN_SUFFIX else MSG_PARTIAL


def id_search_begin(
    actor: Any,
    part: str,
    *,
    in_registry: bool = True,
    found: Callable[[], list[Member]] | None = None,
    where: str = "",
) -> bool:
    """Whether the search may run; a masked role's whole-number search is counted and recorded in the audit log.
    `in_registry`: the search finds the members in the actor's scope with the number (the household and member
    lists, the alerts), so the event names whom it found, as a reveal does (found_members); the audit admin's
    search of the log finds events, not members (accounts.audit_search). `found`: whom the search shows when that
    is not the actor's registry scope (a department clerk's measures: assistance.selectors_department). `where`:
    what was searched when not the registry (未在档人员), said in the event's summary."""
    if id_search_refusal(actor, part):
        return False
    if sees_personal_numbers(actor) or len(part) != ID_LENGTH:
        return True
    return _search_recorded(actor, part, in_registry=in_registry, found=found, where=where)


def id_search_once(actor: Any, part: str, *, where: str) -> bool:
    """id_search_begin outside the registry (in_registry False), for a page that runs the same search more than once
    in a request (the 未在档人员 list and each tab's count): recorded and counted once, on the request's user object
    (as id_search_refusal lets the request's later runs of it pass)."""
    if part and getattr(actor, _RAN, None) == part:
        return True
    return id_search_begin(actor, part, in_registry=False, where=where)


@transaction.atomic
def _search_recorded(
    actor: Any, part: str, *, in_registry: bool, found: Callable[[], list[Member]] | None = None, where: str = ""
) -> bool:
    with connection.cursor() as cursor:  # held to the end of this transaction
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, actor.pk])
    done = searches_today(actor)
    if done >= DAILY_LIMIT:
        return False
    setattr(actor, _RAN, part)  # the request's user object: what the page then says of an empty result
    summary = f"按完整身份证号查找 {mask(part)}" + (f"（{where}）" if where else "")
    shown = [] if not in_registry else found() if found else found_members(actor, part)
    if in_registry:
        names = "、".join(f"{m.name}（户编号 {m.household.number}）" for m in shown[:SUMMARY_NAMES])
        more = f"等{len(shown)}人" if len(shown) > SUMMARY_NAMES else ""
        nobody = "，查找范围内没有此人" if found else "，管辖范围内的档案中没有此人"
        summary += f"，找到 {names}{more}" if shown else nobody
    first = shown[0] if shown else None
    audit_record(
        actor=actor,
        action=SEARCH,
        summary=summary,
        target=first,
        object_type=MEMBER_TYPE,
        region_path=first.region_path if first else "",
    )
    if done + 1 == DAILY_LIMIT:
        audit_record(
            actor=actor,
            action=LIMIT_REACHED,
            summary=MSG_NOTICE.format(username=actor.get_username(), limit=DAILY_LIMIT),
            target=actor,
            object_type="accounts.user",
            after={"limit": DAILY_LIMIT, "username": actor.get_username(), "kind": "search"},
        )
    return True


def found_members(actor: Any, number: str) -> list[Member]:
    """The members in the actor's scope whose ID number this is: whom a search by it shows the actor."""
    return list(Member.objects.visible_to(actor).filter(id_number=number).select_related("household").order_by("pk"))
