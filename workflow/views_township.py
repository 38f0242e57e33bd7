"""Township batch audit pages (乡镇批量审核): the township's cases at their township audit step with one opinion for the
ones ticked, the confirmation before it is submitted; and the printed 乡镇审核汇总名单 of a period."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from config.forms import apply_errors
from config.paging import page_query
from households.selectors import scope_place_name
from workflow.choices import Outcome
from workflow.forms_township import TownshipBatchForm, TownshipQueueFilterForm, TownshipSummaryFilterForm
from workflow.roles import acts_step
from workflow.selectors_township import township_audit_queue, township_audit_rows
from workflow.selectors_township_summary import (
    summary_cover,
    summary_title,
    township_audit_summary,
    verdict_counts,
)
from workflow.services.batches import BatchConflict
from workflow.services.case_locks import Busy
from workflow.services.township_batch import (
    OUTCOME_LABELS,
    ensure_may_township_audit,
    may_township_audit,
    township_batch_audit,
    township_batch_message,
    township_batch_validate,
)

VIEW = capability_required(Capability.REGISTRY_VIEW)
PAGE_SIZE = 50


def _confirm(request: HttpRequest, form: TownshipBatchForm) -> HttpResponse:
    """The cases ticked as they stand now, with what refuses them: nothing is written before the confirmation."""
    ids = [ref.case_id for ref in form.cleaned_data["case"]]
    selected = township_audit_rows(township_audit_queue(actor=request.user).filter(pk__in=ids), actor=request.user)
    outcome = form.cleaned_data["outcome"]
    field = "return_refusal" if outcome == Outcome.RETURN else "pass_refusal"
    return render(
        request,
        "workflow/township_batch_confirm.html",
        {
            "form": form,
            "selected": selected,
            "missing": len(ids) - len(selected),
            "outcome_label": OUTCOME_LABELS[outcome],
            # What a single audit would refuse refuses the whole action too (services.township_batch).
            # A green-channel case the actor opened is not theirs to audit, whatever the outcome.
            "refused": [(case, reason) for case in selected if (reason := case.audit_refusal or getattr(case, field))],
        },
    )


@VIEW
def township_batch(request: HttpRequest) -> HttpResponse:
    filter_form = TownshipQueueFilterForm(request.GET or None, actor=request.user)
    queue = township_audit_queue(actor=request.user, filters=filter_form.filters())
    may_audit = may_township_audit(request.user)
    if request.method == "POST":
        ensure_may_township_audit(request.user)  # a reader's post is refused before its form is read (403)
    form = TownshipBatchForm(request.POST or None)
    conflicts: list[dict] = []
    conflict_title = ""
    # 返回修改 on the confirmation posts its values back: the queue again with the ticks and the 意见 kept.
    if request.method == "POST" and request.POST.get("edit") != "1" and form.is_valid():
        data = form.cleaned_data
        try:
            township_batch_validate(refs=data["case"], outcome=data["outcome"], note=data["note"].strip())
            if request.POST.get("confirmed") != "1":
                return _confirm(request, form)
            done = township_batch_audit(
                actor=request.user, refs=data["case"], outcome=data["outcome"], note=data["note"]
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
        else:
            messages.success(request, township_batch_message(outcome=data["outcome"], cases=done))
            return redirect(request.get_full_path())
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = township_audit_rows(page.object_list, actor=request.user)
    # After an error the ticks stay ticked (a case that changed since, by its id).
    ticked = {value.partition(":")[0] for value in request.POST.getlist("case")}
    for row in rows:
        row.ticked = str(row.pk) in ticked  # type: ignore[attr-defined]
    return render(
        request,
        "workflow/township_batch.html",
        {
            "filter_form": filter_form,
            "form": form,
            "page": page,
            "rows": rows,
            "query": page_query(request),
            # The rows' own steps too: Yongxiu has two township audits, which another role may act in some county.
            "can_decide": may_audit and any(acts_step(request.user, row.audit_role) for row in rows),  # type: ignore[attr-defined]
            "may_audit": may_audit,
            "conflicts": conflicts,
            "conflict_title": conflict_title,
        },
    )


@VIEW
def township_summary(request: HttpRequest) -> HttpResponse:
    """乡镇审核汇总名单, printed, signed and stamped by the township (this month's by default)."""
    form = TownshipSummaryFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    rows = township_audit_summary(actor=request.user, filters=filters) if not form.filter_errors else []
    cover = summary_cover(
        actor=request.user, townships=[row.township for row in rows], region_path=filters.get("village") or ""
    )
    return render(
        request,
        "workflow/township_summary_print.html",
        {
            "form": form,
            "rows": rows,
            "verdicts": verdict_counts(rows),
            "filters": filters,
            "filters_text": form.describe(),
            "title": summary_title(scope_place_name(request.user), cover),
            "cover": cover,
            # The XLSX of the same rows is the reports app's ledger (reports.ledgers.township_audit).
            "can_export": user_can(request.user, Capability.REPORTS_VIEW),
            "region_code": form.cleaned_data.get("village", "") if not form.filter_errors else "",
        },
    )
