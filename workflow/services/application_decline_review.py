"""The 村两委 review a decline rests on, and the township's reading of it.

Seed 003 §二(4): an application is 经村民小组评议后，由村两委进行核实和评议 (seed 000 §三(三)2: 村委会或村民代表大会
研究确定). So a village cadre declines (不予纳入) only with the date of the 村两委 review and its opinion
(review_errors, asked by services.applications.application_decline), and the township sees its villages' declines
and marks each 已阅 (application_acknowledge), audited. No new procedure: the township reads; a decline it disagrees
with is taken up with the village (the farmer may apply again).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from households.services.common import ensure_can_edit
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application

MSG_REVIEW_DATE_REQUIRED = "请填写村两委评议日期（不予纳入须经村两委评议）。"
MSG_REVIEW_BEFORE_APPLIED = "村两委评议日期不能早于申报提交日期（{date}）。"
MSG_REVIEW_FUTURE = "村两委评议日期不能晚于今天。"
MSG_REVIEW_BEFORE_VISIT = "村两委评议日期不能早于入户核实日期（{date}）：须先上户核实，再经村两委评议。"
MSG_REVIEW_OPINION_REQUIRED = "请填写村两委评议意见。"
REVIEW_OPINION_MAX = 500
MSG_REVIEW_OPINION_LONG = f"村两委评议意见不能超过{REVIEW_OPINION_MAX}字。"
MSG_ACK_ROLE = "只有乡镇工作人员可以对村级不予纳入的申报标记已阅。"
MSG_ACK_NOT_DECLINED = "该申报不是村级不予纳入，无需标记已阅。"
MSG_ACK_DONE = "该申报已由乡镇标记已阅。"

# Whose reading counts: the township above the village (its scope is its own villages).
ACK_ROLES = frozenset({Role.TOWNSHIP_OFFICER})


def may_acknowledge(actor: Any) -> bool:
    return getattr(actor, "role", None) in ACK_ROLES


def review_errors(
    application: Application, review_on: dt.date | None, opinion: str, *, visited_on: dt.date | None = None
) -> dict[str, str]:
    """The decline's 村两委 review, checked: a date neither before the application nor in the future, nor before the
    verification visit when its date is given (seed 000 §三(三)2: 上户核实, then the village's meeting decides), and
    an opinion."""
    errors: dict[str, str] = {}
    applied_on = timezone.localtime(application.submitted_at).date()
    if review_on is None:
        errors["review_on"] = MSG_REVIEW_DATE_REQUIRED
    elif review_on < applied_on:
        errors["review_on"] = MSG_REVIEW_BEFORE_APPLIED.format(date=f"{applied_on:%Y-%m-%d}")
    elif review_on > timezone.localdate():
        errors["review_on"] = MSG_REVIEW_FUTURE
    elif visited_on is not None and review_on < visited_on:
        errors["review_on"] = MSG_REVIEW_BEFORE_VISIT.format(date=f"{visited_on:%Y-%m-%d}")
    if not opinion:
        errors["review_opinion"] = MSG_REVIEW_OPINION_REQUIRED
    elif len(opinion) > REVIEW_OPINION_MAX:
        errors["review_opinion"] = MSG_REVIEW_OPINION_LONG
    return errors


@transaction.atomic
def application_acknowledge(*, actor: Any, application: Application) -> Application:
    """The township marks a village's decline 已阅: once, by a township officer of its scope, audited. The update
    repeats the unread state in its WHERE clause, so two officers at once record one reading."""
    if not may_acknowledge(actor):
        raise ApplicationError(MSG_ACK_ROLE)
    ensure_can_edit(actor, application.region_path)
    if application.status != ApplicationStatus.DECLINED:
        raise ApplicationError(MSG_ACK_NOT_DECLINED)
    now = timezone.now()
    updated = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.DECLINED, township_read_at__isnull=True
    ).update(township_read_at=now, township_read_by=actor, updated_at=now)
    if updated == 0:
        raise ApplicationError(MSG_ACK_DONE)
    audit_record(
        actor=actor,
        action="workflow.application_acknowledge",
        summary=f"自主申报 {application.receipt_no}：乡镇已阅村级不予纳入（村两委评议 "
        f"{application.review_on or '—'}：{application.review_opinion or '—'}）",
        target=application,
        before={"township_read_at": None},
        after={"township_read_at": f"{timezone.localtime(now):%Y-%m-%d %H:%M}"},
    )
    application.refresh_from_db()
    return application
