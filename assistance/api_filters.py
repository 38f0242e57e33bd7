"""The measure list's API parameters, each checked (a bad one is a 400 naming it: an unknown code or a region out of
scope, never an empty list), filtered by the page's selector (assistance.selectors.measure_list), so the API and the
page narrow the same way."""

from typing import Any

import django_filters

from accounts.choices import Department
from assistance import selectors
from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL, MeasureStatus
from assistance.models import MeasureCategory, PlanMeasure
from config.api import MSG_BAD_CHOICE, MSG_BAD_REGION, SelectorFilterSet, YesFilter, refuse_param
from households.choices import RegionLevel
from households.models import Region


def codes(choices: Any) -> str:
    return "；".join(f"{value}={label}" for value, label in choices)


DEPARTMENTS = [(TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL), *Department.choices]
TOWNSHIP_OR_VILLAGE = "乡镇或村的"


def scoped_region(request: Any, name: str, code: str, levels: tuple[str, ...], level_label: str) -> Region:
    """The region of `code` among the caller's, at one of `levels`: one that does not exist or is out of scope is a
    400 naming the parameter (not an empty list, which read as a region with nothing to show)."""
    region = Region.objects.visible_to(request.user).filter(code=code, level__in=levels).first()
    if region is None:
        refuse_param(name, MSG_BAD_REGION.format(value=code[:20], level=level_label))
    return region


class MeasureFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(
        choices=MeasureStatus.choices, method="noop", help_text="状态：" + codes(MeasureStatus.choices)
    )
    department = django_filters.ChoiceFilter(
        choices=DEPARTMENTS, method="noop", help_text="责任部门：" + codes(DEPARTMENTS)
    )
    # Checked in select(): the categories are data (the county's catalogue), not read when the schema is built.
    category = django_filters.CharFilter(method="noop", help_text="帮扶类别编码（措施目录的类别）")
    region = django_filters.CharFilter(method="noop", help_text="乡镇或村的区划代码（须在本人管辖范围内）")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码（须在本人管辖范围内）")
    date_from = django_filters.DateFilter(method="noop", help_text="开始日期不早于（YYYY-MM-DD）")
    date_to = django_filters.DateFilter(method="noop", help_text="开始日期不晚于（YYYY-MM-DD）")
    overdue = YesFilter(method="noop", help_text="只看逾期未办结（已过结束日期，仍为计划中或实施中）")
    late_start = YesFilter(method="noop", help_text="只看已到开始日期未实施（已过开始日期，仍为计划中）")
    no_end = YesFilter(method="noop", help_text="只看未定结束日期（计划中或实施中，没有结束日期，无法判断是否逾期）")
    q = django_filters.CharFilter(method="noop", help_text="户主姓名或户编号")

    class Meta:
        model = PlanMeasure
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        if filters.get("category"):
            categories = list(MeasureCategory.objects.order_by("order", "code").values_list("code", flat=True))
            if filters["category"] not in categories:
                message = MSG_BAD_CHOICE.format(value=filters["category"][:20], allowed="、".join(categories))
                refuse_param("category", message)
        if filters.get("region"):
            levels = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
            filters["region"] = scoped_region(
                self.request, "region", filters["region"], levels, TOWNSHIP_OR_VILLAGE
            ).path
        if filters.get("village"):
            scoped_region(self.request, "village", filters["village"], (RegionLevel.VILLAGE,), "村")
        return selectors.measure_list(actor=self.request.user, filters=filters)
