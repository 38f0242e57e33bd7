"""Visits (走访) and the signed consent (承诺和授权查询书)."""

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from config.once import once_create
from households.choices import ConsentSigner, RiskType, VisitKind
from households.models import Consent, Household, Visit
from households.public_names import consent_signer_error
from households.services import visit_once
from households.services.closing import ensure_open, ensure_somebody_living
from households.services.common import diff, ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, confirmed_note
from households.services.consent_dates import signed_on_error
from households.services.visit_changes import CHANGE_FIELDS, change_errors
from households.services.visit_confirm import confirm_errors
from households.services.visit_guarantees import guarantee_errors, stated_findings
from households.services.visit_same_day import confirmed_text, visit_same_day
from households.services.visit_stated import FINDINGS, stated_of, visit_summary
from households.signals import visit_risk_found

MSG_DATE_FUTURE = "日期不能晚于今天。"
MSG_DATE_TOO_OLD = "走访日期不能早于一年前。"
MSG_PROXY_NAME = "代签时须填写代签人姓名。"
MSG_PROXY_THUMB = "代签时须由农户本人按手印。"
MSG_FILE_TYPE = "只能上传 JPG、PNG 或 PDF 文件。"
MSG_FILE_SIZE = "文件不能超过 10 MB。"
MSG_RISK_UNKNOWN = "未知的风险类型：{codes}。"
# 000 §三(三)1 二: a risk found at a visit is 录入并上报. Only its type reaches the township (screening's visit flags
# and worklist): a ticked box without one would read as reported on the phone and go nowhere.
MSG_RISK_TYPE_REQUIRED = "勾选了“发现返贫致贫风险”，请至少选择一项风险类型。"
MSG_NOTES_LONG = "走访情况不能超过{n}字（现有{length}字），请精简。"
NOTES_MAX = 2000  # a page of notes; a longer account goes in an attached photo or file

MAX_UPLOAD = 10 * 1024 * 1024
# What a JPG, PNG or PDF starts with: a file renamed to .jpg (or random bytes) is refused too.
SIGNATURES = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
ALLOWED_UPLOADS = set(SIGNATURES)
# Seed 003 附件1 / DOMAIN.md "Privacy": no asset comparison without the signed consent on file. What is on file is
# the signed paper's scan: a record without one is a claim, not the consent (consent_on_file).
MSG_SCAN_REQUIRED = "请上传签字（按手印）的授权书扫描件或照片。没有扫描件的登记不算在档，不能据此比对家庭资产。"
MSG_CONSENT_SAME_DAY = "该户已登记过 {day:%Y-%m-%d} 签署的授权书{count}份（{signers}），请核对是否重复登记。"


@dataclass(frozen=True)
class VisitInput:
    """visit_record's arguments as one value: what the visit form gives to a later app that records the visit
    together with something of its own, through visit_record in one transaction (households.visit_extras)."""

    actor: Any
    household: Household
    visited_on: dt.date
    kind: str = VisitKind.MONTHLY
    findings: dict[str, bool] | None = None
    risk_found: bool = False
    notes: str = ""
    risk_types: list[str] | None = None
    income_change: Decimal | None = None
    expense_change: Decimal | None = None
    photo: File | None = None
    confirm_changes: bool = False
    once: uuid.UUID | None = None  # the visit page's token (config.once), or an API client's (config.api_once)
    # The page and the API ask about a visit the same as one recorded (False, or True once confirmed); None: not asked
    confirm_same_visit: bool | None = None

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of visit_record (not dataclasses.asdict, which would copy the uploaded photo)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def upload_check(upload: File | None, field: str) -> None:
    """Raise ValidationError({field: …}) unless the upload is a JPG, PNG or PDF of at most 10 MB that starts as one."""
    if upload is None:
        return
    name = (upload.name or "").lower()
    signature = next((sig for ext, sig in SIGNATURES.items() if name.endswith(ext)), None)
    if signature is None:
        raise ValidationError({field: MSG_FILE_TYPE})
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise ValidationError({field: MSG_FILE_SIZE})
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature:
        raise ValidationError({field: MSG_FILE_TYPE})


def visit_errors(
    *,
    household: Household,
    visited_on: dt.date | None,
    notes: str = "",
    photo: File | None = None,
    risk_found: bool = False,
    risk_types: list[str] | None = None,
    changes: dict[str, Decimal | None] | None = None,
    confirm_changes: bool = False,
    guarantees: dict[str, bool] | None = None,
    stated: Collection[str] | None = None,
) -> dict[str, str]:
    """What is wrong with a visit's input, every field at once (field → message; {} when all is well): the visit form
    shows them all in one round together with its extras' errors (households.visit_extras), and visit_record refuses
    the same. `visited_on` None (the form refused the date already) skips what depends on it. `guarantees`: the
    visit's 住房/饮水安全有保障 as it will record them (guarantee_errors), for a visit whose findings the visitor
    states (stated_findings); None skips that check. `stated`: the findings such a visit gives, each of those the
    household's open case asks to confirm among them (households.services.visit_confirm); None skips that check."""
    errors: dict[str, str] = {}
    if visited_on is not None:
        today = timezone.localdate()
        if visited_on > today:
            errors["visited_on"] = MSG_DATE_FUTURE
        elif visited_on < today - dt.timedelta(days=366):
            errors["visited_on"] = MSG_DATE_TOO_OLD
    if len(notes or "") > NOTES_MAX:
        errors["notes"] = MSG_NOTES_LONG.format(n=NOTES_MAX, length=len(notes))
    try:
        upload_check(photo, "photo")
    except ValidationError as error:
        errors["photo"] = error.message_dict["photo"][0]
    unknown = [code for code in risk_types or [] if code not in RiskType.values]
    if unknown:
        errors["risk_types"] = MSG_RISK_UNKNOWN.format(codes="、".join(unknown))
    elif risk_found and not risk_types:
        errors["risk_types"] = MSG_RISK_TYPE_REQUIRED
    elif guarantees is not None:
        errors |= guarantee_errors(risk_types or [], guarantees)
    if visited_on is not None and stated is not None:
        for field, message in confirm_errors(household, visited_on, stated).items():
            errors.setdefault(field, message)
    if visited_on is not None and changes:
        errors |= change_errors(household=household, visited_on=visited_on, changes=changes, confirmed=confirm_changes)
    return errors


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    household: Household,
    visited_on: dt.date,
    kind: str = VisitKind.MONTHLY,
    findings: dict[str, bool] | None = None,
    risk_found: bool = False,
    notes: str = "",
    risk_types: list[str] | None = None,
    income_change: Decimal | None = None,
    expense_change: Decimal | None = None,
    photo: File | None = None,
    confirm_changes: bool = False,
    once: uuid.UUID | None = None,
    confirm_same_visit: bool | None = None,
) -> Visit:
    """Record a visit. Its 两不愁三保障 + water findings become the household's current status; a finding not given
    (an alert's verification, an API call that sends some) is the household's current status, never "有保障" by
    default: a visit about something else must not clear a problem recorded before; the visit keeps which findings
    its visitor stated (visit_stated.stated_of: all on a 月度走访/集中排查, else a box changed from the household's).
    A visit whose visitor states its findings (stated_findings) gives each one the household's open case asks to
    confirm (visit_confirm), or is refused.
    A risk found needs its type; an implausibly large income or expense change needs `confirm_changes`
    (households.services.visit_changes). A household whose members all died or moved out gets no visit but an
    alert's verification (closing.ensure_somebody_living): it is for 农户注销.
    ``once``: the visit page's token (config.once) or an API client's (config.api_once); it names one visit of one
    household. Sent again with the same visit (a double tap, a phone resending, a client's retry) it gives back the
    visit it recorded and records nothing (visit_once.visit_recorded_now tells which); sent with another visit
    (changed input, another user, another household) it is refused, nothing recorded (visit_once.OnceOtherVisit).
    ``confirm_same_visit``: False asks about a visit the same as one this visitor recorded for the household that day
    (visit_same_day.SameVisitRecorded, nothing recorded), True records it, noting so; None (default) does not ask."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    if kind != VisitKind.ALERT:  # an alert's verification may mark the last member gone itself (member_gone)
        ensure_somebody_living(household, "登记走访")
    asked = {
        "actor": actor,
        "household": household,
        "visited_on": visited_on,
        "kind": kind,
        "findings": findings or {},
        "risk_found": risk_found,
        "risk_types": risk_types or [],
        "notes": notes,
        "income_change": income_change,
        "expense_change": expense_change,
    }
    visit_once.ensure_token_here(once, **asked)
    # The household's lock queues two posts of the same page: the second finds the first's visit.
    done = once_create(
        Visit,
        once,
        lambda once: _visit_create(
            **asked, photo=photo, confirm_changes=confirm_changes, once=once, confirm_same_visit=confirm_same_visit
        ),
        scope={"household": household},
    )
    if done.repeated:
        visit_once.ensure_same_visit(done.record, **asked)
        return done.record
    visit_once.ensure_token_here(once, **asked)  # another household's visit took the token meanwhile
    visit_once.mark_recorded_now(done.record)
    return done.record


def _visit_create(
    *,
    actor: Any,
    household: Household,
    visited_on: dt.date,
    kind: str,
    findings: dict[str, bool] | None,
    risk_found: bool,
    notes: str,
    risk_types: list[str] | None,
    income_change: Decimal | None,
    expense_change: Decimal | None,
    photo: File | None,
    confirm_changes: bool,
    once: uuid.UUID | None,
    confirm_same_visit: bool | None,
) -> Visit:
    risk_types = list(dict.fromkeys(risk_types or []))
    amounts = {"income_change": income_change, "expense_change": expense_change}
    # A finding not given is the household's state under its lock, as recorded below.
    stated = {name: bool((findings or {}).get(name, getattr(household, name))) for name in FINDINGS}
    errors = visit_errors(
        household=household,
        visited_on=visited_on,
        notes=notes,
        photo=photo,
        risk_found=risk_found,
        risk_types=risk_types,
        changes=amounts,
        confirm_changes=confirm_changes,
        guarantees=stated if stated_findings(kind) else None,
        # Given, not taken from the household: a 否 left as it stood is no finding (visit_confirm).
        stated=list(findings or {}) if stated_findings(kind) else None,
    )
    if errors:
        raise ValidationError(errors)
    asked = {"actor": actor, "household": household, "visited_on": visited_on, "kind": kind, "notes": notes}
    asked |= {"findings": findings or {}, "risk_found": risk_found, "risk_types": risk_types, **amounts}
    same = visit_same_day(confirm_same_visit, **asked)
    risk_found = bool(risk_types)
    given = stated_of(kind, findings, household)  # before the household takes the visit's findings below
    findings = stated
    visit = Visit.objects.create(
        household=household,
        region_path=household.region_path,
        visited_on=visited_on,
        visitor=actor,
        kind=kind,
        risk_found=risk_found,
        risk_types=risk_types,
        notes=notes,
        income_change=income_change,
        expense_change=expense_change,
        photo=photo or "",
        once=once,
        stated_findings=given,
        **findings,
    )
    changes: list[dict[str, str]] = []
    latest = household.visits.counted().order_by("-visited_on", "-id").first()
    if latest is not None and latest.pk == visit.pk:
        before = {name: getattr(household, name) for name in FINDINGS}
        for name, value in findings.items():
            setattr(household, name, value)
        household.save(update_fields=[*FINDINGS, "updated_at"])
        changes = diff(household, before, FINDINGS)
    if risk_types:
        visit_id, household_id = visit.pk, household.pk
        transaction.on_commit(
            lambda: visit_risk_found.send(
                sender=Visit, household_id=household_id, visit_id=visit_id, risk_types=risk_types, visited_on=visited_on
            )
        )
    summary = visit_summary(
        kind=kind,
        visited_on=visited_on,
        findings=findings,
        stated=given,
        risk_types=risk_types,
        amounts=amounts,
        change_labels=CHANGE_FIELDS,
        note=confirmed_note(confirmed_text(same)),
    )
    record_event(
        actor=actor, household=household, action="visit.create", summary=summary, changes=changes, target=visit
    )
    return visit


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    household: Household,
    signed_on: dt.date,
    signer: str,
    proxy_name: str = "",
    thumbprint: bool = False,
    scan: UploadedFile | None = None,
    confirm_unusual: bool = False,
    once: uuid.UUID | None = None,
) -> Consent:
    """Record the signed consent with its scan (required: consent_on_file). A second one signed the same day is
    asked about (a double tap, or the same paper twice) unless `confirm_unusual`. `once`: the consent page's token
    (config.once); the same page posted again (a double tap, a phone resending) gives back the consent it recorded
    and records nothing, even when its first post had confirmed a second consent of the day."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    # The household's lock queues two posts of the same page: the second finds the first's consent here, before the
    # same-day question would ask about that very consent (or its kept scan, now the consent's, be missed).
    if once is not None and (recorded := household.consents.filter(once=once).first()) is not None:
        return recorded
    # A head under 14 signs nothing himself: his guardian signs as the proxy (households.public_names).
    errors = {"signer": child} if (child := consent_signer_error(household, signer, signed_on)) else {}
    if message := signed_on_error(signed_on, today=timezone.localdate()):
        errors["signed_on"] = message
    if signer == ConsentSigner.PROXY and not proxy_name.strip():
        errors["proxy_name"] = MSG_PROXY_NAME
    if signer == ConsentSigner.PROXY and not thumbprint:
        errors["thumbprint"] = MSG_PROXY_THUMB
    if not scan:
        errors["scan"] = MSG_SCAN_REQUIRED
    else:
        try:
            upload_check(scan, "scan")
        except ValidationError as error:
            errors["scan"] = error.message_dict["scan"][0]
    same_day = list(household.consents.filter(signed_on=signed_on))
    asked = (
        MSG_CONSENT_SAME_DAY.format(
            day=signed_on, count=len(same_day), signers="、".join(c.get_signer_display() for c in same_day)
        )
        if same_day
        else ""
    )
    if asked and not confirm_unusual:
        errors["signed_on"] = errors.get("signed_on") or asked
        errors[CONFIRM_FIELD] = MSG_CONFIRM
    if errors:
        raise ValidationError(errors)
    note = confirmed_note([asked] if asked else [])
    done = once_create(
        Consent,
        once,
        lambda once: Consent.objects.create(
            household=household,
            region_path=household.region_path,
            signed_on=signed_on,
            signer=signer,
            proxy_name=proxy_name.strip(),
            thumbprint=thumbprint,
            scan=scan or "",
            recorded_by=actor,
            once=once,
        ),
        scope={"household": household},
    )
    if done.repeated:  # made meanwhile by a concurrent post of the page that got past the lock
        return done.record
    consent = done.record
    record_event(
        actor=actor,
        household=household,
        action="consent.create",
        target=consent,
        summary=f"登记承诺和授权查询书（{ConsentSigner(signer).label}，{signed_on:%Y-%m-%d}）{note}",
    )
    return consent


def consent_on_file(household_id: int) -> bool:
    """Whether the household's signed consent is on file (seed 003 附件1), so that its assets may be compared: a
    consent recorded with its scan. The workflow's department comparison asks this, never the bare record."""
    return Consent.objects.filter(household_id=household_id).exclude(scan="").exists()
