"""Uploaded workflow files (step attachments, meeting minutes) hold personal data: they are served only through
these scoped views, and each opening is recorded in the audit log (accounts.file_access); out of scope is 404."""

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.file_access import MEETING_MINUTES_VIEW, STEP_ATTACHMENT_VIEW, personal_file_response
from accounts.permissions import capability_required
from accounts.roles import Capability
from workflow.models import Case, CaseStep, StepAttachment, VillageMeeting

VIEW = capability_required(Capability.REGISTRY_VIEW)


@VIEW
def case_step_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The step's current file, or with ?version=<id> one it held before a return (models.StepAttachment)."""
    case_steps = CaseStep.objects.filter(case__in=Case.objects.visible_to(request.user))
    case_step = get_object_or_404(case_steps.select_related("case__household", "step"), pk=pk)
    case, household = case_step.case, case_step.case.household
    step = f"{case.get_kind_display()}“{case_step.step.name}”环节"
    described = f"户编号 {household.number}（户主 {household.head_name}）{step}"
    if "version" in request.GET:
        version = get_object_or_404(StepAttachment, case_step=case_step, pk=_version(request))
        field_file, target, summary = version.file, version, f"查看{described}退回前的附件"
    else:
        field_file, target, summary = case_step.attachment, case_step, f"查看{described}的附件"
    return personal_file_response(
        actor=request.user,
        field_file=field_file,
        action=STEP_ATTACHMENT_VIEW,
        target=target,
        summary=summary,
        region_path=case.region_path,
    )


def _version(request: HttpRequest) -> int:
    value = request.GET.get("version", "")
    return (
        int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0
    )  # never a number the database refuses


@VIEW
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = get_object_or_404(VillageMeeting.objects.visible_to(request.user).select_related("village"), pk=pk)
    return personal_file_response(
        actor=request.user,
        field_file=meeting.minutes,
        action=MEETING_MINUTES_VIEW,
        target=meeting,
        summary=f"查看{meeting}的会议记录",
    )
