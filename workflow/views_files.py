"""Uploaded workflow files (step attachments, meeting minutes) hold personal data: they are served only through
these scoped views, with the registry's helper; out of scope is 404."""

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import capability_required
from accounts.roles import Capability
from households.views import _attachment
from workflow.models import Case, CaseStep, StepAttachment, VillageMeeting

VIEW = capability_required(Capability.REGISTRY_VIEW)


@VIEW
def case_step_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The step's current file, or with ?version=<id> one it held before a return (models.StepAttachment)."""
    case_step = get_object_or_404(CaseStep.objects.filter(case__in=Case.objects.visible_to(request.user)), pk=pk)
    if "version" in request.GET:
        version = get_object_or_404(StepAttachment, case_step=case_step, pk=_version(request))
        return _attachment(version.file)
    return _attachment(case_step.attachment)


def _version(request: HttpRequest) -> int:
    value = request.GET.get("version", "")
    return (
        int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0
    )  # never a number the database refuses


@VIEW
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = get_object_or_404(VillageMeeting.objects.visible_to(request.user), pk=pk)
    return _attachment(meeting.minutes)
