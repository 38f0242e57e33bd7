"""County batch approval pages: the queue at the county approval step with the one-document decision form, the
confirmation before it is submitted, the queue printed for the leading group, past batches, a batch's detail and its
printable list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.choices import Role
from accounts.permissions import capability_required
from accounts.roles import Capability
from config.forms import apply_errors, valid_filters
from config.paging import page_query
from households.county_bodies import approving_body_for
from households.selectors import scope_place_name
from workflow import selectors_batches as selectors
from workflow.forms_batches import BatchDecisionForm, BatchHistoryFilterForm, QueueFilterForm
from workflow.models import BatchDecision
from workflow.roles import acts_step
from workflow.selectors import uses_approval_queue
from workflow.selectors_approval_list import approval_list
from workflow.selectors_batch_history import batch_history
from workflow.selectors_cases import batch_not_announced_yet, batch_townships
from workflow.selectors_notice import procedures_without_notice
from workflow.services.approval_records import on_file_words
from workflow.services.batches import BatchConflict, batch_date, batch_decide, batch_precheck, batch_validate
from workflow.services.case_locks import Busy

VIEW = capability_required(Capability.REGISTRY_VIEW)
PAGE_SIZE = 50


@VIEW
def batches(request: HttpRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET or None, actor=request.user)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    queue = selectors.approval_queue(actor=request.user, filters=filters)
    form = BatchDecisionForm(request.POST or None)
    conflicts: list[dict] = []
    conflict_title = ""
    joined: list = []
    # 返回修改 on the confirmation posts its values back: the page again with the ticks, 批复文号 and 意见 kept.
    deciding = request.method == "POST" and request.POST.get("edit") != "1"
    if deciding and form.is_valid():
        # A blank 批复日期 is the number's 批复's, else today (services.batches.batch_date): confirmed as that date.
        form.cleaned_data["decided_on"] = batch_date(
            actor=request.user,
            document_number=form.cleaned_data["document_number"],
            decided_on=form.cleaned_data["decided_on"],
        )
    if deciding and form.is_valid() and request.POST.get("confirmed") != "1":
        try:
            batch_validate(
                refs=form.cleaned_data["case"],
                **{k: form.cleaned_data[k] for k in ("decision", "document_number", "decided_on")},
                note=form.cleaned_data["note"].strip(),
            )
            # The 批复's number and date against the cases and earlier batches, before the confirmation.
            joined = batch_precheck(
                actor=request.user,
                refs=form.cleaned_data["case"],
                document_number=form.cleaned_data["document_number"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
    if deciding and form.is_valid():
        if request.POST.get("confirmed") != "1":
            selection = selectors.approval_selection(actor=request.user, refs=form.cleaned_data["case"])
            approving = form.cleaned_data["decision"] == BatchDecision.APPROVE
            return render(
                request,
                "workflow/batch_confirm.html",
                {
                    "form": form,
                    "selection": selection,
                    "selected": selection.rows,
                    # What a single approval would refuse refuses the batch too (services.pass_rules).
                    "refused": [case for case in selection.rows if case.pass_refusal] if approving else [],
                    "joined": joined,
                    # A number on file in another spelling is recorded as on file (services.batches): said so.
                    "on_file": on_file_words(request.user, form.cleaned_data["document_number"]),
                },
            )
        batch = None
        try:
            batch = batch_decide(
                actor=request.user,
                refs=form.cleaned_data["case"],
                **{k: form.cleaned_data[k] for k in ("decision", "document_number", "decided_on", "note")},
            )
        except BatchConflict as error:
            form.add_error(None, error.message)
            conflicts, conflict_title = error.extra["cases"], error.extra["title"]
        except Busy as error:  # a deadlock twice (services.case_locks): nothing written, the ticks kept
            form.add_error(None, error.message)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        if batch is not None:
            on_file = on_file_words(request.user, form.cleaned_data["document_number"])
            messages.success(
                request,
                f"已{batch.get_decision_display()} {batch.count} 户，批复文号 {batch.document_number}。{on_file}",
            )
            return redirect("workflow:batch_detail", pk=batch.pk)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.annotate_rows(page.object_list)
    # After an error the approver's ticks stay ticked (a case that changed since, by its id).
    ticked = {value.partition(":")[0] for value in request.POST.getlist("case")}
    for row in rows:
        row.ticked = str(row.pk) in ticked
    return render(
        request,
        "workflow/batches.html",
        {
            "filter_form": filter_form,
            "form": form,
            "page": page,
            "rows": rows,
            "query": page_query(request),
            "can_decide": any(acts_step(request.user, row.approval_role) for row in rows),
            "conflicts": conflicts,
            "conflict_title": conflict_title,
            "approval_role_label": Role(rows[0].approval_role).label if rows else "",
        },
    )


@VIEW
def batch_submission(request: HttpRequest) -> HttpResponse:
    """The queue, as filtered on the batch page, printed for the leading group's meeting (提请审批名单)."""
    filter_form = QueueFilterForm(request.GET or None, actor=request.user)
    filters = valid_filters(filter_form)
    rows, total = selectors.approval_submission(actor=request.user, filters=filters)
    return render(
        request,
        "workflow/batch_submission.html",
        {
            "rows": rows,
            "total": total,
            "place": scope_place_name(request.user),
            "approving_body": approving_body_for(request.user),
            "filters_text": filter_form.describe(filters),
            "query": page_query(request),
            "today": timezone.localdate(),
        },
    )


@VIEW
def batch_list(request: HttpRequest) -> HttpResponse:
    """审批批次: the 批复 concerning the actor's scope, searched by 批复文号 and filtered (forms_batches); an invalid
    filter lists nothing, said above the list."""
    form = BatchHistoryFilterForm(request.GET or None)
    batches = batch_history(actor=request.user, filters=valid_filters(form))
    page = Paginator(batches.none() if form.filter_errors else batches, 30).get_page(request.GET.get("page"))
    uses_queue = uses_approval_queue(request.user)
    context = {"page": page, "form": form, "query": page_query(request), "uses_queue": uses_queue}
    return render(request, "workflow/batch_list.html", context)


@VIEW
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, pk=pk)
    context = {
        "batch": batch,
        "items": selectors.batch_items(actor=request.user, batch=batch),
        "townships": batch_townships(actor=request.user, batch=batch),
        "not_announced": batch_not_announced_yet(actor=request.user, batch=batch),
        "without_notice": procedures_without_notice(region=None, batch=batch),
    }
    return render(request, "workflow/batch_detail.html", context)


@VIEW
def batch_print(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, pk=pk)
    return render(
        request,
        "workflow/batch_print.html",
        {"batch": batch, "approval": approval_list(actor=request.user, batch=batch)},
    )
