"""国家系统标注: the list of approved cases not yet entered in the national system, and marking them done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import capability_required
from accounts.roles import Capability
from config.errors import ApplicationError
from reports.filters import LedgerFilterForm
from reports.ledgers.national import national_pending
from reports.models import ExportMark
from reports.services.national import may_mark_national
from reports.services.national import national_mark as mark

REPORTS = capability_required(Capability.REPORTS_VIEW)
MSG_MARKED = "已标注 {n} 户为已在国家系统录入。"


@REPORTS
def national(request: HttpRequest) -> HttpResponse:
    pending = (
        national_pending(request.user)
        .select_related("household", "household__village")
        .order_by("approved_on", "region_path", "pk")
    )
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    recent = ExportMark.objects.visible_to(request.user).select_related("case__household", "marked_by")[:20]
    context = {
        "page": page,
        "recent": recent,
        "can_mark": may_mark_national(request.user),
        "form": LedgerFilterForm(actor=request.user),
    }
    return render(request, "reports/national.html", context)


@REPORTS
@require_POST
def national_mark(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("case") if value.isdigit()]
    try:
        marks = mark(actor=request.user, case_ids=ids)
    except ApplicationError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, MSG_MARKED.format(n=len(marks)))
    return redirect("reports:national")
