"""The household's visit pages: recording a visit (the five 两不愁三保障 findings, the photo, what later apps offer
with it) and opening its photo."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.once import MSG_REPEATED
from households import selectors, visit_extras, visit_followups
from households.forms import VisitForm
from households.forms_uploads import kept_content, kept_upload
from households.models import Visit
from households.selectors_visits import visit_submitted
from households.services import files, visit_changes, visit_stated, visits
from households.services.pending_uploads import pending_discard
from households.visit_refused import refused_context, run_visit

VIEW = capability_required(Capability.REGISTRY_VIEW)
EDIT = capability_required(Capability.REGISTRY_EDIT)


@EDIT
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(actor=request.user, pk=pk)
    # The boxes open as the household stands now: unticking is a finding, leaving them is "no change".
    current = {name: getattr(household, name) for name in visits.FINDINGS}
    form = VisitForm(request.POST or None, request.FILES or None, initial=current, household=household)
    # What later apps add (visit_extras): the plan's return visit, for a household with a plan.
    extras = visit_extras.offered(actor=request.user, household=household, data=request.POST or None)
    kept, photo, valid, repeated, notice = None, None, False, False, {}
    if request.method == "POST":
        valid = all([form.is_valid(), visit_extras.all_valid(extras)])
        repeated = visit_submitted(household=household, once=form.once_token)
        # The photo is kept on the server until the visit is saved: a page sent back for an error names it.
        purpose = f"visit:{household.pk}"
        check = visits.upload_check
        kept = kept_upload(form, actor=request.user, purpose=purpose, field="photo", check=check, answered=repeated)
    if valid and not form.errors:
        kept, photo = kept_content(form, kept, field="photo", answered=repeated)
    if valid and not form.errors:
        visit_input = form.visit_input(actor=request.user, household=household, photo=photo)
        recorded, refused = run_visit(form, lambda: visit_extras.record(visit_input, extras))
        # The page's token saved another visit (the page corrected and sent again): shown again, a new token; or the
        # same visit was recorded that day (BACK pressed after saving): shown again, asking 仍要另记一次.
        notice = refused_context(form, household, refused)
        if recorded:
            pending_discard(kept)  # now the visit's own (or, posted again, the first post's visit has its photo)
        if recorded and repeated:
            # The same page posted again (a double tap, a phone resending): visit_record gave back the first visit.
            messages.info(request, MSG_REPEATED.format(noun="走访记录"))
            return redirect(f"{household.get_absolute_url()}?tab=visits")
        if recorded:
            _say_visit_recorded(request, household, recorded)
            return redirect(f"{household.get_absolute_url()}?tab=visits")
    hint = visit_changes.changes_hint(household, timezone.localdate().year)
    context = {"form": form, "household": household, "changes_basis": hint, "extras": extras, "kept": kept}
    context |= notice
    return render(request, "households/visit_form.html", context)


def _say_visit_recorded(request: HttpRequest, household: Any, recorded: Any) -> None:
    """The messages after a visit is recorded: what it changed, what later apps offer next (visit_followups: the
    inclusion case of a risk found on this visit), and a drop of income large enough to update the year's."""
    visit = recorded.visit
    messages.success(request, "".join([f"已记录 {visit.visited_on:%Y-%m-%d} 的走访。", *recorded.messages]))
    if visit.entered_late:
        messages.warning(request, visit_stated.MSG_LATE_ENTRY)
    for offer in visit_followups.followups(actor=request.user, visit=visit):
        messages.info(request, format_html('{} <a href="{}">{}</a>', offer.message, offer.url, offer.label))
    if notice := visit_changes.drop_notice(visit):
        update = reverse("households:income_add", args=[household.pk])
        link = format_html(
            '{} <a href="{}?year={}">更新{}年度收支</a>', notice.message, update, notice.year, notice.year
        )
        messages.warning(request, link)


@VIEW
def visit_photo(request: HttpRequest, pk: int) -> FileResponse:
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("household"), pk=pk)
    return files.visit_photo_open(actor=request.user, visit=visit)
