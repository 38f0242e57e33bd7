"""Ending and deleting a campaign (its organiser: the county bureau, or the township for its own campaign).

003 §三(四): the summary with 附件4 is reported by a fixed date. Once the county ends the campaign (结束排查), nothing
that changes what was found may be added: no new or corrected household form, no new household or area problem, no
new assignment, no change of phases or villages. Rectification of the problems already in the ledgers goes on
(措施、开始整改、销号、重新打开), since 003 §二1 asks for every problem to be closed one by one.

A campaign created by mistake can be deleted while nothing was recorded in it (no form, no problem).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import audit_record
from config.errors import ApplicationError
from screening.models import AreaProblem, Campaign, HouseholdProblem, ScreeningForm
from screening.selectors_progress import close_check
from screening.services.campaign_roles import MSG_CLOSE_ROLE, ensure_can_organise

MSG_CAMPAIGN_CLOSED = (
    "“{name}”已于{date}结束，不能再填写或修改入户排查表、登记新问题、调整阶段与范围或安排排查人员；"
    "已登记问题的整改和销号可继续进行。"
)
MSG_ALREADY_CLOSED = "“{name}”已于{date}结束。"
ACKNOWLEDGE_LABEL = "我已知晓以上情况，仍结束排查"
MSG_TICK = "上面列出的工作尚未完成，须勾选“" + ACKNOWLEDGE_LABEL + "”才能结束；结束后不能撤回。"
MSG_NOT_ACKNOWLEDGED = (
    "结束“{name}”前请注意：{warnings}。结束后不能撤回；确需现在结束的，请勾选“"
    + ACKNOWLEDGE_LABEL
    + "”（接口：acknowledged 传 true）。"
)
EMPTIED_AUDIT = "另有{count}户无在世在户人员（成员均已故或迁出），未列入排查"
MSG_DELETE_HAS_FORMS = "“{name}”已有{count}户填写了入户排查表，不能删除；排查完成后请使用“结束排查”。"
MSG_DELETE_HAS_PROBLEMS = "“{name}”已登记{count}个整改问题，不能删除；排查完成后请使用“结束排查”。"


def _closed_on(campaign: Campaign) -> str:
    return f"{timezone.localdate(campaign.closed_at):%Y-%m-%d}" if campaign.closed_at else ""


def closed_message(campaign: Campaign) -> str:
    """Why nothing can be added to the campaign, for a page to say before a form is filled ("" while open)."""
    if campaign.closed_at is None:
        return ""
    return MSG_CAMPAIGN_CLOSED.format(name=campaign.name, date=_closed_on(campaign))


def ensure_open(campaign: Campaign) -> None:
    """Refuse what would add to or change the findings of an ended campaign (see the module's docstring).

    Called inside the writing service's transaction. The row is read FOR SHARE: cadres saving forms do not wait
    for each other, but a form saved while the county ends the campaign is either in before the end or refused."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT closed_at FROM screening_campaign WHERE id = %s FOR SHARE", [campaign.pk])
        row = cursor.fetchone()
    campaign.closed_at = row[0] if row else campaign.closed_at
    if message := closed_message(campaign):
        raise ApplicationError(message)


def _ensure_county(actor: Any, campaign: Campaign) -> None:
    """The campaign's organiser or the county above it (campaign_roles)."""
    ensure_can_organise(actor, campaign, MSG_CLOSE_ROLE)


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign, acknowledged: bool = False) -> Campaign:
    """结束排查: record who ended the campaign and when; refused if it was already ended (by someone else).

    Ending cuts short what is still to be done (selectors_progress.close_check: the 入户排查 phase still running,
    villages without a screener, households not screened): while any of that applies, the county must say it knows
    (acknowledged), and the audit record keeps what it was told. The households left out because nobody lives there
    (emptied) need no tick, nothing being cut short for them, but the refusal and the audit record say how many."""
    _ensure_county(actor, campaign)
    campaign.refresh_from_db(fields=["closed_at"])
    check = None if campaign.closed_at else close_check(actor=actor, campaign=campaign)
    warnings = check.warnings if check else []
    emptied = check.emptied if check else 0
    if warnings and not acknowledged:
        message = MSG_NOT_ACKNOWLEDGED.format(name=campaign.name, warnings="；".join(warnings))
        raise ValidationError({"acknowledged": [message + (check.emptied_note if check else "")]})
    now = timezone.now()
    # The old state in the WHERE clause: two officers ending it at once, one of them is told it already ended.
    if not Campaign.objects.filter(pk=campaign.pk, closed_at__isnull=True).update(closed_at=now, closed_by=actor):
        campaign.refresh_from_db()
        raise ApplicationError(MSG_ALREADY_CLOSED.format(name=campaign.name, date=_closed_on(campaign)))
    campaign.refresh_from_db()
    counts = campaign_counts(campaign)
    audit_record(
        actor=actor,
        action="campaign.close",
        target=campaign,
        summary=(
            f"结束集中排查“{campaign.name}”：入户排查{counts['forms']}户，户内问题{counts['household_problems']}个、"
            f"面上问题{counts['area_problems']}个，其中未销号{counts['open_problems']}个"
            + (f"；结束时已确认知晓：{'；'.join(warnings)}" if warnings else "")
            + (f"；{EMPTIED_AUDIT.format(count=emptied)}" if emptied else "")
        ),
        after={
            "closed_at": campaign.closed_at.isoformat(),
            **counts,
            "warnings_acknowledged": warnings,
            "emptied": emptied,
        },
    )
    return campaign


def campaign_counts(campaign: Campaign) -> dict[str, int]:
    """What the close and delete confirmations show: forms filled, problems recorded and still open."""
    household = HouseholdProblem.objects.filter(campaign=campaign)
    area = AreaProblem.objects.filter(campaign=campaign)
    return {
        "forms": ScreeningForm.objects.filter(campaign=campaign).count(),
        "household_problems": household.count(),
        "area_problems": area.count(),
        "open_problems": household.exclude(status="rectified").count() + area.exclude(status="rectified").count(),
    }


def delete_errors(campaign: Campaign) -> list[str]:
    """Why the campaign cannot be deleted (empty when it can): something was recorded in it."""
    counts = campaign_counts(campaign)
    problems = counts["household_problems"] + counts["area_problems"]
    if counts["forms"]:
        return [MSG_DELETE_HAS_FORMS.format(name=campaign.name, count=counts["forms"])]
    if problems:
        return [MSG_DELETE_HAS_PROBLEMS.format(name=campaign.name, count=problems)]
    return []


@transaction.atomic
def campaign_delete(*, actor: Any, campaign: Campaign) -> None:
    """Delete a campaign with nothing recorded in it; its phases and assignments go with it."""
    _ensure_county(actor, campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    errors = delete_errors(campaign)
    if errors:
        raise ApplicationError(errors[0])
    villages = campaign.villages.count()
    audit_record(
        actor=actor,
        action="campaign.delete",
        target=campaign,
        summary=f"删除集中排查“{campaign.name}”（范围{villages}个村，未填写排查表）",
        before={
            "name": campaign.name,
            "villages": villages,
            "phases": {p.get_kind_display(): f"{p.starts_on} 至 {p.ends_on}" for p in campaign.phases.all()},
            "assignments": campaign.assignments.count(),
        },
    )
    campaign.villages.clear()
    campaign.delete()
