"""How the household list is sorted: by the columns a reader of the list sorts by (村, 户编号, 户主, 人口,
监测对象类别), each ascending or, with a leading "-", descending. The page's sort links, its XLSX export and the
API's `ordering` parameter all read this one table, so the file lists the rows in the order the page shows them."""

from typing import Any

from django.db.models import Case, F, IntegerField, OrderBy, Value, When

from households.choices import MonitoringCategory

ORDERING_PARAM = "ordering"
DEFAULT_ORDERING = "village"
# code → the page's label for it.
ORDERINGS = {
    "village": "村",
    "number": "户编号",
    "head": "户主",
    "size": "人口",
    "category": "监测类别",
}
ORDERING_CHOICES = [
    *[(code, f"按{label}升序") for code, label in ORDERINGS.items()],
    *[(f"-{code}", f"按{label}降序") for code, label in ORDERINGS.items()],
]
# The API's `ordering` parameter (households.api.HouseholdFilter), as the page's sort links ask for it.
ORDERING_HELP = (
    "排序：village（按村，默认）、number（户编号）、head（户主姓名）、size（家庭人口）、category（监测对象类别）；"
    "前加 - 为降序，如 -size。同序时按户编号升序"
)
ASCENDING_MARK = "↑"
DESCENDING_MARK = "↓"


def _category_rank() -> Case:
    # The categories in their code list's order (脱贫不稳定户, 边缘易致贫户, 突发严重困难户), households not monitored
    # last; their stored English codes would sort alphabetically, which means nothing to the reader.
    whens = [When(monitoring_category=value, then=Value(rank)) for rank, value in enumerate(MonitoringCategory.values)]
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


def household_order(ordering: str | None) -> list[OrderBy]:
    """The ORDER BY for an ordering code ("" or an unknown code: the default, by village then number). Ties are
    broken by the household number, ascending, so that paging never shows a household twice or skips one.
    The size ordering reads the `living_members` annotation of households.selectors.household_list."""
    code = ordering or DEFAULT_ORDERING
    descending = code.startswith("-")
    key = code.lstrip("-")
    primary: dict[str, list[Any]] = {
        "village": [F("region_path")],
        "number": [],
        "head": [F("head_name")],
        "size": [F("living_members")],
        "category": [_category_rank()],
    }
    if key not in primary:
        return household_order(DEFAULT_ORDERING)
    number = F("number").desc() if descending and key == "number" else F("number").asc()
    return [expression.desc() if descending else expression.asc() for expression in primary[key]] + [number]


def sort_links(ordering: str | None) -> list[dict[str, str]]:
    """The list page's sort links: each column's label, the ordering a click asks for (the other direction when it is
    the current one) and the arrow that says how the list is sorted now (on the current column only)."""
    current = ordering if ordering in dict(ORDERING_CHOICES) else DEFAULT_ORDERING
    links = []
    for code, label in ORDERINGS.items():
        mark = ""
        target = code
        if current.lstrip("-") == code:
            descending = current.startswith("-")
            mark = DESCENDING_MARK if descending else ASCENDING_MARK
            target = code if descending else f"-{code}"
        links.append({"code": target, "label": label, "mark": mark})
    return links
