"""What a ledger is: columns (Chinese header, width, how a value is shown) and one selector.

A selector takes the actor and the validated filters and returns rows as tuples in column order: a
`values_list(...)` QuerySet that starts from `visible_to(actor)` (iterated with a server-side cursor, never
as model instances), or, for small computed tables, any iterable of tuples."""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from django.db.models import QuerySet

from households.idnumber import mask
from households.privacy import HEALTH_HIDDEN, birth_year, hide_health_in_text, mask_numbers_in_text, mask_phone
from households.services.newborn import NO_ID_SHOWN

# Column kinds: how the writer stores the cell.
TEXT = "text"
NUMBER = "number"
MONEY = "money"
DATE = "date"
DATETIME = "datetime"  # a moment, to the minute in the county's time (录入时间)
# A date reads 2024年12月23日: eight digits and three CJK characters, each of those two units wide, and a margin;
# a narrower column shows ### in LibreOffice and Excel, on screen and on the printed, stamped ledger.
DATE_MIN_WIDTH = 15
ID_NUMBER = "id_number"  # masked for roles without need-to-know
PHONE = "phone"  # masked likewise
BOOL = "bool"


COUNTY_WIDE = "全县（本台账不分区域）"

# How a cell of the 合计 row adds up its column.
SUM = "sum"  # the column's numbers added up (金额, 家庭人口数)
COUNT = "count"  # the number of rows (户数 under 户编号)
YES = "yes"  # the rows whose cell reads 是 (已务工 under 是否务工就业), or Total.reads (按时报送)
FILLED = "filled"  # the rows with something in the cell (已核实 under 核实日期)
EMPTY = "empty"  # the rows with nothing in it (未报送 under 报送日期)


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = TEXT
    # A TextChoices class: the stored code is shown with its Chinese label; a list of codes is joined with "、".
    choices: type[Enum] | None = None
    # Any other conversion of the raw value (applied before choices and kinds).
    convert: Callable[[Any], Any] | None = None
    # A person's birth date: only its year ("1981年") where ID numbers are masked, since the full date would give
    # back the masked digits of the number beside it (households.privacy).
    birth_date: bool = False
    # A person's health and disability detail (grade, kind): sensitive under PIPL (DOMAIN.md "Privacy"); a role that
    # reads ID numbers masked reads HEALTH_HIDDEN in every cell of the column, the empty ones too: a mark only where
    # there is a value would tell who is disabled. Such a role reads counts on the dashboard.
    health: bool = False
    # Free text that may name a member's illness (a screening reason, screening.engine): for a role that reads ID
    # numbers masked, the names are replaced by how many they are (households.privacy.hide_health_in_text).
    health_in_text: bool = False
    # Text with a phone in it (a 帮扶联系人 without an account: reports.ledgers.contacts): masked like a PHONE column.
    phones_in_text: bool = False
    # Free text that may quote an ID number or a mobile number (a visit's notes): masked as the pages mask such text
    # (households.privacy.shown_text) for a role that reads ID numbers masked.
    numbers_in_text: bool = False

    def __post_init__(self) -> None:
        if self.kind == DATE and self.width < DATE_MIN_WIDTH:
            object.__setattr__(self, "width", DATE_MIN_WIDTH)


@dataclass(frozen=True)
class Total:
    """One cell of a ledger's 合计 row: under the column headed `header`, added up `how`, shown with `unit`
    after the number ("106户"; the cell stays a number) and `label` before it, where the column's header alone
    does not say what was counted ("已核实8条" under 核实日期)."""

    header: str
    how: str = SUM
    unit: str = ""
    label: str = ""
    # The cell a YES total counts ("按时报送" under 报送情况).
    reads: str = "是"


@dataclass(frozen=True)
class Filters:
    """Validated filters: the region (a path inside the actor's scope) and an inclusive date range."""

    region_path: str = ""
    region_name: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ledger:
    code: str
    name: str
    columns: list[Column]
    rows: Callable[[Any, Filters], QuerySet[Any] | Iterable[tuple[Any, ...]]]
    # What the date range applies to, shown next to the filter ("纳入监测日期").
    date_label: str = ""
    description: str = ""
    group: str = "监测帮扶"
    # Position in the list on the reports page.
    order: int = 100
    # Rows above this are written by the Celery task with a progress bar; up to it, the file downloads at once.
    # None: settings.REPORTS_SYNC_ROW_LIMIT (default 5,000).
    sync_limit: int | None = None
    # Roles allowed beyond REPORTS_VIEW are not a thing; a ledger may narrow who sees it.
    available: Callable[[Any], bool] = field(default=lambda actor: True)
    # Read by quarter (Filters.extra["quarter"], the current quarter by default) rather than by date range.
    by_quarter: bool = False
    # Narrowed by household type (Filters.extra["household_kind"]: reports.selectors.entry.KINDS), "" for all.
    by_household_kind: bool = False
    # Narrowed by the screening worklist's filters it was exported from (Filters.extra["worklist"]: status, risk type,
    # name; reports.filters.WORKLIST_FIELDS), so that the file holds the rows the page lists.
    by_worklist: bool = False
    # The period read, in words, for a ledger that reads one without a date_label (应走访未走访: this month when no
    # date is chosen): (filters) -> "走访期间：2026年11月1日 至 2026年11月30日". None: the date range under date_label,
    # or no period at all for a ledger with neither (it reads no dates, and its export names none).
    period: Callable[[Filters], str] | None = None
    # False for a ledger of the whole county that no region narrows (departments report for the county): the region
    # chosen on the form is dropped, and the file and the export say 全县 rather than the region chosen.
    regional: bool = True
    # The number of rows, for a ledger whose rows are not a QuerySet and too many to count by reading them twice.
    count: Callable[[Any, Filters], int] | None = None
    # A line on what the rows hold for these filters (how many are errors, what is left out), shown under the ledger
    # on the reports page and written into the file's second line; "" for nothing to say.
    summary: Callable[[Any, Filters], str] | None = None
    # The 合计 row under the data, for the columns where a total means something (户数/人数, 金额); none if empty.
    totals: tuple[Total, ...] = ()
    # The seed forms that are printed, stamped and filed carry a signature line above their table (003 附件3, 3-1:
    # "填报单位（盖章）"; 附件4: "单位（盖章）"): the unit's label there, "" for a ledger without one.
    sign_unit: str = ""
    # A form rather than a list (附件4): writes its own sheets from its rows instead of the writer's numbered list
    # (workbook, ledger, actor, filters, rows, place) -> rows written.
    layout: Callable[..., int] | None = None
    # The rows that add up those above them (部门预警汇总表's 合计 after each table): (row) -> True for such a row,
    # which the file writes without a 序号 and does not count among the rows written (the export's record).
    subtotal: Callable[[tuple[Any, ...]], bool] | None = None
    # A refusal of filters the ledger cannot read (应走访未走访: a period starting after today, or too long to list
    # month by month): (filters) -> the message, said at the date fields on the page and in the API; "" for none.
    check: Callable[["Filters"], str] | None = None
    # A list headed by what its rows hold (which columns, the place in its title, the unit on its signature line):
    # (ledger, actor, filters, rows, place) -> the ledger, rows and place to write them as (township_audit).
    shape: Callable[..., tuple["Ledger", Iterable[tuple[Any, ...]], str]] | None = None
    # The place the file's name opens with when the shape may name more than the region chosen (the one township a
    # county's township_audit lists): (actor, filters, place) -> place, the title's; None: the region's place.
    file_place: Callable[[Any, "Filters", str], str] | None = None

    def own_filters(self, filters: Filters) -> Filters:
        """`filters` as this ledger reads them."""
        if self.regional or not filters.region_path:
            return filters
        return replace(filters, region_path="", region_name=COUNTY_WIDE)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def apply_filters(
    queryset: QuerySet[Any], filters: Filters, *, date_field: str = "", region_field: str = "region_path"
) -> QuerySet[Any]:
    """The region and date filters every ledger shares; the queryset already starts from visible_to(actor)."""
    if filters.region_path:
        queryset = queryset.filter(**{f"{region_field}__startswith": filters.region_path})
    if date_field and filters.date_from:
        queryset = queryset.filter(**{f"{date_field}__gte": filters.date_from})
    if date_field and filters.date_to:
        queryset = queryset.filter(**{f"{date_field}__lte": filters.date_to})
    return queryset


def labels(choices: type[Enum]) -> dict[str, str]:
    return {str(member.value): str(member.label) for member in choices}  # type: ignore[attr-defined]


# A mobile number or a landline with its area code, as households.phone stores them (13812345678, 0792-1234567).
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])")


def cell_converter(column: Column, *, unmasked: bool) -> Callable[[Any], Any]:
    """One function per column, built once per export, so the per-cell work is a single call."""
    if column.health and not unmasked:
        return hidden
    steps: list[Callable[[Any], Any]] = []
    if column.convert is not None:
        steps.append(column.convert)
    if column.choices is not None:
        names = labels(column.choices)

        def show(value: Any) -> Any:
            if isinstance(value, list | tuple):
                return "、".join(names.get(code, code) for code in value)
            return names.get(value, value) if value is not None else ""

        steps.append(show)
    if column.kind == ID_NUMBER:
        # "" is a member registered without a number yet (households.services.newborn): 暂无, as the pages say;
        # None (no such person, a household without a living head) stays empty.
        shown = (lambda value: value) if unmasked else mask
        steps.append(lambda value: shown(value) if value else (NO_ID_SHOWN if value == "" else ""))
    if column.birth_date and not unmasked:
        steps.append(birth_year)
    if column.health_in_text and not unmasked:
        steps.append(hide_health_in_text)
    if column.numbers_in_text and not unmasked:
        steps.append(lambda value: mask_numbers_in_text(value or ""))
    if column.phones_in_text and not unmasked:
        steps.append(lambda value: _PHONE_IN_TEXT.sub(lambda found: mask_phone(found.group(0)), value or ""))
    if column.kind == PHONE and not unmasked:
        steps.append(lambda value: mask_phone(value) if value else "")
    if column.kind == BOOL:
        steps.append(lambda value: "" if value is None else ("是" if value else "否"))
    if not steps:
        return identity
    if len(steps) == 1:
        return steps[0]

    def chain(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value

    return chain


def identity(value: Any) -> Any:
    return value


def hidden(value: Any) -> str:
    return HEALTH_HIDDEN
