"""The labour employment ledger's pages (脱贫劳动力就业台账, 004 (六)): a quarter's labourers with their records, and
the form recording one member's quarter. Who is listed, counted and may be recorded is one rule
(assistance.selectors_employment.employment_members), as in the API and the reports export."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import capability_required, user_can
from accounts.roles import Capability
from assistance.forms import EmploymentForm
from assistance.models import EmploymentRecord
from assistance.quarters import current_quarter, months_by_end, parse_quarter
from assistance.selectors_employment import REGISTRATION_STATUSES, employment_members, employment_to_register
from assistance.services import employment
from config.forms import run_service
from config.next_url import safe_next
from config.paging import page_query
from households.choices import EmploymentPlace

VIEW = capability_required(Capability.EMPLOYMENT_VIEW)  # the 人社 clerk too, read-only (accounts.roles)
EDIT = capability_required(Capability.ASSISTANCE_EDIT)
MSG_MONTHS_HELP = "从1月算起；到{period}末本年共{by_end}个月。"
MSG_MONTHS_TO_COMPLETE = "待补充：请核实后填写。"
MSG_TO_COMPLETE = "本年务工时间待补充：{why}请向本人或家人核实后填写本年务工时间，保存即完成登记。"
MSG_REGISTRY_SILENT = "农户档案中务工地点为“{place}”、务工时间为{months}个月，不能说明本年到{period}末务工几个月。"
MSG_REGISTRY_WAS_SILENT = "据农户档案生成本季度台账时，档案未能说明本年务工几个月。"


def _quarter(request: HttpRequest) -> tuple[int, int]:
    raw = request.GET.get("quarter") or request.POST.get("quarter") or ""
    # A year the ledger has none of (9999Q4, whose last day no date can be) is a quarter not given, as garbage is.
    return parse_quarter(raw) or current_quarter()


def _recent_quarters(count: int = 8) -> list[str]:
    year, quarter = current_quarter()
    labels = []
    for _ in range(count):
        labels.append(f"{year}Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return labels


def _back_to_ledger(request: HttpRequest) -> str:
    """The ?next= the ledger's links carry (its filters and page), when it is the ledger of this site; any other
    target (another page, another host) is ignored (config.next_url)."""
    target = safe_next(request)
    return target if urlsplit(target).path == reverse("assistance:employment") else ""


@VIEW
def employment_ledger(request: HttpRequest) -> HttpResponse:
    """脱贫劳动力就业台账 (004 (六)): the quarter's labourers and each one's record. The counts are of the listed
    members; a past quarter is not generated from today's registry (employment_snapshot_take refuses it)."""
    year, quarter = _quarter(request)
    filters = {"village": request.GET.get("village", ""), "q": request.GET.get("q", "")}
    # The counts and the snapshot are of everyone the search finds; the 登记情况 filter narrows only the list.
    members = employment_to_register(actor=request.user, quarter=(year, quarter), filters=filters)
    status = request.GET.get("status", "")
    status = status if status in dict(REGISTRATION_STATUSES) else ""
    listed = employment_to_register(actor=request.user, quarter=(year, quarter), filters=filters | {"status": status})
    ledger_url = f"{request.path}?quarter={year}Q{quarter}"
    if request.method == "POST" and request.POST.get("action") == "snapshot":
        try:
            added = employment.employment_snapshot_take(actor=request.user, members=members, year=year, quarter=quarter)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已据农户档案生成{year}年第{quarter}季度就业台账，新增{added}人。")
        return redirect(ledger_url)
    page = Paginator(listed, 30).get_page(request.GET.get("page"))
    records = {
        r.member_id: r
        for r in EmploymentRecord.objects.filter(year=year, quarter=quarter, member__in=[m.pk for m in page])
    }
    registry_reader = user_can(request.user, Capability.REGISTRY_VIEW)
    context = {
        "page": page,
        "rows": [(member, records.get(member.pk)) for member in page],
        "quarter": f"{year}Q{quarter}",
        "quarter_label": f"{year}年第{quarter}季度",
        "quarters": _recent_quarters(),
        "current": (year, quarter) == current_quarter(),
        "filters": filters,
        "status": status,
        # Where the edit form goes back to after saving: this list, with its filters and page.
        "back": request.get_full_path(),
        "query": page_query(request),
        "due": members.count(),
        "recorded": members.filter(registered=True).count(),
        "to_complete": members.filter(to_complete=True).count(),
        "can_assist": user_can(request.user, Capability.ASSISTANCE_EDIT),
        # The 人社 clerk reads this ledger and no other help page: no tabs to pages they may not open.
        "registry_reader": registry_reader,
        # The ledger's download (reports.ledgers): for those who read reports, and the 人社 clerk (CLERK_LEDGERS).
        "can_export": user_can(request.user, Capability.REPORTS_VIEW) or not registry_reader,
    }
    return render(request, "assistance/employment.html", context)


@EDIT
def employment_edit(request: HttpRequest, member_pk: int) -> HttpResponse:
    year, quarter = _quarter(request)
    member = employment_members(actor=request.user, quarter=(year, quarter)).filter(pk=member_pk).first()
    if member is None:
        raise Http404
    by_end = months_by_end(quarter)
    record = EmploymentRecord.objects.filter(member=member, year=year, quarter=quarter).first()
    working = member.employment_place not in ("", EmploymentPlace.NONE)
    from_registry = employment.registry_months(employed=working, registered=member.employment_months, quarter=quarter)
    initial: dict[str, Any] = {
        "employed": "1" if (record.employed if record else working) else "0",
        "place": record.place if record else member.employment_place,
        # From the registry as the quarter's snapshot takes it: blank (待补充) where it does not say how long.
        "months": record.months if record else from_registry,
        # Blank until reported: a pre-filled 0 would be saved as a worker earning nothing (the ledger shows 未填报).
        "monthly_income": record.monthly_income if record else None,
        "public_welfare_post": record.public_welfare_post if record else False,
        "note": record.note if record else "",
    }
    form = EmploymentForm(request.POST or None, initial=initial)
    period = f"{year}年第{quarter}季度"
    form.fields["months"].help_text = MSG_MONTHS_HELP.format(period=period, by_end=by_end)
    form.fields["months"].widget.attrs["max"] = by_end
    intro = ""
    if initial["months"] is None:
        form.fields["months"].help_text = MSG_MONTHS_TO_COMPLETE + form.fields["months"].help_text
        # The registry may have been corrected since the quarter was generated: say why only while it is true.
        why = MSG_REGISTRY_SILENT.format(
            place=member.get_employment_place_display(), months=member.employment_months, period=period
        )
        intro = MSG_TO_COMPLETE.format(why=why if from_registry is None else MSG_REGISTRY_WAS_SILENT)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: employment.employment_record_save(  # noqa: E731
            actor=request.user, member=member, year=year, quarter=quarter, expected=form.expected(), **data
        )
        if run_service(form, call):
            messages.success(request, f"已保存{member.name}{year}年第{quarter}季度就业情况。")
            return redirect(_back_to_ledger(request) or f"{reverse('assistance:employment')}?quarter={year}Q{quarter}")
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "household": member.household,
            "title": f"{member.name} {year}年第{quarter}季度就业情况",
            "submit": "保存",
            "intro": intro,
        },
    )
