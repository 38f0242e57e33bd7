"""The measure list's API parameters, each checked (a bad one is a 400 naming it), filtered by the page's selector
(assistance.selectors.measure_list), so the API and the page narrow the same way."""

from typing import Any

import django_filters

from assistance import selectors
from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from config.api import SelectorFilterSet
from households.models import Region
from households.region_filter import NO_REGION


def codes(choices: Any) -> str:
    return "；".join(f"{value}={label}" for value, label in choices)


class MeasureFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(
        choices=MeasureStatus.choices, method="noop", help_text="状态：" + codes(MeasureStatus.choices)
    )
    department = django_filters.CharFilter(method="noop", help_text="责任部门编码")
    category = django_filters.CharFilter(method="noop", help_text="帮扶类别编码")
    region = django_filters.CharFilter(method="noop", help_text="乡镇或村的区划代码")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码")
    date_from = django_filters.DateFilter(method="noop", help_text="开始日期不早于（YYYY-MM-DD）")
    date_to = django_filters.DateFilter(method="noop", help_text="开始日期不晚于（YYYY-MM-DD）")
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "是")], method="noop", help_text="yes=只看逾期未办结（已过结束日期，仍为计划中或实施中）"
    )
    q = django_filters.CharFilter(method="noop", help_text="户主姓名或户编号")

    class Meta:
        model = PlanMeasure
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        if filters.get("region"):
            region = Region.objects.visible_to(self.request.user).filter(code=filters.pop("region")).first()
            filters["region"] = region.path if region else NO_REGION
        return selectors.measure_list(actor=self.request.user, filters=filters)
