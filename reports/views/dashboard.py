"""The dashboard (统计看板) and the performance page (工作成效), per role and scope."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import capability_required
from accounts.roles import Capability
from households.choices import MonitoringCategory, RegionLevel
from households.models import Region
from reports.filters import parse_date
from reports.ledgers.cases import LIMIT_SCOPE_NOTE
from reports.selectors.dashboard import Overdue, StageGroup
from reports.selectors.dashboard import dashboard as dashboard_numbers
from reports.selectors.performance import MSG_OUT_OF_RANGE, PERIODS, anchor_in_range
from reports.selectors.performance import performance as performance_numbers
from reports.selectors.regions import breadcrumbs, focus_region
from reports.selectors.visit_coverage import VISIT_RULE
from reports.services.performance_export import performance_workbook
from screening.selectors_backlog import STALE_DAYS

REPORTS = capability_required(Capability.REPORTS_VIEW)
MSG_BAD_DATE = "“{value}”不是有效的日期，请重新选择（格式 YYYY-MM-DD，如 2026-12-03）。"


def chart(kind: str, labels: list[str], **series: list[int]) -> dict[str, object]:
    return {"type": kind, "labels": labels, "series": [{"name": name, "data": data} for name, data in series.items()]}


def pairs_chart(kind: str, pairs: list[tuple[str, int]], name: str) -> dict[str, object]:
    return chart(kind, [label for label, _ in pairs], **{name: [count for _, count in pairs]})


def households_region(region: Region | None) -> str:
    """The household lists' filter for a region ("&township=…" or "&village=…"; the county is the whole scope), so
    a tile opens the list of the households it counted there: the household list, and the contacts page's list of
    households without a help contact, which take the same two filters."""
    if region is not None and region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        return "&" + urlencode({region.level: region.code})
    return ""


def _region_codes(region: Region) -> dict[str, str]:
    return {region.level: region.code}


# Where each 逾期事项 tile leads (reports.selectors.dashboard.Overdue.opens): the list, how it takes a township or
# village (the county is the actor's whole scope), and what the tile's hint offers. Each list counts as the tile
# does: the household list's filters, the alert worklist's place (a township's or a village's code, its "village"
# choice), the return visits' (a region path, as its per-township links give it) and the overdue page's reasons.
OVERDUE_LISTS: dict[str, tuple[str, Callable[[Region], dict[str, str]], str]] = {
    "households": ("households:list", _region_codes, "点击查看名单"),
    "cases": ("workflow:overdue", _region_codes, "点击查看案件"),
    # 超过办结时限 counting overdue self-applications too: the same tab, which lists them in a section of their own.
    "cases_and_applications": ("workflow:overdue", _region_codes, "点击查看案件和自主申报"),
    "alerts": ("alerts:alerts", lambda region: {"village": region.code}, "点击查看预警"),
    "return_visits": ("assistance:return_visits", lambda region: {"township": region.path}, "点击查看名单"),
}


@dataclass(frozen=True)
class OverdueTile:
    item: Overdue
    link: str = ""
    action: str = ""


def overdue_tiles(region: Region | None, items: list[Overdue]) -> list[OverdueTile]:
    """Each 逾期事项 with the list of what it counts, in the region shown (a township or a village)."""
    tiles = []
    for item in items:
        if item.opens not in OVERDUE_LISTS or item.count is None:
            tiles.append(OverdueTile(item))
            continue
        name, place, action = OVERDUE_LISTS[item.opens]
        query = dict(item.query)
        if region is not None and region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
            query |= place(region)
        tiles.append(OverdueTile(item, f"{reverse(name)}?{urlencode(query)}", action))
    return tiles


def stage_links(actor: Any, region: Region | None, groups: list[StageGroup]) -> list[tuple[str, int, str]]:
    """Each bar of 在办事项所处环节 with the case list it counts: the open cases of that kind (识别纳入, 风险消除 …)
    standing at that step (kind, open_step: the table's rows' filters), in the region shown when it is narrower than
    the actor's own scope. Step names repeat across procedures (村级评议, 县级审批), so when more than one kind is
    open each bar's label names its procedure (识别纳入·村级评议)."""
    place = {"village": region.code} if region is not None and region.path != actor.region_path else {}
    base = reverse("workflow:cases")
    named = len(groups) > 1
    return [
        (f"{group.label}·{name}" if named else name, count, f"{base}?{query}{'&' + urlencode(place) if place else ''}")
        for group in groups
        for name, count, query in group.queries()
    ]


@REPORTS
def dashboard(request: HttpRequest) -> HttpResponse:
    region = focus_region(actor=request.user, code=request.GET.get("region", ""))
    numbers = dashboard_numbers(actor=request.user, region=region)
    trend = numbers.trend
    stages = stage_links(request.user, region, numbers.stage_groups)
    charts = {
        "chart-category": pairs_chart("pie", numbers.by_category, "户数"),
        "chart-risk": pairs_chart("hbar", numbers.by_risk, "户数"),
        "chart-national-risk": pairs_chart("hbar", numbers.by_national_risk, "户数"),
        "chart-stage": {
            **pairs_chart("bar", [(label, count) for label, count, _ in stages], "事项数"),
            "links": [link for *_, link in stages],
        },
        "chart-trend": chart("line", trend["months"], 新增监测对象=trend["added"], 减少监测对象=trend["removed"]),
    }
    context = {
        "d": numbers,
        "region": region,
        "trail": breadcrumbs(region, request.user),
        "households_region": households_region(region),
        "overdue": overdue_tiles(region, numbers.overdue),
        "charts": charts,
        "stages": stages,
        "limit_note": LIMIT_SCOPE_NOTE,
        "stale_days": STALE_DAYS,
        "categories": list(zip(numbers.by_category, numbers.persons_by_category, strict=True)),
        "trend_rows": list(zip(trend["months"], trend["added"], trend["removed"], trend["exited"], strict=True)),
    }
    return render(request, "reports/dashboard.html", context)


def _period(request: HttpRequest) -> tuple[str, str, Any, str]:
    """The period kind, the date as typed, the anchor date and, for a date that does not exist or that no period
    can be counted for (9999-12-31), the anchor None and the message saying so."""
    kind = request.GET.get("period", "month")
    kind = kind if kind in PERIODS else "month"
    raw = request.GET.get("date", "").strip()
    anchor = parse_date(raw) if raw else timezone.localdate()
    if anchor is None:
        return kind, raw, None, MSG_BAD_DATE.format(value=raw[:20])
    if not anchor_in_range(anchor):
        return kind, raw, None, MSG_OUT_OF_RANGE.format(value=raw[:20])
    return kind, raw, anchor, ""


@REPORTS
def performance(request: HttpRequest) -> HttpResponse:
    region = focus_region(actor=request.user, code=request.GET.get("region", ""))
    kind, raw, anchor, error = _period(request)
    if anchor is None:
        # A date that does not exist (2026-02-30) is said so, never replaced by today's figures without a word.
        context = {
            "region": region,
            "periods": PERIODS,
            "kind": kind,
            "raw_date": raw[:20],
            "date_error": error,
        }
        return render(request, "reports/performance.html", context, status=400)
    numbers = performance_numbers(actor=request.user, region=region, kind=kind, anchor=anchor)
    context = {
        "p": numbers,
        "kind": kind,
        "region": region,
        "trail": breadcrumbs(region, request.user),
        "periods": PERIODS,
        "anchor": anchor,
        "extra_query": urlencode({"period": kind, "date": anchor.isoformat()}),
        "categories": MonitoringCategory.labels,
        "visit_rule": VISIT_RULE,
    }
    return render(request, "reports/performance.html", context)


@REPORTS
def performance_export(request: HttpRequest) -> HttpResponse:
    """The performance page's tables as a workbook (月分析会商材料)."""
    region = focus_region(actor=request.user, code=request.GET.get("region", ""))
    kind, _raw, anchor, error = _period(request)
    if anchor is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    numbers = performance_numbers(actor=request.user, region=region, kind=kind, anchor=anchor)
    handle, filename = performance_workbook(actor=request.user, p=numbers, region=region)
    return FileResponse(handle, as_attachment=True, filename=filename)
