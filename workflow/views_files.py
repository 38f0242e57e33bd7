"""Uploaded workflow files (step attachments, meeting minutes) hold personal data: they are served only through
these scoped views, with the registry's helper; out of scope is 404."""

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import capability_required
from accounts.roles import Capability
from households.views import _attachment
from workflow.models import Case, CaseStep, VillageMeeting

VIEW = capability_required(Capability.REGISTRY_VIEW)


@VIEW
def case_step_attachment(request: HttpRequest, pk: int) -> FileResponse:
    case_step = get_object_or_404(CaseStep.objects.filter(case__in=Case.objects.visible_to(request.user)), pk=pk)
    return _attachment(case_step.attachment)


@VIEW
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = get_object_or_404(VillageMeeting.objects.visible_to(request.user), pk=pk)
    return _attachment(meeting.minutes)
