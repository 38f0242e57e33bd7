"""Searching by ID number as a role that sees ID numbers masked (DOMAIN.md "Privacy": read-only roles see
3604**********0013, and revealing a number is an audited act). A search that matches confirms the digits it was
given, so a search by part of a number, or by many guessed numbers, would give back what the mask hides: the
county code is public, the birth year is shown, the last four characters are shown, and only ~32 whole numbers
fit a year's dates (the check character rules out ten in eleven).

So those roles may search by the last four characters (what they already see) or by a whole number; a whole
number's search is recorded in the audit log like a reveal, and at most DAILY_LIMIT are allowed a day. Those who
keep the registry see every number in full and search freely (households.selectors_search)."""

from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.audit import audit_record
from households.idnumber import mask
from households.models import Member
from households.privacy import sees_personal_numbers

ID_LENGTH = 18
SHOWN_SUFFIX = 4  # the masked number shows its last four characters
DAILY_LIMIT = 20
SUMMARY_NAMES = 3  # found members named in the event's summary; the first is its object
MEMBER_TYPE = "households.member"  # the event's object type (家庭成员), even when no one was found
MSG_PARTIAL = "您的角色看到的身份证号是脱敏的，只能按后4位或完整的18位身份证号查找（按完整号码查找记入审计日志）"
MSG_TOO_MANY = f"今天按完整身份证号查找已达{DAILY_LIMIT}次，请明天再查，或请村、乡镇、县级经办人员查找"


_RAN = "_id_search_ran"


def _counter_key(actor: Any) -> str:
    return f"id-search:{actor.pk}:{timezone.localdate():%Y%m%d}"


def id_search_refusal(actor: Any, part: str) -> str:
    """Why the actor may not search by this part of an ID number ("" if they may). Reads, records nothing; a search
    this request already ran (the day's last allowed one, say) is not refused after the fact."""
    if not part or sees_personal_numbers(actor) or getattr(actor, _RAN, None) == part:
        return ""
    if len(part) == ID_LENGTH:
        return MSG_TOO_MANY if (cache.get(_counter_key(actor)) or 0) >= DAILY_LIMIT else ""
    return "" if len(part) == SHOWN_SUFFIX else MSG_PARTIAL


def id_search_begin(actor: Any, part: str, *, in_registry: bool = True) -> bool:
    """Whether the search may run; a masked role's whole-number search is counted and recorded in the audit log.
    `in_registry`: the search finds the members in the actor's scope with the number (the household and member
    lists, the alerts), so the event names whom it found, as a reveal does (found_members); the audit admin's
    search of the log finds events, not members (accounts.audit_search)."""
    if id_search_refusal(actor, part):
        return False
    if sees_personal_numbers(actor) or len(part) != ID_LENGTH:
        return True
    key = _counter_key(actor)
    cache.add(key, 0, timeout=24 * 3600)
    if cache.incr(key) > DAILY_LIMIT:
        return False
    setattr(actor, _RAN, part)  # the request's user object: what the page then says of an empty result
    summary = f"按完整身份证号查找 {mask(part)}"
    found = found_members(actor, part) if in_registry else []
    if in_registry:
        names = "、".join(f"{m.name}（户编号 {m.household.number}）" for m in found[:SUMMARY_NAMES])
        more = f"等{len(found)}人" if len(found) > SUMMARY_NAMES else ""
        summary += f"，找到 {names}{more}" if found else "，管辖范围内的档案中没有此人"
    first = found[0] if found else None
    audit_record(
        actor=actor,
        action="member.search_id_number",
        summary=summary,
        target=first,
        object_type=MEMBER_TYPE,
        region_path=first.region_path if first else "",
    )
    return True


def found_members(actor: Any, number: str) -> list[Member]:
    """The members in the actor's scope whose ID number this is: whom a search by it shows the actor."""
    return list(Member.objects.visible_to(actor).filter(id_number=number).select_related("household").order_by("pk"))
