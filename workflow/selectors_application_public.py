"""The public reads of self-applications, deliberately narrow: a village by its poster's token (a replaced token
says so: LinkRevoked), and the applicant's own status (application_status_lookup: how far each application has got,
never what was decided). The village's worklist reads are selectors_applications'."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from config.errors import NotFound
from households.models import Region
from workflow.choices import CaseStatus
from workflow.choices_applications import ApplicationStatus, LookupStage
from workflow.models.applications import Application, ApplicationLink

MSG_BAD_LINK = "该申报二维码已失效或链接不完整。请重新扫描村里张贴的最新二维码，或联系村干部。"


MSG_LINK_REVOKED = "该二维码已停用，请向村委会索取新的申报二维码。"


class LinkRevoked(Exception):
    """The token was a village's, until the village regenerated its QR code (services.application_link_rotate)."""


def public_village(token: str) -> Region:
    """The village behind a poster's active token, or 404: the public page knows nothing else. A replaced token
    raises LinkRevoked, so that the farmer is told to ask for the new poster rather than that the link is broken."""
    link = ApplicationLink.objects.select_related("village", "village__parent").filter(token=token).first()
    if link is None:
        raise NotFound(MSG_BAD_LINK)
    if link.is_revoked:
        raise LinkRevoked
    return link.village


@dataclass(frozen=True)
class StatusRow:
    receipt_nos: list[str]
    village: str
    submitted_on: dt.date
    status: str  # a LookupStage: the stage, not the application's status
    status_label: str
    status_on: dt.date
    explanation: str


# The lookup is keyed by ID number + phone (or receipt number), and the phone is whatever the applicant typed: anyone
# who knows a farmer's ID number can apply with it and their own phone. So it says how far the application has got
# and never what was decided or why (已是监测对象, 已纳入监测, 未纳入 and the village's reason would tell a stranger
# the household's monitoring status, which DOMAIN "Privacy" counts as sensitive): the village tells the applicant the
# outcome in person, after checking that it is the person or a member of the household.
STAGE_EXPLANATIONS = {
    LookupStage.RECEIVED: "村委会已收到申报，将安排人员入户核实。",
    LookupStage.VERIFYING: "村委会正在核实办理，需要一段时间，请耐心等待。",
    LookupStage.DONE: "本次申报已办结。办理结果请向村委会了解。",
}
# A case opened from the application is still being handled until it is decided (a withdrawn case is closed too:
# a follow-up case re-points the application to itself).
CASE_CLOSED = (CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


def lookup_stage(application: Application) -> LookupStage:
    """The stage the applicant reads: any closed application (declined, already monitored, a decided case, and any
    closure added later) is 已办结 alike."""
    if application.status == ApplicationStatus.SUBMITTED:
        return LookupStage.RECEIVED
    if application.status == ApplicationStatus.VERIFYING:
        return LookupStage.VERIFYING
    case = application.case if application.status == ApplicationStatus.CASE_OPENED else None
    if application.status == ApplicationStatus.CASE_OPENED and (case is None or case.status not in CASE_CLOSED):
        return LookupStage.VERIFYING
    return LookupStage.DONE


def _stage_on(application: Application, stage: LookupStage) -> dt.date:
    if stage == LookupStage.RECEIVED:
        at: dt.datetime | dt.date = application.submitted_at
    elif stage == LookupStage.VERIFYING:
        at = application.verification_started_at or application.submitted_at
    else:
        case = application.case if application.status == ApplicationStatus.CASE_OPENED else None
        at = (case.closed_on if case is not None else None) or application.decided_at or application.submitted_at
    return timezone.localtime(at).date() if isinstance(at, dt.datetime) else at


def application_status_lookup(*, id_number: str, phone: str = "", receipt_no: str = "") -> list[StatusRow]:
    """The applicant's own applications: the ID number with the phone given with it, or with a receipt number (the
    application's or a supplement's) in place of the phone, each with its stage only.

    A wrong pair returns the same as none, so the lookup cannot be used to learn whether someone applied, and the ID
    number alone finds nothing. By phone, the applications made with this phone (see application_submit on why
    repeats are merged by both); by receipt number, the application it was given for: a farmer filed for (代为申报)
    with no phone or a landline has only the receipt. A receipt number is ten random characters, far harder to guess
    than a phone, and the answer is the same stage only."""
    if not (phone or receipt_no):
        return []
    key = Q()
    if phone:
        key |= Q(phone=phone)
    if receipt_no:
        key |= Q(receipt_no=receipt_no) | Q(supplements__receipt_no=receipt_no)
    applications = (
        Application.objects.filter(key, id_number=id_number)
        .distinct()
        .select_related("village", "village__parent", "case")
        .prefetch_related("supplements")
        .order_by("-submitted_at", "-pk")
    )
    rows = []
    for application in applications:
        township = application.village.parent.name if application.village.parent else ""
        stage = lookup_stage(application)
        rows.append(
            StatusRow(
                receipt_nos=[application.receipt_no, *(s.receipt_no for s in application.supplements.all())],
                village=f"{township}{application.village.name}",
                submitted_on=timezone.localtime(application.submitted_at).date(),
                status=stage.value,
                status_label=str(stage.label),
                status_on=_stage_on(application, stage),
                explanation=STAGE_EXPLANATIONS[stage],
            )
        )
    return rows
