"""A list's date range (`x_from` and `x_to`, or `date_from` and `date_to`) given the wrong way round is a 400 in
Chinese at its end date, as 预警汇总 and the report exports say it: answered with an empty list, it read as "nothing
happened in that period" to a script that had swapped the two."""

from typing import Any

import django_filters
from rest_framework import exceptions

MSG_RANGE_REVERSED = "结束日期不能早于开始日期：{end}（{end_value}）早于 {start}（{start_value}）。"
FROM, TO = "_from", "_to"


def refuse_reversed_range(start_name: str, start: Any, end_name: str, end: Any) -> None:
    """A 400 at `end_name` when both dates (or times) are given and the end is before the start."""
    if start is not None and end is not None and end < start:
        message = MSG_RANGE_REVERSED.format(end=end_name, end_value=end, start=start_name, start_value=start)
        raise exceptions.ValidationError({end_name: [message]})


def date_pairs(filterset_class: Any) -> list[tuple[str, str]]:
    """The (from, to) names of a filter set's date filters that make a range: x_from beside x_to."""
    dates = {
        name
        for name, item in filterset_class.base_filters.items()
        if isinstance(item, django_filters.DateFilter | django_filters.DateTimeFilter)
    }
    return [
        (name, name[: -len(FROM)] + TO)
        for name in sorted(dates)
        if name.endswith(FROM) and name[: -len(FROM)] + TO in dates
    ]


def refuse_reversed_filters(filterset: Any) -> None:
    """Check every range of a bound filter set whose values are valid (a bad date is the filter set's own 400)."""
    pairs = date_pairs(type(filterset))
    if not pairs or not filterset.is_valid():
        return
    data = filterset.form.cleaned_data
    for start, end in pairs:
        refuse_reversed_range(start, data.get(start), end, data.get(end))
