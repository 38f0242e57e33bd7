"""The monitoring columns of the go-live import: 监测对象类别, 纳入监测时间, 风险类型, 风险是否消除 and 风险消除时间 of
one member row.

A household the national system already monitors keeps that status here (seed 000 §三(三)8 动态管理; DOMAIN.md
"Identification procedure": a household marked in the national system is monitored); without these columns it
would arrive as an ordinary household that only the 8-step identification procedure could monitor again.
A household marked 风险消除 there keeps that mark (Household.risk_eliminated_on): its returning risk is then a
风险再标注 (seed 003 §二2(2)), not a first 识别纳入. Like the other household columns, the head's row carries them
and member rows may leave them blank (staging.py checks that filled ones agree with the head's row). Pure Python on
the row's text: no database query.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from households.choices import (
    CATEGORY_HOUSEHOLD_TYPES,
    NATIONAL_RISK_TYPES,
    HouseholdType,
    MonitoringCategory,
    NationalRiskType,
    RiskType,
    categories_for,
)
from households.registry_import.columns import (
    CATEGORY_VALUES,
    ELIMINATED_VALUES,
    MSG_YES_NO,
    NO,
    RISK_LABELS,
    RISK_SEPARATORS,
    YES,
    choice_labels,
    choice_map,
)

MSG_UNKNOWN = "无法识别“{value}”，可填：{allowed}"
MSG_DATE = "无法识别“{value}”，应为日期，如 2023-05-06 或 2023年5月6日"
MSG_DATE_FUTURE = "{date} 晚于今天"
MSG_DATE_EARLY = "{date} 早于{year}年：防止返贫动态监测自{year}年起开展，请核对"
MSG_START_REQUIRED = "填写了监测对象类别的户须填写纳入监测时间"
MSG_CATEGORY_REQUIRED = "填写了纳入监测时间的户须填写监测对象类别（非监测对象请将纳入监测时间留空）"
MSG_CATEGORY_TYPE = "户类型为“{household_type}”的户不能是“{category}”，可填：{allowed}"
MSG_ELIMINATED_ON_REQUIRED = "风险是否消除为“是”的户须填写风险消除时间"
MSG_ELIMINATED_REQUIRED = "填写了风险消除时间的户，风险是否消除应填“是”（风险未消除的请将风险消除时间留空）"
MSG_ELIMINATED_BEFORE_START = "{date} 早于纳入监测时间 {start}"

# The first monitoring line is 2020's (seed 000 §三(一)1: "2020 年为 6000 元" sets the 2021 range), the year the
# national 防止返贫监测 began: an earlier date is a typing error (a birth date, a 建档立卡 date), not a start.
FIRST_MONITORING_YEAR = 2020

MONITORING_KEYS = frozenset(
    {"monitoring_category", "monitoring_start", "risk_types", "risk_eliminated", "risk_eliminated_on"}
)
_DIGITS = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
# The date shapes the department feeds accept too (alerts.ingest.cleaning): 2023-05-06, 2023/5/6, 2023.5.6,
# 2023年5月6日, 20230506, each optionally followed by a time (an Excel date cell reads 2023-05-06T00:00:00).
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ][\d:.]*)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SPLIT = re.compile(f"[{re.escape(RISK_SEPARATORS)}]")

_CATEGORIES = choice_map(MonitoringCategory) | dict(CATEGORY_VALUES)
_ELIMINATED = dict.fromkeys(YES, "t") | dict.fromkeys(NO, "f") | dict(ELIMINATED_VALUES)
_CATEGORY_LABELS = choice_labels(MonitoringCategory)
_SEED = choice_map(RiskType)
_NATIONAL = choice_map(NationalRiskType)
# The national codes that name one seed type outright, so that an imported household shows and filters by its risk
# like the others. Not the reverse of NATIONAL_RISK_TYPES as a whole: 因学 also covers school costs (seed type 7
# is a dropout), 因务工就业不稳 is not six months out of work, 缺劳动力 is not a labourer's death, and 因意外事故 may
# be a death or a property loss; those stay national codes only.
_SEED_OF_NATIONAL = {
    NationalRiskType.ILLNESS: RiskType.MEDICAL_COST,
    NationalRiskType.DISABILITY: RiskType.MEDICAL_COST,
    NationalRiskType.NATURAL_DISASTER: RiskType.DISASTER_LOSS,
    NationalRiskType.BUSINESS_FAILURE: RiskType.BUSINESS_FAILURE,
    NationalRiskType.HOUSING: RiskType.UNSAFE_HOUSING,
    NationalRiskType.DRINKING_WATER: RiskType.UNSAFE_WATER,
    NationalRiskType.OTHER: RiskType.OTHER,
}
# A seed type recorded under one national code only (唯一住房存在安全问题 → 因安全住房).
_NATIONAL_OF_SEED = {seed: codes[0] for seed, codes in NATIONAL_RISK_TYPES.items() if len(codes) == 1}
# The code lists' orders and the household types, read once: Django's Choices.values builds a new list each time.
_SEED_ORDER = tuple(RiskType.values)
_NATIONAL_ORDER = tuple(NationalRiskType.values)
_HOUSEHOLD_TYPES = frozenset(HouseholdType.values)


def parse_date(text: str) -> dt.date | None:
    text = (text if text.isascii() else text.translate(_DIGITS)).strip()  # _DIGITS maps no ASCII
    match = _DATE.match(text) or _DATE_COMPACT.match(text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_risks(text: str) -> tuple[list[str], list[str], list[str]]:
    """(seed types, national codes, unknown texts) of a 风险类型 cell, each list in its code list's order. A national
    code brings the seed type it names outright; a seed type brings its only national code when the cell gives
    national codes at all (given none, the ledgers derive them with the members, as for older records)."""
    seeds: set[str] = set()
    national: set[str] = set()
    unknown: list[str] = []
    for token in filter(None, (part.strip() for part in _SPLIT.split(text))):
        seed, code = _SEED.get(token), _NATIONAL.get(token)
        if seed is None and code is None:
            unknown.append(token)
        seeds.update(filter(None, (seed, _SEED_OF_NATIONAL.get(code or ""))))
        national.update(filter(None, (code,)))
    if national:
        national.update(_NATIONAL_OF_SEED[seed] for seed in seeds if seed in _NATIONAL_OF_SEED)
    return (
        [value for value in _SEED_ORDER if value in seeds],
        [value for value in _NATIONAL_ORDER if value in national],
        unknown,
    )


def _array(values: list[str]) -> str:
    # PostgreSQL array literal in COPY text; the codes are plain identifiers and need no quoting.
    return "{" + ",".join(values) + "}"


@dataclass
class Monitoring:
    """The row's monitoring values as COPY text (NULL where a cell is wrong) and its errors as (column key, reason)."""

    category: str = ""
    start: str = ""  # NULL when blank as well: a date column has no empty text
    risk_types: str = "{}"
    national_risk_types: str = "{}"
    eliminated: str = ""  # "t", "f", or NULL when blank (a member row leaving it to the head's) or wrong
    eliminated_on: str = ""  # NULL when blank or wrong, like start
    errors: list[tuple[str, str]] = field(default_factory=list)


def _check_date(text: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A date cell of the monitoring columns: the date (None when blank or wrong), and what is wrong with it."""
    day = parse_date(text) if text else None
    if text and day is None:
        return None, MSG_DATE.format(value=text)
    if day is not None and day > today:
        return None, MSG_DATE_FUTURE.format(date=day.isoformat())
    if day is not None and day.year < FIRST_MONITORING_YEAR:
        return None, MSG_DATE_EARLY.format(date=day.isoformat(), year=FIRST_MONITORING_YEAR)
    return day, None


def check_elimination(
    raw: dict[str, str], result: Monitoring, *, is_head: str, start: dt.date | None, today: dt.date, null: str
) -> None:
    """风险是否消除 and 风险消除时间: on the head's row, both or neither, the date not before the inclusion. Such a
    household is loaded without its category (staging.py), as an exit approved here leaves it."""
    fail = result.errors.append
    text = raw.get("risk_eliminated", "")
    eliminated = _ELIMINATED.get(text) if text else None
    if text and eliminated is None:
        fail(("risk_eliminated", MSG_YES_NO.format(value=text)))
    result.eliminated = eliminated or null
    day_text = raw.get("risk_eliminated_on", "")
    day, problem = _check_date(day_text, today)
    if problem is None and day is not None and start is not None and day < start:
        problem = MSG_ELIMINATED_BEFORE_START.format(date=day.isoformat(), start=start.isoformat())
    if problem is not None:
        fail(("risk_eliminated_on", problem))
    result.eliminated_on = day.isoformat() if day is not None and problem is None else null
    if is_head == "t" and (eliminated is not None or not text):
        if eliminated == "t" and not day_text:
            fail(("risk_eliminated_on", MSG_ELIMINATED_ON_REQUIRED))
        elif day_text and eliminated != "t":
            fail(("risk_eliminated", MSG_ELIMINATED_REQUIRED))


def check_monitoring(
    raw: dict[str, str], *, is_head: str, household_type: str, today: dt.date, null: str
) -> Monitoring:
    """`is_head` and `household_type` as the row checker read them ("t"/"f"/NULL, a HouseholdType value or NULL)."""
    if not any(map(raw.get, MONITORING_KEYS)):
        # A row leaving every monitoring cell blank (most rows): what the checks below come to for it, head or not.
        return Monitoring(category="", start=null, eliminated=null, eliminated_on=null)
    result = Monitoring()
    fail = result.errors.append

    text = raw.get("monitoring_category", "")
    category = _CATEGORIES.get(text) if text else ""
    if category is None:
        fail(("monitoring_category", MSG_UNKNOWN.format(value=text, allowed=_CATEGORY_LABELS)))
    result.category = null if category is None else category

    text = raw.get("monitoring_start", "")
    start, problem = _check_date(text, today)
    if problem is not None:
        fail(("monitoring_start", problem))
    result.start = start.isoformat() if start is not None else null

    # The head's row is the household's: both or neither, and a category its household type allows.
    if is_head == "t" and category is not None:
        if category and not text:
            fail(("monitoring_start", MSG_START_REQUIRED))
        elif text and not category:
            fail(("monitoring_category", MSG_CATEGORY_REQUIRED))
        # 脱贫不稳定户 are lifted-out households, 边缘易致贫户 never registered poor (households.choices).
        if (
            category
            and household_type in _HOUSEHOLD_TYPES
            and household_type not in CATEGORY_HOUSEHOLD_TYPES[MonitoringCategory(category)]
        ):
            message = MSG_CATEGORY_TYPE.format(
                household_type=HouseholdType(household_type).label,
                category=MonitoringCategory(category).label,
                allowed="、".join(str(label) for _, label in categories_for(household_type)),
            )
            fail(("monitoring_category", message))

    text = raw.get("risk_types", "")
    if text:
        seeds, national, unknown = parse_risks(text)
        if unknown:
            fail(("risk_types", MSG_UNKNOWN.format(value="、".join(unknown), allowed=RISK_LABELS)))
            result.risk_types = result.national_risk_types = null
        else:
            result.risk_types, result.national_risk_types = _array(seeds), _array(national)
    check_elimination(raw, result, is_head=is_head, start=start, today=today, null=null)
    return result
