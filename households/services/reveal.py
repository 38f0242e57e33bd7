"""Revealing a masked ID number (DOMAIN.md "Privacy": revealing one is an audited act). Read-only roles see ID
numbers masked everywhere (households.privacy); when one of them needs a member's full number, asking for it is
recorded in the audit log with who, whose number, why and when, before it is shown.

Bounded, so a role that needs a number now and then cannot copy the registry's numbers one click at a time: the
reason is required, one account reveals at most settings.ID_REVEAL_DAILY_LIMIT persons' numbers a day (the local
day, reset at midnight; the same person again that day is audited but not counted again), a reveal refused at the
cap is audited as a refusal with the reason given (REFUSED), and the reveal that reaches the cap records a notice for
the security admin (LIMIT_REACHED: their home tile and the security page, as a suspicious login's notice is)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from accounts.permissions import user_can
from accounts.roles import Capability
from households.models import Member

REVEAL = "member.reveal_id_number"
LIMIT_REACHED = "member.reveal_limit"
REFUSED = "member.reveal_refused"
REASON_MIN = 2
REASON_MAX = 100
LOCK_CLASS = 7_402  # advisory lock per account: two reveals at once do not both pass the cap
NOTICE_DAYS = 7
NOTICE_LIMIT = 20
TILE_HOURS = 24
MSG_NO_REVEAL = "您的角色无权查看档案中的身份证号。"
MSG_REASON = f"请填写查看完整身份证号的理由（{REASON_MIN}～{REASON_MAX}个字），理由将记入审计日志。"
MSG_LIMIT = (
    "您今天已查看 {done} 个完整身份证号，已达每日上限（{limit} 个），明天 0 点后可再查看；确需更多请联系安全管理员。"
)
MSG_NOTICE = (
    "身份证号查看达上限：账号 {username} 今天已查看 {limit} 个完整身份证号（每日上限 {limit} 个），请核实是否确有需要"
)


def reveal_limit() -> int:
    return int(settings.ID_REVEAL_DAILY_LIMIT)


def _day_start() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))


def _revealed_today(actor: Any) -> Any:
    """The members (their audit object ids) whose numbers `actor` revealed today (local day), each once."""
    today = AuditEvent.objects.filter(action=REVEAL, actor=actor, created_at__gte=_day_start())
    return today.values_list("object_id", flat=True).distinct()


def reveals_today(actor: Any) -> int:
    """How many persons' numbers `actor` has revealed today (local day): one revealed twice counts once."""
    return _revealed_today(actor).count()


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ValidationError(MSG_REASON)
    return reason


def id_number_reveal(*, actor: Any, member: Member, reason: str) -> str:
    """The member's full ID number, for someone who may see the household (the caller looked it up in scope), who
    says why and has not reached today's cap (a person already revealed today is shown again). A reveal refused at
    the cap is audited as REFUSED, with the reason given, after the reveal's transaction is rolled back."""
    if not user_can(actor, Capability.REGISTRY_VIEW):
        raise PermissionDenied(MSG_NO_REVEAL)
    reason = clean_reason(reason)
    try:
        return _reveal(actor=actor, member=member, reason=reason)
    except ValidationError as refusal:
        audit_record(
            actor=actor,
            action=REFUSED,
            summary=f"查看 {member.name}（户编号 {member.household.number}）的完整身份证号被拒绝（已达每日上限），"
            f"理由：{reason}",
            target=member,
            region_path=member.region_path,
            after={"reason": reason, "refused": "；".join(refusal.messages)},
        )
        raise


@transaction.atomic
def _reveal(*, actor: Any, member: Member, reason: str) -> str:
    with connection.cursor() as cursor:  # held to the end of this transaction
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, actor.pk])
    limit = reveal_limit()
    done = reveals_today(actor)
    again = _revealed_today(actor).filter(object_id=str(member.pk)).exists()
    if done >= limit and not again:
        raise ValidationError(MSG_LIMIT.format(done=done, limit=limit))
    audit_record(
        actor=actor,
        action=REVEAL,
        summary=f"查看 {member.name}（户编号 {member.household.number}）的完整身份证号，理由：{reason}",
        target=member,
        region_path=member.region_path,
        after={"reason": reason},
    )
    if not again and done + 1 == limit:
        audit_record(
            actor=actor,
            action=LIMIT_REACHED,
            summary=MSG_NOTICE.format(username=actor.get_username(), limit=limit),
            target=actor,
            object_type="accounts.user",
            after={"limit": limit, "username": actor.get_username()},
        )
    return member.id_number


def reveal_limit_notices(*, days: int = NOTICE_DAYS, limit: int = NOTICE_LIMIT) -> list[AuditEvent]:
    """The cap notices of the last `days` days, the latest first (the security page)."""
    since = timezone.now() - dt.timedelta(days=days)
    return list(AuditEvent.objects.filter(action=LIMIT_REACHED, created_at__gte=since).order_by("-created_at")[:limit])


def reveal_limit_count(*, hours: int = TILE_HOURS) -> int:
    """The cap notices of the last `hours` hours (the security admin's home tile)."""
    since = timezone.now() - dt.timedelta(hours=hours)
    return AuditEvent.objects.filter(action=LIMIT_REACHED, created_at__gte=since).count()
