"""Village review meeting pages: the list (per village), recording a meeting, its detail and printable record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.errors import ApplicationError
from config.forms import apply_errors, run_service
from config.once import MSG_REPEATED
from config.paging import page_query
from households.choices import RegionLevel
from households.forms_uploads import kept_content, kept_upload
from households.place_filter import place_named
from households.region_filter import NO_REGION
from households.services.pending_uploads import pending_discard
from workflow import selectors_meetings as selectors
from workflow.forms_meetings import MeetingForm, MinutesForm
from workflow.models import VillageMeeting
from workflow.services.attachments import upload_check
from workflow.services.meetings import meeting_minutes_attach, meeting_record_once, meeting_validate

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@VIEW
def meeting_list(request: HttpRequest) -> HttpResponse:
    villages = list(selectors.meeting_villages(actor=request.user).values_list("code", "name"))
    # The place a link or the filter names (its 范围 line at the top): a village, or a township as a whole.
    place = place_named(actor=request.user, query=request.GET)
    if place is False:
        region, village = NO_REGION, ""  # a place the user may not list: nothing, and no meeting to hold there
    elif place is not None:
        region, village = place.path, place.code if place.level == RegionLevel.VILLAGE else ""
    else:
        village = villages[0][0] if len(villages) == 1 else ""
        region = ""
    meetings = selectors.meeting_list(actor=request.user, filters={"region": region})
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "workflow/meeting_list.html",
        {
            "page": page,
            "villages": villages,
            "village": village,
            "refused": place is False,
            "query": page_query(request),
        },
    )


@EDIT
def meeting_new(request: HttpRequest, village_code: str) -> HttpResponse:
    """Two posts, as the county's batch decision: the first checks everything the record will check and shows
    what will be recorded; only its 确认提交 records the meeting, which cannot be undone."""
    village = selectors.village_get(actor=request.user, code=village_code)
    candidates = selectors.review_candidates(actor=request.user, village=village)
    if request.method != "POST":
        initial = {"held_on": timezone.localdate(), "place": f"{village.name}村民委员会会议室"}
        form = MeetingForm(candidates=candidates, initial=initial)
        return render(request, "workflow/meeting_form.html", {"form": form, "village": village, "kept": None})
    form = MeetingForm(request.POST, request.FILES, candidates=candidates)
    fields_valid = form.is_valid()
    form.name_others(selectors.village_cases(actor=request.user, village=village, ids=form.other_ids()))
    # The same page posted again (BACK after 确认提交, a double tap, a phone resending): its first post recorded it.
    if (saved := selectors.meeting_submitted(actor=request.user, village=village, once=form.once_token)) is not None:
        return _repeated(request, saved)
    # The minutes file is kept on the server so that an error does not lose it (households.forms_uploads).
    purpose = f"meeting:{village.code}"
    kept = kept_upload(form, actor=request.user, purpose=purpose, field="minutes", check=upload_check)
    confirmed = request.POST.get("confirmed") == "1"
    if fields_valid and not confirmed:  # the service's errors too, with a refused file's: all in one round
        kwargs = form.service_kwargs()
        kept, minutes = kept_content(form, kept, field="minutes")
        run_service(form, lambda: meeting_validate(actor=request.user, village=village, minutes=minutes, **kwargs))
    context = {"form": form, "village": village, "kept": kept}
    if form.errors or request.POST.get("edit") == "1":
        return render(request, "workflow/meeting_form.html", context)
    if not confirmed:
        return render(request, "workflow/meeting_confirm.html", context)
    kwargs = form.service_kwargs()
    kept, minutes = kept_content(form, kept, field="minutes")
    if form.errors:  # the minutes' bytes went meanwhile (households.forms_uploads.kept_content)
        return render(request, "workflow/meeting_form.html", {**context, "kept": None})
    once = form.once_token
    record = lambda: meeting_record_once(actor=request.user, village=village, minutes=minutes, once=once, **kwargs)  # noqa: E731
    done = run_service(form, record)
    if done is None:
        return render(request, "workflow/meeting_form.html", context)
    pending_discard(kept)
    if done.repeated:  # a concurrent post of the same page recorded it while this one waited
        return _repeated(request, done.record)
    messages.success(request, f"已记录民主评议会议，评议 {len(kwargs['reviews'])} 户。")
    return redirect("workflow:meeting_detail", pk=done.record.pk)


def _repeated(request: HttpRequest, meeting: VillageMeeting) -> HttpResponse:
    """Said for a meeting page posted again: the meeting its first post recorded, linked, and nothing recorded now."""
    link = reverse("workflow:meeting_detail", args=[meeting.pk])
    label = f"{meeting.held_on:%Y-%m-%d} {meeting.village.name}民主评议会议"
    text = MSG_REPEATED.format(noun="民主评议会议")
    messages.info(request, format_html('{} <a href="{}">查看{}</a>', text, link, label))
    return redirect(link)


@VIEW
def meeting_detail(request: HttpRequest, pk: int, minutes_form: MinutesForm | None = None) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    can_attach = not meeting.minutes and user_can(request.user, Capability.REGISTRY_EDIT)
    return render(
        request,
        "workflow/meeting_detail.html",
        {"meeting": meeting, "minutes_form": (minutes_form or MinutesForm()) if can_attach else None},
    )


@EDIT
@require_POST
def meeting_minutes_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            meeting_minutes_attach(actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
        except ApplicationError as error:  # the minutes were uploaded meanwhile: the page no longer offers it
            messages.error(request, error.message)
            return redirect("workflow:meeting_detail", pk=meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已补充上传会议记录。")
            return redirect("workflow:meeting_detail", pk=meeting.pk)
    return meeting_detail(request, pk, minutes_form=form)


@VIEW
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printed record (民主评议会议记录) for the village's files: names and votes, never an ID number."""
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    context = {
        "meeting": meeting,
        "township": meeting.village.parent,
        "sign_rows": selectors.meeting_sign_rows(meeting),
    }
    return render(request, "workflow/meeting_print.html", context)
