"""The income columns of the go-live import: 收入年度 and the amounts of households.models.HouseholdIncome.

Without them every imported household would show "尚未录入本年度收支" and screening's income rule could not fire
until the cadres typed every income again. Like the other household columns, the head's row carries them and member
rows may leave them blank (filled ones must agree with the head's row: INCOME_CHECKS). A household with a year gets
one income row of that year, its per-capita net income worked out by households.services.income.per_capita_net_income
(the income service's own) over its living members, batch by batch: one query to read the batch's figures, one to
stage the results, and the insert itself as part of the batch's load statement (staging.py). The income table's
trigger (households migration 0008) then copies the latest income onto the households, once per statement.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from households.models import HouseholdIncome
from households.registry_import.columns import BY_KEY
from households.services.income import AMOUNT_FIELDS, FIRST_YEAR, MSG_NEGATIVE, per_capita_net_income

MSG_YEAR = "应为{low}年到{high}年之间的年份，不能是“{value}”"
MSG_YEAR_REQUIRED = "填写了收入的户须填写收入年度"
MSG_NO_AMOUNT_COLUMNS = "文件中没有任何收入金额列（{columns}），无法导入该年度收支"
MSG_AMOUNT = "无法识别“{value}”，应为金额（元），不小于0，最多两位小数"
MSG_AMOUNT_TOO_LARGE = "金额“{value}”过大，不能超过 9,999,999,999.99 元"
MSG_DIFFERS = "{header}：与户主所在行的{header}不一致"
EVENT_PER_CAPITA = "人均纯收入（{members}人）"

TOTAL_FIELDS = ("wage_income", "business_income", "property_income", "transfer_income")
RIGID_FIELDS = ("medical_expenses", "education_expenses", "disaster_expenses", "other_rigid_expenses")
_DIGITS = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_NOISE = re.compile(r"[,，元¥￥\s]")  # as the department feeds tolerate them (alerts.ingest.cleaning)
_YEAR_SUFFIX = re.compile(r"(?:年度?|\.0)$")
_AMOUNT = re.compile(r"^\d+(?:\.\d{1,2})?$")
_LIMIT = Decimal("10000000000")  # numeric(12, 2)
_HEADERS = "、".join(BY_KEY[name].header for name in AMOUNT_FIELDS)
_CELLS = ("income_year", *AMOUNT_FIELDS)


@dataclass
class Income:
    """The row's income values as COPY text (NULL where blank or wrong) and its errors as (column key, reason)."""

    year: str = ""
    amounts: str = ""  # a numeric[] literal in AMOUNT_FIELDS order, NULL elements for blank cells; NULL if all blank
    errors: list[tuple[str, str]] = field(default_factory=list)


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """An amount cell (not blank): the amount, or what is wrong with it."""
    cleaned = _NOISE.sub("", text if text.isascii() else text.translate(_DIGITS))  # _DIGITS maps no ASCII
    if cleaned.startswith("-") and _AMOUNT.match(cleaned[1:]):
        return None, MSG_NEGATIVE.rstrip("。")
    if not _AMOUNT.match(cleaned):
        return None, MSG_AMOUNT.format(value=text)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None, MSG_AMOUNT.format(value=text)
    if amount >= _LIMIT:
        return None, MSG_AMOUNT_TOO_LARGE.format(value=text)
    return amount, None


def parse_year(text: str, today: dt.date) -> tuple[int | None, str | None]:
    # 2025, 2025年, 2025年度; a number cell read as a float (2025.0).
    cleaned = _YEAR_SUFFIX.sub("", (text if text.isascii() else text.translate(_DIGITS)).strip())
    if cleaned.isascii() and cleaned.isdigit() and FIRST_YEAR <= int(cleaned) <= today.year:
        return int(cleaned), None
    return None, MSG_YEAR.format(low=FIRST_YEAR, high=today.year, value=text)


def check_income(raw: dict[str, str], *, is_head: str, today: dt.date, null: str) -> Income:
    """`is_head` as the row checker read it ("t"/"f"/NULL). Pure Python on the row's text: no database query."""
    result = Income(year=null, amounts=null)
    if not any(map(raw.get, _CELLS)):
        return result  # a member row leaving the income to the head's (most rows): nothing to read or refuse
    fail = result.errors.append
    year_text = raw.get("income_year", "")
    year, problem = parse_year(year_text, today) if year_text else (None, None)
    if problem is not None:
        fail(("income_year", problem))
    result.year = str(year) if year is not None else null

    elements: list[str] = []
    filled = False
    for name in AMOUNT_FIELDS:
        text = raw.get(name, "")
        if not text:
            elements.append("NULL")
            continue
        filled = True
        amount, problem = parse_amount(text)
        if problem is not None:
            fail((name, problem))
        elements.append("NULL" if amount is None else str(amount))
    if filled:
        result.amounts = "{" + ",".join(elements) + "}"

    if is_head == "t" and not year_text and filled:
        fail(("income_year", MSG_YEAR_REQUIRED))
    elif is_head == "t" and year_text and not any(name in raw for name in AMOUNT_FIELDS):
        # A year alone would load every household with no income at all: screening would flag them all.
        fail(("income_year", MSG_NO_AMOUNT_COLUMNS.format(columns=_HEADERS)))
    return result


def _text(value: str) -> str:
    """A constant of ours as an SQL string literal, in a statement run with named parameters (% doubled)."""
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


def _array(values: list[str]) -> str:
    return f"ARRAY[{', '.join(_text(value) for value in values)}]::text[]"


_DIFFERS = [MSG_DIFFERS.format(header=BY_KEY[name].header) for name in AMOUNT_FIELDS]
# Member rows may leave the income columns blank; filled in, they must agree with the head's row (blank there: 0).
# A cell that could not be read has its own error already (NULL here).
INCOME_CHECKS = (
    f"""INSERT INTO import_errors (line, message)
    SELECT r.line, m.message
    FROM import_rows r JOIN import_households h USING (number) JOIN import_rows hr ON hr.line = h.head_line
    CROSS JOIN LATERAL (
        SELECT 0 AS position, {_text(MSG_DIFFERS.format(header=BY_KEY["income_year"].header))} AS message
        WHERE r.income_year IS NOT NULL AND r.income_year IS DISTINCT FROM hr.income_year
        UNION ALL
        SELECT a.i, a.message FROM unnest({_array(_DIFFERS)}) WITH ORDINALITY a (message, i)
        WHERE r.income_amounts[a.i] IS NOT NULL AND r.income_amounts[a.i] <> coalesce(hr.income_amounts[a.i], 0)
        ORDER BY 1
    ) m
    WHERE h.heads = 1 AND NOT h.done AND r.line <> hr.line AND r.is_head IS NOT TRUE
      AND (r.income_year IS NOT NULL OR r.income_amounts IS NOT NULL)""",
)

# The income insert's columns (model field names). A NOT NULL column without a database default must be among
# them, or the insert fails (tests/config/test_raw_inserts.py checks these against the database).
INCOME_COLUMNS = ("household", "region_path", "year", *AMOUNT_FIELDS, "members_count", "per_capita_net_income")
_INCOME_COLUMNS = ", ".join(HouseholdIncome._meta.get_field(name).column for name in INCOME_COLUMNS)
_AMOUNTS = ", ".join(f"coalesce(hr.income_amounts[{i}], 0)" for i in range(1, len(AMOUNT_FIELDS) + 1))
# Part of the batch's load statement (staging._load_sql): `new` are the batch's new households, import_income the
# per-capita figures prepare_incomes() staged for them.
INCOME_INSERT = f""", incomes AS (
    INSERT INTO households_householdincome ({_INCOME_COLUMNS})
    SELECT new.id, new.region_path, hr.income_year, {_AMOUNTS}, i.members, i.per_capita
    FROM new JOIN import_load hr ON hr.number = new.number AND hr.is_head JOIN import_income i ON i.seq = hr.seq
    WHERE hr.seq BETWEEN %(first)s AND %(last)s
)"""
# The household's copy of its latest income (households migration 0008: table columns, not model fields), written
# with the household as seed_demo does, so that the income table's trigger finds it right and rewrites no household
# row. The load statement appends them to its household columns and values; `hr` is the head's row, which has a
# year exactly when prepare_incomes() staged a per-capita figure for it. The import brings one year: none before.
_TOTAL, _RIGID = (
    " + ".join(f"coalesce(hr.income_amounts[{AMOUNT_FIELDS.index(name) + 1}], 0)" for name in names)
    for names in (TOTAL_FIELDS, RIGID_FIELDS)  # as the trigger adds them up
)
LATEST_INCOME_COLUMNS = (
    ", latest_income_year, latest_income_per_capita, latest_income_total, latest_rigid_expenses,"
    " latest_income_previous_per_capita"
)
LATEST_INCOME_VALUES = f""",
           hr.income_year, (SELECT p.per_capita FROM import_income p WHERE p.seq = hr.seq),
           CASE WHEN hr.income_year IS NOT NULL THEN ({_TOTAL})::numeric(14, 2) END,
           CASE WHEN hr.income_year IS NOT NULL THEN ({_RIGID})::numeric(14, 2) END, NULL"""
_LABELS = [str(HouseholdIncome._meta.get_field(name).verbose_name) for name in AMOUNT_FIELDS]
# The history row's entries for the imported income (`hr` the head's row): the year, each amount, the per-capita.
INCOME_CHANGES = f"""coalesce((
    SELECT jsonb_agg(jsonb_build_object('field', f.field, 'label', f.label, 'old', '', 'new', f.value)
                     ORDER BY f.position)
    FROM import_income i CROSS JOIN LATERAL (
        SELECT 0, 'income_year', {_text(BY_KEY["income_year"].header)}, hr.income_year::text
        UNION ALL
        SELECT a.i, a.field, a.label, to_char(coalesce(hr.income_amounts[a.i], 0), 'FM999,999,999,990.00')
        FROM unnest({_array(AMOUNT_FIELDS)}, {_array(_LABELS)}) WITH ORDINALITY a (field, label, i)
        UNION ALL
        SELECT 99, 'per_capita_net_income', format({_text(EVENT_PER_CAPITA.format(members="%s"))}, i.members),
               to_char(i.per_capita, 'FM999,999,999,990.00')
    ) f (position, field, label, value)
    WHERE i.seq = hr.seq), '[]'::jsonb)"""


def prepare_incomes(cursor: Any, *, first: int, last: int) -> None:
    """Work out the per-capita net income of the batch's households with a year, as the income service does, over
    the members living (not those the file says died or moved out: living.py), into a temporary table the load
    statement reads (dropped with the batch's transaction)."""
    cursor.execute(
        """SELECT hr.seq, hr.income_amounts, h.living
           FROM import_load hr JOIN import_households h ON h.seq = hr.seq
           WHERE hr.seq BETWEEN %s AND %s AND hr.is_head AND hr.income_year IS NOT NULL""",
        [first, last],
    )
    seqs, members, per_capita = [], [], []
    for seq, amounts, count in cursor.fetchall():
        values = dict(zip(AMOUNT_FIELDS, amounts or [None] * len(AMOUNT_FIELDS), strict=True))
        seqs.append(seq)
        members.append(count)
        per_capita.append(per_capita_net_income({k: v or Decimal(0) for k, v in values.items()}, count))
    cursor.execute(
        """DROP TABLE IF EXISTS pg_temp.import_income;
        CREATE TEMP TABLE import_income (seq integer PRIMARY KEY, members integer, per_capita numeric) ON COMMIT DROP;
        INSERT INTO import_income SELECT * FROM unnest(%s::integer[], %s::integer[], %s::numeric[])""",
        [seqs, members, per_capita],
    )
