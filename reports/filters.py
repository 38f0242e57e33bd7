"""The filters every ledger and dashboard shares: a region inside the user's scope and a date range."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import RegionLevel, RiskType
from households.models import Region
from households.selectors import scope_place_name as county_name  # the ledgers' name for it
from reports.ledgers.base import Filters
from reports.selectors.entry import KINDS as HOUSEHOLD_KINDS
from screening.choices import ResultStatus
from screening.selectors_backlog import WAITING_CHOICES

MSG_DATE_ORDER = "结束日期不能早于开始日期。"
MSG_FILTERS_GONE = "筛选条件已失效（所选区域不在您当前的管辖范围内），请重新生成。"
RECENT_QUARTERS = 8


def current_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}年第{quarter[1]}季度"


def quarter_choices() -> list[tuple[str, str]]:
    """The last eight quarters, newest first ("2026Q4"), for the ledgers read by quarter (就业台账)."""
    year, number = current_quarter()
    choices = []
    for _ in range(RECENT_QUARTERS):
        choices.append((f"{year}Q{number}", quarter_label((year, number))))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return choices


def region_options(actor: Any) -> QuerySet[Region]:
    """Townships and villages the actor may filter by (the county level is "all")."""
    return (
        Region.objects.visible_to(actor)
        .filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
        .select_related("parent")
        .order_by("path")
    )


def region_label(filters: Filters, actor: Any) -> str:
    """What a ledger covers, as its filter line says it: the region chosen, or the whole of the actor's scope by
    name (a township's "全部" is the township, and a file passed on must not read as the county's)."""
    if filters.region_name:
        return filters.region_name
    scope = getattr(actor, "region_name", "") or ""
    if scope and getattr(actor, "grid_id", None):
        scope = actor.scope_label  # a grid-limited cadre's ledger holds their grid only (accounts.scoping)
    return f"{scope}（管辖范围内全部）" if scope else "全部"


def filters_scope(filters: Filters, actor: Any, *, quarterly: bool = False, kind_ledgers: str = "") -> str:
    """What the summaries on the reports page count, in words: the region and the dates (and the quarter, for the
    quarterly ledger; the 户类型 chosen, for `kind_ledgers`, the ledgers that read it), so that a summary is never
    read against a filter it was not worked out for."""
    if filters.date_from or filters.date_to:
        start = f"{filters.date_from:%Y-%m-%d}" if filters.date_from else "不限"
        end = f"{filters.date_to:%Y-%m-%d}" if filters.date_to else "不限"
        dates = f"日期 {start} 至 {end}"
    else:
        dates = "日期不限"
    text = f"区域“{region_label(filters, actor)}”、{dates}"
    if kind_ledgers and (kind := filters.extra.get("household_kind") or ""):
        text += f"、户类型“{HOUSEHOLD_KINDS.get(kind, kind)}”（{kind_ledgers}）"
    if quarterly:
        text += f"、{quarter_label(filters.extra.get('quarter') or current_quarter())}（就业台账）"
    return text


def place_name(actor: Any, region_path: str = "") -> str:
    """The place a ledger's title and file name open with: the county, then the township and village of the region
    chosen (永修县涂埠镇新山村), so that a township's ledger exported by the county reads as that township's, as the
    township's own export does; the actor's own scope (scope_place_name) when no region is chosen."""
    if not region_path:
        return county_name(actor)
    levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]
    above = [region_path[:length] for length in range(1, len(region_path) + 1)]
    names = Region.objects.filter(path__in=above, level__in=levels).order_by("path").values_list("name", flat=True)
    return "".join(names) or county_name(actor)


def place_of_filters(actor: Any, data: dict[str, str]) -> str:
    """place_name for filters stored with an export (the region by its code)."""
    code = (data or {}).get("region") or ""
    path = Region.objects.filter(code=code).values_list("path", flat=True).first() if code else None
    return place_name(actor, path or "")


# The screening worklist's own filters (screening.forms.WorklistFilterForm), posted by its 导出 button with the page's
# values, so that the 筛查结果台账 (Ledger.by_worklist) holds the rows the page lists. Not on the reports page.
WORKLIST_FIELDS = ("status", "risk_type", "q", "waiting")


class LedgerFilterForm(forms.Form):
    region = forms.ChoiceField(label="区域", required=False)
    date_from = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quarter = forms.ChoiceField(label="季度（就业台账）", required=False)
    household_kind = forms.ChoiceField(label="户类型", required=False, choices=[("", "全部"), *HOUSEHOLD_KINDS.items()])
    status = forms.ChoiceField(
        label="筛查处理状态", required=False, choices=[("", "全部"), *ResultStatus.choices], widget=forms.HiddenInput
    )
    risk_type = forms.ChoiceField(
        label="风险类型", required=False, choices=[("", "全部"), *RiskType.choices], widget=forms.HiddenInput
    )
    q = forms.CharField(label="户主或户编号", required=False, max_length=50, widget=forms.HiddenInput)
    waiting = forms.ChoiceField(
        label="等待时间", required=False, choices=[("", "全部"), *WAITING_CHOICES], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {region.code: region for region in region_options(actor)}
        choices = [("", "全部（本级管辖范围）")]
        for region in self.regions.values():
            indent = "　" if region.level == RegionLevel.VILLAGE else ""
            choices.append((region.code, f"{indent}{region.name}"))
        self.fields["region"].choices = choices
        self.fields["quarter"].choices = quarter_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", MSG_DATE_ORDER)
        return data

    def chosen_quarter(self) -> tuple[int, int]:
        """The chosen quarter, the current one when none was chosen."""
        raw = (self.cleaned_data.get("quarter") if self.is_bound and self.is_valid() else "") or ""
        return (int(raw[:4]), int(raw[5])) if raw else current_quarter()

    def to_filters(self) -> Filters:
        data = self.cleaned_data
        region = self.regions.get(data.get("region") or "")
        return Filters(
            region_path=region.path if region else "",
            region_name=region.name if region else "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            extra={
                "quarter": self.chosen_quarter(),
                "household_kind": data.get("household_kind") or "",
                "worklist": {name: value for name in WORKLIST_FIELDS if (value := (data.get(name) or "").strip())},
            },
        )


def filters_to_json(filters: Filters, region_code: str) -> dict[str, str]:
    return {
        "region": region_code,
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
        "quarter": "{}Q{}".format(*filters.extra["quarter"]) if filters.extra.get("quarter") else "",
        "household_kind": filters.extra.get("household_kind") or "",
        **filters.extra.get("worklist", {}),  # only when the worklist posted them: other exports echo as before
    }


def filters_from_json(actor: Any, data: dict[str, str]) -> Filters:
    """Re-read stored filters against the user's scope as it is now (it may have changed since they were saved)."""
    form = LedgerFilterForm(data, actor=actor)
    if not form.is_valid():
        raise ApplicationError(MSG_FILTERS_GONE)
    return form.to_filters()


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
