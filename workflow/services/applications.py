"""Self-application (农户自主申报, seed 000 §三(三)1): the village's handling of it. The public side (the
submission, the village's link) is services.application_public.

One table of allowed moves (TRANSITIONS). Every move checks the actor may edit the registry at the application's
village (role and scope), locks the row, updates it with the old status in the WHERE clause (0 rows = someone else
acted first) and writes the audit event, in one transaction. Turning an application into a case records the
verification visit and opens the identification case through workflow's own case_open, in the same transaction.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from config.errors import ApplicationError
from households.choices import LivingStatus, VisitKind
from households.models import Household, Member
from households.national import household_national_risk_types
from households.services.closing import ensure_open
from households.services.common import ensure_can_edit
from households.services.visits import FINDINGS, visit_record
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.choices_applications import PENDING_STATUSES, ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application
from workflow.services.application_decline_review import review_errors
from workflow.services.case_locks import case_lock, deadlock_retried
from workflow.services.case_opening import check_household_state
from workflow.services.cases import case_note, case_open

MSG_STALE = "该申报已被他人办理或状态已变化，请刷新后查看。"
MSG_REASON_REQUIRED = "请填写不予纳入的理由。"
MSG_NOTES_REQUIRED = "请填写入户核实情况。"
MSG_NOT_IN_REGISTRY = (
    "申报人不是本村农户档案中的在世家庭成员，不能直接转为识别案件。"
    "请先在“农户档案”中登记该户（或把申报人添加为家庭成员），再回到本页办理。"
)
MSG_HOUSEHOLD_MISMATCH = "所选农户不是申报人所在的农户。"
MSG_CASE_ALREADY_OPEN = "申报人所在农户已有办理中的识别纳入案件，不能再发起。请在本页把申报并入该案件办理。"
MSG_NO_OPEN_CASE = "申报人所在农户没有办理中的识别纳入案件，请记录入户核实并转为识别案件。"
MSG_VISIT_BEFORE_APPLIED = "入户核实日期不能早于申报提交日期（{date}）。"
MSG_VISIT_FUTURE = "入户核实日期不能晚于今天。"
MSG_VISIT_BEFORE_STARTED = "入户核实日期不能早于开始核实的日期（{date}）。"
MSG_DECLINE_UNVISITED = (
    "自主申报须先上户核实才能不予纳入：请先点“开始核实”，入户核实后填写核实日期、核实情况和不予纳入的理由。"
)
MSG_VISIT_DATE_REQUIRED = "请填写入户核实日期。"
MSG_OUTCOME_REQUIRED = "请填写处理情况。"
# Anyone who knows a farmer's ID number can apply with it from their own phone, and the village answers whoever
# applied (the outcome, by the phone given). So a cadre closing with an outcome says the applicant is the person or
# one of the household (review: an application with another's ID number, from a phone not the household's); the
# detail page warns where the name or the phone is not the registry's. Audited with the move.
IDENTITY_CONFIRMED = "申报人已核实为本人或本户成员"
MSG_IDENTITY_UNCONFIRMED = "请先核实申报人是本人或本户家庭成员，再勾选确认。办理结果只告知本人或本户成员。"
# What the village does for an applicant whose household is monitored already (the application is closed as
# 已是监测对象，已办结, not declined: the status lookup says the household is monitored before this), offered as the
# start of the 处理情况 the applicant reads.
REASON_MONITORED = "村里将按监测户定期走访，根据您反映的困难落实帮扶措施。"

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, to)
    "start_verification": (frozenset({ApplicationStatus.SUBMITTED}), ApplicationStatus.VERIFYING),
    # The verification visit is recorded together with the case, so a cadre may go straight from 已提交.
    "to_case": (frozenset(PENDING_STATUSES), ApplicationStatus.CASE_OPENED),
    # Seed 000 §三(三)2: the village 上户核实 an own application before deciding it, so a decline follows the start of
    # the verification and records the visit (application_decline).
    "decline": (frozenset({ApplicationStatus.VERIFYING}), ApplicationStatus.DECLINED),
    # The same visit for a household monitored already: closed as such, not declined (closes_as_monitored).
    "close_monitored": (frozenset({ApplicationStatus.VERIFYING}), ApplicationStatus.MONITORED),
    # The household already has an identification case open: the application is handled in it.
    "join_case": (frozenset(PENDING_STATUSES), ApplicationStatus.CASE_OPENED),
    # Spam, a test, a stranger's or a repeated submission: closed with no visit (application_invalid).
    "invalidate": (frozenset(PENDING_STATUSES), ApplicationStatus.INVALID),
}
ACTION_LABELS = {
    "start_verification": "开始入户核实",
    "to_case": "转为识别纳入案件",
    "decline": "不予纳入",
    "close_monitored": "已是监测对象，办结申报",
    "join_case": "并入办理中的识别纳入案件",
    "invalidate": "按无效申报办结",
}


def lock_application(*, actor: Any, application: Application, action: str) -> Application:
    ensure_can_edit(actor, application.region_path)
    locked = Application.objects.select_for_update().select_related("village").get(pk=application.pk)
    if locked.status not in TRANSITIONS[action][0]:
        raise ApplicationError(MSG_STALE)
    return locked


def _check_identity(identity_confirmed: bool) -> None:
    if not identity_confirmed:
        raise ValidationError({"identity_confirmed": MSG_IDENTITY_UNCONFIRMED})


def move_application(
    *,
    actor: Any,
    application: Application,
    action: str,
    note: str = "",
    identity_confirmed: bool = False,
    **fields: Any,
) -> Application:
    target = TRANSITIONS[action][1]
    before = application.status
    updated = Application.objects.filter(pk=application.pk, status=before).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if updated == 0:
        raise ApplicationError(MSG_STALE)
    if identity_confirmed:
        note = f"{note}；{IDENTITY_CONFIRMED}" if note else IDENTITY_CONFIRMED
    audit_record(
        actor=actor,
        action=f"workflow.application_{action}",
        summary=f"自主申报 {application.receipt_no}：{ACTION_LABELS[action]}{('，' + note) if note else ''}",
        target=application,
        before={"status": before},
        after={"status": target, **({"identity_confirmed": True} if identity_confirmed else {})},
    )
    application.refresh_from_db()
    return application


@transaction.atomic
def application_start_verification(*, actor: Any, application: Application) -> Application:
    """The village takes the application up: someone will visit (status 核实中, which the applicant sees)."""
    application = lock_application(actor=actor, application=application, action="start_verification")
    return move_application(
        actor=actor,
        application=application,
        action="start_verification",
        verification_started_at=timezone.now(),
        verification_started_by=actor,
    )


@transaction.atomic
def application_decline(
    *,
    actor: Any,
    application: Application,
    reason: str,
    identity_confirmed: bool,
    visited_on: dt.date | None = None,
    visit_notes: str = "",
    review_on: dt.date | None = None,
    review_opinion: str = "",
) -> Application:
    """Not taken into the procedure, after the verification visit (seed 000 §三(三)2 上户核实), which is recorded with
    the decline: on the application, and in the household's visits when the applicant is in the registry. The reason
    is required. An applicant whose household is monitored already (closes_as_monitored) is not declined: the
    application is closed as 已是监测对象, the reason being what the village does instead (处理情况). The cadre
    confirms the applicant is the person or one of the household (identity_confirmed, audited): the outcome is told
    to whoever applied. A decline states the 村两委 review it rests on (review_on, review_opinion: seed 003 §二(4)),
    which the township reads (services.application_decline_review); a closure as 已是监测对象 refuses nothing."""
    ensure_can_edit(actor, application.region_path)
    application.refresh_from_db(fields=["status", "verification_started_at"])
    if application.status == ApplicationStatus.SUBMITTED:
        raise ApplicationError(MSG_DECLINE_UNVISITED)
    reason, visit_notes = (reason or "").strip(), (visit_notes or "").strip()
    review_opinion = (review_opinion or "").strip()
    monitored = closes_as_monitored(application)
    visit_error = MSG_VISIT_DATE_REQUIRED if visited_on is None else visit_date_error(application, visited_on)
    # The review follows the visit (seed 000 §三(三)2), compared only with a visit date that stands.
    visit_shown = None if visit_error else visited_on
    errors = {} if monitored else review_errors(application, review_on, review_opinion, visited_on=visit_shown)
    if not reason:
        errors["reason"] = MSG_OUTCOME_REQUIRED if monitored else MSG_REASON_REQUIRED
    if visit_error:
        errors["visited_on"] = visit_error
    if not visit_notes:
        errors["visit_notes"] = MSG_NOTES_REQUIRED
    if not identity_confirmed:
        errors["identity_confirmed"] = MSG_IDENTITY_UNCONFIRMED
    if errors:
        raise ValidationError(errors)
    action = "close_monitored" if monitored else "decline"
    application = lock_application(actor=actor, application=application, action=action)
    household = applicant_household(application)
    visit = None
    if household is not None:
        visit = visit_record(
            actor=actor,
            household=household,
            visited_on=visited_on,
            kind=VisitKind.APPLICATION,
            # No findings: the decline page asks none; visit_record keeps the household's as they stand, and the
            # ledger says 本次未核 (the visit states none: households.services.visit_stated).
            notes=f"自主申报入户核实（回执号 {application.receipt_no}），{ACTION_LABELS[action]}：{visit_notes}",
        )
    said = "处理情况" if monitored else "理由"
    review = {} if monitored else {"review_on": review_on, "review_opinion": review_opinion}
    reviewed = "" if monitored else f"；村两委评议 {review_on:%Y-%m-%d}：{review_opinion}"
    return move_application(
        actor=actor,
        application=application,
        action=action,
        note=f"入户核实 {visited_on:%Y-%m-%d}：{visit_notes}；{said}：{reason}{reviewed}",
        identity_confirmed=True,
        decline_reason=reason,
        verified_on=visited_on,
        verification_notes=visit_notes,
        visit=visit,
        decided_at=timezone.now(),
        decided_by=actor,
        **review,
        **({"household": household} if monitored else {}),
    )


def closes_as_monitored(application: Application) -> bool:
    """Whether the applicant's household is monitored already with no identification case to join: the village
    closes the application as 已是监测对象 (application_decline), not as a refusal."""
    household = applicant_household(application)
    return bool(household is not None and household.monitoring_category and not open_identification_case(household))


def applicant_household(application: Application) -> Household | None:
    """The active household of this village in which the applicant's ID number is a living member, if any."""
    member = (
        Member.objects.filter(
            id_number=application.id_number,
            living_status=LivingStatus.LIVING,
            household__village_id=application.village_id,
            household__is_active=True,
        )
        .select_related("household")
        .first()
    )
    return member.household if member else None


def open_identification_case(household: Household | None) -> Case | None:
    """The household's identification case in progress, if any: an application from it is joined to that case
    rather than opening a second one (case_open refuses it)."""
    if household is None:
        return None
    return (
        Case.objects.filter(household=household, kind=CaseKind.IDENTIFICATION, status=CaseStatus.OPEN)
        .select_related("procedure")
        .first()
    )


def to_case_refusal(household: Household | None) -> str:
    """Why the applicant's household may not be taken into an identification case ("" when it may): the refusal
    case_open gives (already monitored, say), so that the application page says it before the cadre types the whole
    verification (review cadre finding 6). An open case of the household is joined instead (application_join_case).
    """
    if household is None:
        return ""
    try:
        check_household_state(household, CaseKind.IDENTIFICATION)
    except ApplicationError as error:
        return error.message
    return ""


def decline_reason_suggestion(application: Application) -> str:
    """The reason the decline form starts with ("" for none): REASON_MONITORED for a household already monitored
    that has no case to join."""
    return REASON_MONITORED if closes_as_monitored(application) else ""


def visit_date_error(application: Application, visited_on: dt.date) -> str:
    """The verification follows the application and, once the village has started it (开始核实), that start; it is
    not in the future (review cadre finding 11)."""
    applied_on = timezone.localtime(application.submitted_at).date()
    if visited_on < applied_on:
        return MSG_VISIT_BEFORE_APPLIED.format(date=f"{applied_on:%Y-%m-%d}")
    started = application.verification_started_at
    if started is not None and visited_on < (started_on := timezone.localtime(started).date()):
        return MSG_VISIT_BEFORE_STARTED.format(date=f"{started_on:%Y-%m-%d}")
    if visited_on > timezone.localdate():
        return MSG_VISIT_FUTURE
    return ""


@deadlock_retried
@transaction.atomic
def application_join_case(*, actor: Any, application: Application, identity_confirmed: bool) -> Case:
    """Handle a pending application in the identification case its household already has open (opened by a cadre
    from a visit, an alert or the screening, say): the application counts as taken into the procedure (已纳入程序,
    which the applicant sees), and the case's record names it, so the farmer's own account is read with the case.
    Locks the household, then the application, then the case (services.case_locks' order): the registry's edit of
    the household writes its applications and cases under the household's lock (households.services.place). The
    outcome is told to whoever applied: the cadre confirms who that is (identity_confirmed, audited)."""
    _check_identity(identity_confirmed)
    household = applicant_household(application)
    if household is not None:
        Household.objects.select_for_update().filter(pk=household.pk).values_list("pk").first()
    application = lock_application(actor=actor, application=application, action="join_case")
    if household is None or applicant_household(application) != household:
        # No household, or the registry changed whose member the applicant is before the lock: not joined now.
        raise ApplicationError(MSG_NOT_IN_REGISTRY if household is None else MSG_STALE)
    case = open_identification_case(household)
    if case is None:
        raise ApplicationError(MSG_NO_OPEN_CASE)
    case = case_lock(case.pk, "household")
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(MSG_NO_OPEN_CASE)
    case_note(
        actor=actor,
        case=case,
        summary=f"并入农户自主申报（回执号 {application.receipt_no}，{application.name}）："
        f"{'；'.join(application.difficulty_labels())}",
    )
    move_application(
        actor=actor,
        application=application,
        action="join_case",
        note=f"农户 {household.number}",
        identity_confirmed=True,
        household=household,
        case=case,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    return case


@transaction.atomic
def application_to_case(
    *,
    actor: Any,
    application: Application,
    household: Household,
    visited_on: dt.date,
    visit_notes: str,
    risk_types: list[str],
    category: str,
    identity_confirmed: bool,
    findings: dict[str, bool] | None = None,
) -> Case:
    """Record the verification visit and open the identification case (channel 农户自主申报) for the applicant's
    household; the case counts from the day the farmer applied (discovery date), which the 15-day limit of seed
    001 runs from. The outcome is told to whoever applied: the cadre confirms who that is (identity_confirmed,
    audited)."""
    application = lock_application(actor=actor, application=application, action="to_case")
    ensure_open(household)
    errors: dict[str, str] = {}
    if message := visit_date_error(application, visited_on):
        errors["visited_on"] = message
    if not (visit_notes or "").strip():
        errors["visit_notes"] = MSG_NOTES_REQUIRED
    if not identity_confirmed:
        errors["identity_confirmed"] = MSG_IDENTITY_UNCONFIRMED
    if errors:
        raise ValidationError(errors)
    found = applicant_household(application)
    if found is None:
        raise ApplicationError(MSG_NOT_IN_REGISTRY)
    if found.pk != household.pk:
        raise ValidationError({"household": MSG_HOUSEHOLD_MISMATCH})
    if findings is None:
        # Keep the household's current 两不愁三保障 status: the visit must not reset what an earlier one found.
        findings = {name: getattr(found, name) for name in FINDINGS}
    visit = visit_record(
        actor=actor,
        household=found,
        visited_on=visited_on,
        kind=VisitKind.APPLICATION,
        findings=findings,
        risk_found=True,
        risk_types=risk_types,
        notes=f"自主申报入户核实（回执号 {application.receipt_no}）：{visit_notes.strip()}",
    )
    case = case_open(
        actor=actor,
        household=found,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.SELF_APPLICATION,
        risk_types=risk_types,
        category=category,
        discovered_on=timezone.localtime(application.submitted_at).date(),
        national_risk_types=household_national_risk_types(found, risk_types),
    )
    move_application(
        actor=actor,
        application=application,
        action="to_case",
        note=f"农户 {found.number}",
        identity_confirmed=True,
        household=found,
        visit=visit,
        case=case,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    return case
