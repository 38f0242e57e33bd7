"""Township batch announcement page (批量公告): the township's approved cases waiting at its announcement step, one
公告日期 for the ones ticked, the confirmation before anything is written (services.batch_announce)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import apply_errors
from config.paging import page_query
from households.place_filter import place_named
from households.region_filter import NO_REGION
from workflow.forms_batch_announce import AnnounceFilterForm, BatchAnnounceForm
from workflow.selectors_batch_announce import announce_queue, announce_rows
from workflow.selectors_cases import announce_hint, own_region
from workflow.services.batch_announce import (
    batch_announce,
    batch_announce_message,
    batch_announce_precheck,
)
from workflow.services.batches import BatchConflict
from workflow.services.case_locks import Busy

VIEW = capability_required(Capability.REGISTRY_VIEW)
PAGE_SIZE = 50


def _confirm(request: HttpRequest, form: BatchAnnounceForm) -> HttpResponse:
    """The cases ticked as they stand now, with what refuses them: nothing is written before the confirmation."""
    ids = [ref.case_id for ref in form.cleaned_data["case"]]
    selected = announce_rows(announce_queue(actor=request.user).filter(pk__in=ids))
    refused = [case for case in selected if case.pass_refusal]  # type: ignore[attr-defined]
    return render(
        request,
        "workflow/batch_announce_confirm.html",
        {
            "form": form,
            "selected": selected,
            "missing": len(ids) - len(selected),
            "refused": refused,
            "passing": len(selected) - len(refused),
        },
    )


@VIEW
def batch_announce_page(request: HttpRequest) -> HttpResponse:
    filter_form = AnnounceFilterForm(request.GET or None, actor=request.user)
    filters = filter_form.filters()
    place = place_named(actor=request.user, query=request.GET)
    if place is False:
        filters["village"] = NO_REGION  # a township out of scope too, which the form does not take
    elif place is not None and not filters.get("village"):
        filters["village"] = place.path  # a township the 范围 line names: the queue is narrowed to it
    queue = announce_queue(actor=request.user, filters=filters)
    form = BatchAnnounceForm(request.POST or None)
    conflicts: list[dict] = []
    conflict_title = ""
    # 返回修改 on the confirmation posts its values back: the queue again with the ticks, the date and note kept.
    if request.method == "POST" and request.POST.get("edit") != "1" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("confirmed") != "1":
                batch_announce_precheck(
                    actor=request.user, refs=data["case"], announced_on=data["announced_on"], note=data["note"].strip()
                )
                return _confirm(request, form)
            result = batch_announce(
                actor=request.user, refs=data["case"], announced_on=data["announced_on"], note=data["note"]
            )
        except BatchConflict as error:
            form.add_error(None, error.message)
            conflicts, conflict_title = error.extra["cases"], error.extra["title"]
        except Busy as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            level = messages.warning if result.refused else messages.success
            level(request, batch_announce_message(result))
            return redirect(request.get_full_path())
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = announce_rows(page.object_list)
    ticked = {value.partition(":")[0] for value in request.POST.getlist("case")}
    for row in rows:
        row.ticked = str(row.pk) in ticked  # type: ignore[attr-defined]
    own = own_region(request.user)
    # Whether the reader acts the step of a listed case, else who does (by the rows' step role, never a fixed one).
    hint = announce_hint(actor=request.user, cases=rows)
    return render(
        request,
        "workflow/batch_announce.html",
        {
            "filter_form": filter_form,
            "form": form,
            "page": page,
            "rows": rows,
            "query": page_query(request),
            "can_decide": hint.acts,
            "announce_hint": hint.words,
            "conflicts": conflicts,
            "conflict_title": conflict_title,
            "announce_code": own.code if own else "",
        },
    )
