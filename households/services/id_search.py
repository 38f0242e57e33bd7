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
from households.privacy import sees_personal_numbers

ID_LENGTH = 18
SHOWN_SUFFIX = 4  # the masked number shows its last four characters
DAILY_LIMIT = 20
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


def id_search_begin(actor: Any, part: str) -> bool:
    """Whether the search may run; a masked role's whole-number search is counted and recorded in the audit log."""
    if id_search_refusal(actor, part):
        return False
    if sees_personal_numbers(actor) or len(part) != ID_LENGTH:
        return True
    key = _counter_key(actor)
    cache.add(key, 0, timeout=24 * 3600)
    if cache.incr(key) > DAILY_LIMIT:
        return False
    setattr(actor, _RAN, part)  # the request's user object: what the page then says of an empty result
    audit_record(
        actor=actor,
        action="member.search_id_number",
        summary=f"按完整身份证号查找 {mask(part)}",
        object_type="member",
    )
    return True
