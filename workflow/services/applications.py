"""Self-application (农户自主申报, seed 000 §三(三)1): the public submission and the village's handling of it.

One table of allowed moves (TRANSITIONS). Every move checks the actor may edit the registry at the application's
village (role and scope), locks the row, updates it with the old status in the WHERE clause (0 rows = someone else
acted first) and writes the audit event, in one transaction. Turning an application into a case records the
verification visit and opens the identification case through workflow's own case_open, in the same transaction.
"""

import datetime as dt
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from config.errors import ApplicationError
from households import idnumber
from households.choices import LivingStatus, RegionLevel, RiskType, VisitKind
from households.models import Household, Member, Region
from households.services.common import ensure_can_edit
from households.services.visits import FINDINGS, visit_record
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.choices_applications import CONSENT_VERSION, PENDING_STATUSES, ApplicationStatus
from workflow.models import Case
from workflow.models.applications import Application, ApplicationLink, ApplicationSupplement
from workflow.services.cases import case_note, case_open

MSG_NAME_REQUIRED = "请填写申报人姓名。"
MSG_NAME_LONG = "姓名不能超过20个字。"
MSG_ID_REQUIRED = "请填写申报人的18位身份证号。"
MSG_PHONE = "请填写11位手机号码（以1开头）。"
MSG_DIFFICULTY_REQUIRED = "请至少选择一项困难类型。"
MSG_DIFFICULTY_BAD = "困难类型无效，请重新选择。"
MSG_SITUATION_SHORT = "请用至少{n}个字说明家里的困难情况。"
MSG_SITUATION_LONG = "困难情况不能超过{n}个字，请精简后再提交。"
MSG_CONSENT_REQUIRED = "请阅读并勾选同意《农户承诺和授权查询书》后再提交。"
MSG_STALE = "该申报已被他人办理或状态已变化，请刷新后查看。"
MSG_REASON_REQUIRED = "请填写不予纳入的理由（申报人查询时会看到）。"
MSG_NOTES_REQUIRED = "请填写入户核实情况。"
MSG_NOT_IN_REGISTRY = (
    "申报人不是本村农户档案中的在世家庭成员，不能直接转为识别案件。"
    "请先在“农户档案”中登记该户（或把申报人添加为家庭成员），再回到本页办理。"
)
MSG_HOUSEHOLD_MISMATCH = "所选农户不是申报人所在的农户。"
MSG_CASE_ALREADY_OPEN = "申报人所在农户已有办理中的识别纳入案件，不能再发起。请在本页把申报并入该案件办理。"
MSG_NO_OPEN_CASE = "申报人所在农户没有办理中的识别纳入案件，请记录入户核实并转为识别案件。"
MSG_NOT_A_VILLAGE = "只能为村生成自主申报二维码。"

NAME_MAX = 20
SITUATION_MIN, SITUATION_MAX = 10, 500
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
# The audit log's actor for what arrives through the public page (nobody is logged in).
PUBLIC_ACTOR = "农户自主申报页面"
# Receipt numbers: random, from letters and digits that cannot be misread (no 0/O, 1/I/L), so they are neither
# sequential nor guessable and can be read out over the phone.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, to)
    "start_verification": (frozenset({ApplicationStatus.SUBMITTED}), ApplicationStatus.VERIFYING),
    # The verification visit is recorded together with the case, so a cadre may go straight from 已提交.
    "to_case": (frozenset(PENDING_STATUSES), ApplicationStatus.CASE_OPENED),
    "decline": (frozenset(PENDING_STATUSES), ApplicationStatus.DECLINED),
    # The household already has an identification case open: the application is handled in it.
    "join_case": (frozenset(PENDING_STATUSES), ApplicationStatus.CASE_OPENED),
}
ACTION_LABELS = {
    "start_verification": "开始入户核实",
    "to_case": "转为识别纳入案件",
    "decline": "不予纳入",
    "join_case": "并入办理中的识别纳入案件",
}


def new_receipt_no() -> str:
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def normalize_phone(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "")


def validate_phone(raw: str) -> str:
    phone = normalize_phone(raw)
    if not PHONE_PATTERN.match(phone):
        raise ValidationError(MSG_PHONE, code="phone")
    return phone


def validate_situation(raw: str) -> str:
    text = (raw or "").strip()
    if len(text) < SITUATION_MIN:
        raise ValidationError(MSG_SITUATION_SHORT.format(n=SITUATION_MIN), code="situation_short")
    if len(text) > SITUATION_MAX:
        raise ValidationError(MSG_SITUATION_LONG.format(n=SITUATION_MAX), code="situation_long")
    return text


def _clean_submission(
    *, name: str, id_number: str, phone: str, risk_types: list[str], situation: str, consent: bool
) -> dict[str, Any]:
    """Every rule of the public form, so that any caller (the page, a test, a future channel) is held to them."""
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = MSG_NAME_REQUIRED
    elif len(name) > NAME_MAX:
        errors["name"] = MSG_NAME_LONG
    values["name"] = name
    if not (id_number or "").strip():
        errors["id_number"] = MSG_ID_REQUIRED
    else:
        try:
            values["id_number"] = idnumber.parse(id_number).number
        except ValidationError as error:
            errors["id_number"] = error.messages[0]
    for field, check, raw in (("phone", validate_phone, phone), ("situation", validate_situation, situation)):
        try:
            values[field] = check(raw)
        except ValidationError as error:
            errors[field] = error.messages[0]
    risk_types = list(dict.fromkeys(risk_types or []))
    if not risk_types:
        errors["risk_types"] = MSG_DIFFICULTY_REQUIRED
    elif any(code not in RiskType.values for code in risk_types):
        errors["risk_types"] = MSG_DIFFICULTY_BAD
    values["risk_types"] = risk_types
    if not consent:
        errors["consent"] = MSG_CONSENT_REQUIRED
    if errors:
        raise ValidationError(errors)
    return values


def application_submit(
    *,
    village: Region,
    name: str,
    id_number: str,
    phone: str,
    risk_types: list[str],
    situation: str,
    consent: bool,
    client_ip: str | None = None,
) -> str:
    """Store a public submission and return its receipt number.

    The answer never depends on the registry or on earlier applications: the public page must not tell whether an
    ID number is known or has applied. So a repeated submission is never refused and never answered with the first
    receipt (that would confirm the earlier one). Repeats are merged only when the ID number AND the phone match a
    pending application of the same village: that is the same farmer sending again, whose new words join the
    application as a supplement with a receipt of its own (the village sees one application; nothing sent is lost
    and nothing of the first submission is overwritten). A submission with the same ID number but another phone
    becomes an application of its own, because the status lookup is keyed by ID number + phone: merging it would
    let anyone who knows someone's ID number attach their own phone and read that person's status and decline
    reason. The village sees such same-ID applications side by side (application detail) and decides each.
    Once an application is decided, a new submission starts a new application."""
    values = _clean_submission(
        name=name, id_number=id_number, phone=phone, risk_types=risk_types, situation=situation, consent=consent
    )
    receipt_no = new_receipt_no()
    now = timezone.now()
    with transaction.atomic():
        pending = _pending_for(village, values["id_number"], values["phone"])
        if pending is None:
            try:
                with transaction.atomic():
                    application = Application.objects.create(
                        receipt_no=receipt_no,
                        village=village,
                        region_path=village.path,
                        consent_given=True,
                        consent_at=now,
                        consent_version=CONSENT_VERSION,
                        client_ip=client_ip,
                        submitted_at=now,
                        **values,
                    )
            except IntegrityError:
                # A concurrent first submission by the same ID number won the partial unique index.
                pending = _pending_for(village, values["id_number"], values["phone"])
                if pending is None:
                    raise
            else:
                _audit_public(application, "application_submit", f"收到自主申报（回执号 {receipt_no}）")
                return receipt_no
        ApplicationSupplement.objects.create(
            application=pending,
            region_path=pending.region_path,
            receipt_no=receipt_no,
            name=values["name"],
            risk_types=values["risk_types"],
            situation=values["situation"],
            consent_at=now,
            consent_version=CONSENT_VERSION,
            client_ip=client_ip,
            submitted_at=now,
        )
        merged = list(dict.fromkeys([*pending.risk_types, *values["risk_types"]]))
        Application.objects.filter(pk=pending.pk).update(risk_types=merged, updated_at=now)
        _audit_public(pending, "application_supplement", f"收到补充申报（回执号 {receipt_no}）")
    return receipt_no


def _pending_for(village: Region, id_number: str, phone: str) -> Application | None:
    return (
        Application.objects.select_for_update()
        .filter(village=village, id_number=id_number, phone=phone, status__in=PENDING_STATUSES)
        .first()
    )


def _audit_public(application: Application, action: str, summary: str) -> None:
    audit_record(
        actor=None,
        actor_username=PUBLIC_ACTOR,
        action=f"workflow.{action}",
        summary=f"{application.village.name}：{summary}",
        target=application,
    )


def _lock(*, actor: Any, application: Application, action: str) -> Application:
    ensure_can_edit(actor, application.region_path)
    locked = Application.objects.select_for_update().select_related("village").get(pk=application.pk)
    if locked.status not in TRANSITIONS[action][0]:
        raise ApplicationError(MSG_STALE)
    return locked


def _move(*, actor: Any, application: Application, action: str, note: str = "", **fields: Any) -> Application:
    target = TRANSITIONS[action][1]
    before = application.status
    updated = Application.objects.filter(pk=application.pk, status=before).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if updated == 0:
        raise ApplicationError(MSG_STALE)
    audit_record(
        actor=actor,
        action=f"workflow.application_{action}",
        summary=f"自主申报 {application.receipt_no}：{ACTION_LABELS[action]}{('，' + note) if note else ''}",
        target=application,
        before={"status": before},
        after={"status": target},
    )
    application.refresh_from_db()
    return application


@transaction.atomic
def application_start_verification(*, actor: Any, application: Application) -> Application:
    """The village takes the application up: someone will visit (status 核实中, which the applicant sees)."""
    application = _lock(actor=actor, application=application, action="start_verification")
    return _move(
        actor=actor,
        application=application,
        action="start_verification",
        verification_started_at=timezone.now(),
        verification_started_by=actor,
    )


@transaction.atomic
def application_decline(*, actor: Any, application: Application, reason: str) -> Application:
    """Not taken into the procedure. The reason is shown to the applicant in the status lookup, so it is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    application = _lock(actor=actor, application=application, action="decline")
    return _move(
        actor=actor,
        application=application,
        action="decline",
        note=reason,
        decline_reason=reason,
        decided_at=timezone.now(),
        decided_by=actor,
    )


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


@transaction.atomic
def application_join_case(*, actor: Any, application: Application) -> Case:
    """Handle a pending application in the identification case its household already has open (opened by a cadre
    from a visit, an alert or the screening, say): the application counts as taken into the procedure (已纳入程序,
    which the applicant sees), and the case's record names it, so the farmer's own account is read with the case."""
    application = _lock(actor=actor, application=application, action="join_case")
    household = applicant_household(application)
    if household is None:
        raise ApplicationError(MSG_NOT_IN_REGISTRY)
    case = open_identification_case(household)
    if case is None:
        raise ApplicationError(MSG_NO_OPEN_CASE)
    case = Case.objects.select_for_update(of=("self",)).select_related("household").get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(MSG_NO_OPEN_CASE)
    case_note(
        actor=actor,
        case=case,
        summary=f"并入农户自主申报（回执号 {application.receipt_no}，{application.name}）："
        f"{'、'.join(application.difficulty_labels())}",
    )
    _move(
        actor=actor,
        application=application,
        action="join_case",
        note=f"农户 {household.number}",
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
    findings: dict[str, bool] | None = None,
) -> Case:
    """Record the verification visit and open the identification case (channel 农户自主申报) for the applicant's
    household; the case counts from the day the farmer applied (discovery date), which the 15-day limit of seed
    001 runs from."""
    application = _lock(actor=actor, application=application, action="to_case")
    if not (visit_notes or "").strip():
        raise ValidationError({"visit_notes": MSG_NOTES_REQUIRED})
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
    )
    _move(
        actor=actor,
        application=application,
        action="to_case",
        note=f"农户 {found.number}",
        household=found,
        visit=visit,
        case=case,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    return case


@transaction.atomic
def application_link_for(*, actor: Any, village: Region) -> ApplicationLink:
    """The village's public link (created once, on the first poster). Cadres, township and county may print it."""
    ensure_can_edit(actor, village.path)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError(MSG_NOT_A_VILLAGE)
    link = ApplicationLink.objects.filter(village=village).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            link = ApplicationLink.objects.create(
                village=village, region_path=village.path, token=secrets.token_urlsafe(16), created_by=actor
            )
    except IntegrityError:
        return ApplicationLink.objects.get(village=village)  # a colleague printed the poster at the same moment
    audit_record(
        actor=actor,
        action="workflow.application_link_create",
        summary=f"{village.name}：生成自主申报二维码",
        target=link,
    )
    return link
