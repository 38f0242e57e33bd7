"""Village review meeting pages: the list (per village), recording a meeting, its detail and printable record."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import run_service
from workflow import selectors_meetings as selectors
from workflow.forms_meetings import MeetingForm
from workflow.services.meetings import meeting_record

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@VIEW
def meeting_list(request: HttpRequest) -> HttpResponse:
    villages = list(selectors.meeting_villages(actor=request.user).values_list("code", "name"))
    village = request.GET.get("village", "")
    if not village and len(villages) == 1:
        village = villages[0][0]
    meetings = selectors.meeting_list(actor=request.user, filters={"village": village})
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "workflow/meeting_list.html",
        {"page": page, "villages": villages, "village": village, "query": f"village={village}" if village else ""},
    )


@EDIT
def meeting_new(request: HttpRequest, village_code: str) -> HttpResponse:
    village = selectors.village_get(actor=request.user, code=village_code)
    candidates = selectors.review_candidates(actor=request.user, village=village)
    initial = {"held_on": timezone.localdate(), "place": f"{village.name}村民委员会会议室"}
    form = MeetingForm(request.POST or None, request.FILES or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = run_service(
            form, lambda: meeting_record(actor=request.user, village=village, **form.service_kwargs())
        )
        if meeting:
            messages.success(request, f"已记录民主评议会议，评议 {len(form.service_kwargs()['reviews'])} 户。")
            return redirect("workflow:meeting_detail", pk=meeting.pk)
    return render(request, "workflow/meeting_form.html", {"form": form, "village": village})


@VIEW
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    return render(request, "workflow/meeting_detail.html", {"meeting": meeting})


@VIEW
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printed record (民主评议会议记录) for the village's files: names and votes, never an ID number."""
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    return render(request, "workflow/meeting_print.html", {"meeting": meeting, "township": meeting.village.parent})
