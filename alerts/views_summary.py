"""预警汇总: the county's (a township's) alerts counted by township (village) and by department, each count a link
to the worklist filtered to the alerts it counts."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import user_can
from accounts.roles import Capability
from alerts.choices import AlertOutcome
from alerts.forms_summary import SummaryPeriodForm
from alerts.selectors_summary import (
    MSG_SUMMARY_SCOPE,
    OUTCOME_HEADERS,
    AlertSummary,
    SummaryRow,
    alert_summary,
    summary_level,
)

# A phone shows each row as a card with the counts side by side: short names, so that the labels do not overlap.
OUTCOME_SHORT = {
    AlertOutcome.INCLUDE: "纳入监测",
    AlertOutcome.NOT_AT_RISK: "无风险",
    AlertOutcome.MONITORED: "已是对象",
    AlertOutcome.MOVED: "已迁出",
    AlertOutcome.DECEASED: "已故",
    AlertOutcome.WRONG_DATA: "数据有误",
}


def _table(rows: list[SummaryRow], total: SummaryRow, period: str, name: str) -> list[tuple[SummaryRow, str]]:
    """Each row with the worklist's address for its counts ("" for none: a region the list cannot filter by);
    the 合计 row's narrows only by period."""
    base = f"{reverse('alerts:alerts')}?{period}"
    links = []
    for row in rows:
        value = row.region_code if name == "village" else row.key
        links.append((row, f"{base}&{urlencode({name: value})}" if value else ""))
    return [*links, (total, base)]


def _tables(summary: AlertSummary, period: str) -> list[tuple[str, str, str, list[tuple[SummaryRow, str]]]]:
    by_region = _table(summary.regions, summary.region_total, period, "village")
    by_department = _table(summary.departments, summary.department_total, period, "department")
    return [
        ("region", f"按{summary.level_label}", summary.level_label, by_region),
        ("department", "按报送部门", "报送部门", by_department),
    ]


def overview(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or summary_level(request.user) is None:
        raise PermissionDenied(MSG_SUMMARY_SCOPE)
    form = SummaryPeriodForm(request.GET or None)
    start, end = form.period()
    # A bad date or a reversed range is said at its field, and nothing is counted for it.
    summary = None if form.errors else alert_summary(actor=request.user, start=start, end=end)
    period = urlencode({"raised_from": start.isoformat(), "raised_to": end.isoformat()})
    context = {
        "form": form,
        "summary": summary,
        "tables": _tables(summary, period) if summary else [],
        "outcomes": [(code, label, OUTCOME_SHORT.get(code, label)) for code, label in OUTCOME_HEADERS],
        "can_export": user_can(request.user, Capability.REPORTS_VIEW),
    }
    return render(request, "alerts/overview.html", context)
