"""Row checks of the go-live import: each member row on its own, in Python, before it is staged.

A checked row becomes one line of PostgreSQL COPY text for the staging table: the stored values (NULL where a
cell is wrong), the row's errors as "列名：原因" and the original cells for the error workbook. The checks that
need the whole household or the database run afterwards in SQL (households.registry_import.staging).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from households import idnumber
from households.choices import Health, RegionLevel, Relation, Sex
from households.models import Household, Member, Region
from households.names import name_error, normalize_name
from households.registry_import.columns import (
    BY_KEY,
    COLUMNS,
    EXAMPLE_ID,
    EXAMPLE_NAME,
    EXAMPLE_NUMBER,
    MSG_YES_NO,
    NO,
    NO_ID_NOTE,
    YES,
    choice_labels,
    choice_map,
)
from households.registry_import.income import check_income
from households.registry_import.living import GONE, check_status
from households.registry_import.monitoring import MONITORING_KEYS, MSG_DATE, check_monitoring, parse_date
from households.registry_import.reader import NUMERIC_ID
from households.services.members import (
    MSG_DISABILITY_GRADE,
    MSG_GRADE_NOT_DISABLED,
    MSG_MONTHS_RANGE,
    MSG_SPOUSE_UNDER_16,
    age_on,
)
from households.services.newborn import without_number_errors
from households.services.relations import relation_sex_message

MSG_REQUIRED = "不能为空"
MSG_TOO_LONG = "不能超过{n}个字"
MSG_UNKNOWN_VALUE = "无法识别“{value}”，可填：{allowed}"
MSG_NUMERIC_CODE = "被 Excel 存成了数字，末几位已丢失：请把该列设为文本格式后重新填写"
# A CSV saved by Excel writes a long number as it shows it (3.60425E+17): its digits are gone.
MSG_SCIENTIFIC = "“{value}”被 Excel 存成了科学计数法，请把该列设为文本后重新填写"
# A member row without 户编号 right after a household's rows: a 户编号 merged down the household (a CSV or a sheet
# whose merge was undone keeps it on the first row only). Not a household of its own, nor its member silently:
# the household is refused whole, rather than imported without the row.
MSG_NUMBER_CONTINUED = (
    "户编号为空：如是合并单元格，请取消合并并逐行填写。"
    "本行紧接在户编号 {number} 的成员行之后，为免只导入半户，该户整户未导入"
)
MSG_CODE_SHAPE = "应为12位村代码或15位村民小组代码"
MSG_CODE_UNKNOWN = "区划代码 {code} 不存在：新设的村或村民小组请先由系统管理员在“行政区划”中添加"
MSG_CODE_RETIRED = "区划代码 {code}（{name}）已撤销，请填写现用的村或村民小组代码"
MSG_CODE_LEVEL = "区划代码 {code} 是{level}，应填写村或村民小组的代码"
MSG_CODE_SCOPE = "区划代码 {code} 不属于本县（本县的区划代码以 {county} 开头），请核对村代码"
MSG_MONTHS = "应为0到12的整数"
MSG_HEAD_RELATION = "是否户主为“是”的成员，与户主关系应为“户主”"
MSG_NOT_HEAD_RELATION = "是否户主为“否”的成员，与户主关系不能为“户主”"
MSG_HOUSEHOLD_TYPE = "户主所在行须填写户类型"
MSG_EXAMPLE_ROW = "第{lines}行是模板示例行，请删除后再导入"
MSG_ID_REQUIRED = f"不能为空；{NO_ID_NOTE}"
MSG_TYPED_COLUMNS = "（文件中没有“性别”“出生日期”列的请加上）"
MSG_SEX_DIFFERS = "“{typed}”与身份证号中的性别（{id}）不符，请核对身份证号或性别"
MSG_BIRTH_DIFFERS = "{typed} 与身份证号中的出生日期 {id} 不符，请核对身份证号或出生日期"

STAGING_COLUMNS = (
    "line", "number", "is_head", "village_code", "village_id", "group_id", "region_path", "name", "id_number",
    "relation", "sex", "birth_date", "ethnicity", "education", "student_stage", "health", "disability_grade",
    "labour_skill", "employment_place", "employment_months", "medical_insurance", "employee_medical_insurance",
    "pension_insurance", "assistance_status", "household_type", "phone", "address", "grid_name",
    "monitoring_category", "monitoring_start", "risk_types", "national_risk_types", "risk_eliminated",
    "risk_eliminated_on", "income_year", "income_amounts", "living_status", "status_changed_on", "left_reason",
    "left_note", "error", "raw",
)  # fmt: skip
NULL = r"\N"
CELL_SEPARATOR = "\x1f"  # ASCII unit separator: XLSX cannot contain it, CSV cells practically never do
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]*)?[eE][+]?[0-9]+")
_MAX_LENGTH = {key: Household._meta.get_field(key).max_length for key in ("number", "phone", "address")} | {
    key: Member._meta.get_field(key).max_length for key in ("name", "ethnicity")
}
_CHOICES = {
    c.key: (choice_map(c.choices) | dict(c.values), choice_labels(c.choices))
    for c in COLUMNS
    if c.choices is not None and c.key not in MONITORING_KEYS
}
_DEFAULTS = {
    "ethnicity": "汉族",
    "student_stage": "none",
    "health": Health.HEALTHY.value,
    "employment_place": "none",
    "assistance_status": "none",
}
_BOOL_DEFAULTS = {
    "is_head": None,
    "medical_insurance": "t",
    "employee_medical_insurance": "f",
    "pension_insurance": "f",
}


def code_text(raw: str) -> str:
    """A code cell (户编号, 村代码, 身份证号) as meant: full-width digits as ASCII, and without the apostrophe that
    Excel takes as "this cell is text" ('360425…), which a CSV or a pasted cell may keep."""
    text = raw.strip()
    if not text.isascii():  # the table maps only full-width digits: ASCII text is left as it is
        text = text.translate(_DIGITS)
    if text[:1] in ("'", "＇"):
        text = text[1:].strip()
    return text


def scientific(text: str) -> bool:
    """Whether a code cell is a number as Excel shows a long one (3.60425E+17), its digits lost."""
    return ("E" in text or "e" in text) and _SCIENTIFIC.fullmatch(text) is not None


def copy_text(value: str) -> str:
    """A value for PostgreSQL COPY text format: backslash, tab and line breaks escaped."""
    # Four substring tests cost half the one regex search, and this runs for several cells a row.
    if "\\" not in value and "\t" not in value and "\n" not in value and "\r" not in value:
        return value
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def join_cells(cells: list[str]) -> str:
    """The original cells in one staging column, separated by a character that a spreadsheet cannot hold."""
    joined = CELL_SEPARATOR.join(cells)
    if joined.count(CELL_SEPARATOR) != len(cells) - 1:
        joined = CELL_SEPARATOR.join(cell.replace(CELL_SEPARATOR, "") for cell in cells)
    return joined


@dataclass(frozen=True)
class Place:
    village_id: int
    group_id: int | None
    path: str  # the group's path if the code names a group, else the village's


def region_places(scope: str) -> tuple[dict[str, Place], dict[str, tuple[str, str]]]:
    """Villages and groups of the scope by code, none retired (撤销); and every known code's (level, the name of a
    retired one, else "") for precise messages."""
    known: dict[str, tuple[str, str]] = {}
    places: dict[str, Place] = {}
    rows = Region.objects.values_list("pk", "code", "level", "path", "parent_id", "is_active", "name")
    for pk, code, level, path, parent_id, active, name in rows:
        known[code] = (level, "" if active else name)
        if not path.startswith(scope) or not active:
            continue
        if level == RegionLevel.VILLAGE:
            places[code] = Place(village_id=pk, group_id=None, path=path)
        elif level == RegionLevel.GROUP and parent_id is not None:
            places[code] = Place(village_id=parent_id, group_id=pk, path=path)
    return places, known


class RowChecker:
    """Turns one member row into a staging line. Counts the rows it saw."""

    def __init__(self, *, columns: dict[str, int], keep: list[int], scope: str, today: dt.date) -> None:
        self.columns = columns
        self.keep = keep
        self.scope = scope
        self.today = today
        self.places, self.known = region_places(scope)
        self.width = max([*columns.values(), *keep], default=-1) + 1
        self.keep_all = keep == list(range(self.width))  # every cell of a row as wide as the header (the usual file)
        self.rows = 0
        self.example_lines: list[int] = []  # the template's example row, refused wherever it stands
        self.previous_number = ""  # the 户编号 of the row before, if it had one (see MSG_NUMBER_CONTINUED)
        typed = "sex" in columns and "birth_date" in columns
        self.id_required = MSG_ID_REQUIRED + ("" if typed else MSG_TYPED_COLUMNS)

    @property
    def only_examples(self) -> str:
        """The refusal of a file whose every row is the template's example: nothing in it to import."""
        if not self.rows or len(self.example_lines) < self.rows:
            return ""
        return MSG_EXAMPLE_ROW.format(lines="、".join(str(line) for line in self.example_lines[:10])) + "。"

    def _code(self, raw: str) -> tuple[str, Place | None, str | None]:
        code = code_text(raw)
        place = self.places.get(code)
        if place is not None:
            return code, place, None
        if scientific(code):
            return code, None, MSG_SCIENTIFIC.format(value=code)
        if not (code.isascii() and code.isdigit()) or len(code) not in (12, 15):
            return code, None, MSG_CODE_SHAPE
        # A code begins with its county's (a region's path is its code's significant prefix), known here or not.
        if not code.startswith(self.scope):
            return code, None, MSG_CODE_SCOPE.format(code=code, county=self.scope)
        if code not in self.known:
            return code, None, MSG_CODE_UNKNOWN.format(code=code)
        level, retired = self.known[code]
        if retired:
            return code, None, MSG_CODE_RETIRED.format(code=code, name=retired)
        return code, None, MSG_CODE_LEVEL.format(code=code, level=RegionLevel(level).label)

    def __call__(self, line: int, cells: list[str]) -> str | None:
        if not any(cell.strip() for cell in cells):
            self.previous_number = ""
            return None
        self.rows += 1
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        raw = {key: cells[index].strip() for key, index in self.columns.items()}
        errors: list[str] = []

        def fail(key: str, message: str) -> None:
            errors.append(f"{BY_KEY[key].header}：{message}")

        values: dict[str, Any] = {}
        number = raw["number"]
        if number.startswith(NUMERIC_ID):
            fail("number", MSG_NUMERIC_CODE)
            number = number.removeprefix(NUMERIC_ID)
        else:
            number = code_text(number)
        if scientific(number):
            fail("number", MSG_SCIENTIFIC.format(value=number))
            number = ""  # in no household: the digits that would tell which are lost
        elif not number and self.previous_number and raw.get("is_head", "") not in YES:
            errors.append(MSG_NUMBER_CONTINUED.format(number=self.previous_number))
            number = self.previous_number  # refused with the household it follows
        elif not number:
            fail("number", MSG_REQUIRED)
        raw["number"] = self.previous_number = number
        raw["name"] = normalize_name(raw["name"])  # as the member service keeps it (households.names)
        for key in ("number", "name", "ethnicity", "phone", "address"):
            text = raw.get(key, "")
            if len(text) > _MAX_LENGTH[key]:
                fail(key, MSG_TOO_LONG.format(n=_MAX_LENGTH[key]))
            values[key] = copy_text(text) if text else _DEFAULTS.get(key, "")
        if not raw["name"]:
            fail("name", MSG_REQUIRED)
        elif message := name_error(raw["name"]):
            fail("name", message.rstrip("。"))

        # 职工医保 read first: a blank 参加医保 (城乡居民医保) is "是" unless the member is in 职工医保 (one scheme).
        for key in ("is_head", "employee_medical_insurance", "medical_insurance", "pension_insurance"):
            text = raw.get(key, "")
            if text in YES:
                values[key] = "t"
            elif text in NO or (
                not text and key == "medical_insurance" and values["employee_medical_insurance"] == "t"
            ):
                values[key] = "f"
            elif not text and key != "is_head":
                values[key] = _BOOL_DEFAULTS[key]
            else:
                values[key] = NULL
                fail(key, MSG_YES_NO.format(value=text) if text else MSG_REQUIRED)

        for key, (mapping, allowed) in _CHOICES.items():
            text = raw.get(key, "")
            if not text:
                values[key] = _DEFAULTS.get(key, "")
                if key == "relation":
                    fail(key, MSG_REQUIRED)
                    values[key] = NULL
                continue
            value = mapping.get(text)
            if value is None:
                fail(key, MSG_UNKNOWN_VALUE.format(value=text, allowed=allowed))
                values[key] = NULL
            else:
                values[key] = value

        # Member rows may leave the household's columns blank: the head's row carries them.
        code, place, problem = self._code(raw["village_code"])
        if code and problem is not None:
            fail("village_code", problem)
        elif not code and values["is_head"] != "f":
            fail("village_code", MSG_REQUIRED)
        values["village_code"] = copy_text(code)

        id_number, sex, birth = self._person(raw, values, fail)
        status = check_status(raw, birth=birth, today=self.today, null=NULL)

        months_text = raw.get("employment_months", "")
        if not months_text.isascii():
            months_text = months_text.translate(_DIGITS)
        months = "0"
        if months_text:
            if months_text.isascii() and months_text.isdigit() and 0 <= int(months_text) <= 12:
                months = str(int(months_text))
            else:
                numeric = months_text.isascii() and months_text.isdigit()
                fail("employment_months", MSG_MONTHS_RANGE.rstrip("。") if numeric else MSG_MONTHS)
                months = NULL

        health, grade = values["health"], values["disability_grade"]
        if health == Health.DISABLED and not grade:
            fail("disability_grade", MSG_DISABILITY_GRADE.rstrip("。"))
        elif grade and grade != NULL and health not in (Health.DISABLED, NULL):
            fail("disability_grade", MSG_GRADE_NOT_DISABLED.rstrip("。"))
        is_head, relation = values["is_head"], values["relation"]
        if is_head == "t" and relation not in (Relation.HEAD, NULL):
            fail("relation", MSG_HEAD_RELATION)
        elif is_head == "f" and relation == Relation.HEAD and status.status not in GONE:
            fail("relation", MSG_NOT_HEAD_RELATION)  # a former head who died or moved out stays 户主 (原户主)
        if is_head == "t" and not raw.get("household_type"):
            fail("household_type", MSG_HOUSEHOLD_TYPE)
        monitoring = check_monitoring(
            raw, is_head=is_head, household_type=values["household_type"], today=self.today, null=NULL
        )
        income = check_income(raw, is_head=is_head, today=self.today, null=NULL)
        for key, message in [*status.errors, *monitoring.errors, *income.errors]:
            fail(key, message)

        kept = join_cells(cells if self.keep_all and len(cells) == self.width else [cells[i] for i in self.keep])
        # The household number first: only a row that has the example's goes on to normalise its ID number.
        if (
            number == EXAMPLE_NUMBER
            and raw["name"] == EXAMPLE_NAME
            and idnumber.normalize(raw["id_number"]) == EXAMPLE_ID
        ):
            # The template's example: refused alone, in no household and holding no number (so that neither an
            # earlier import of it nor the registry adds to the message).
            self.example_lines.append(line)
            errors, number, id_number = [MSG_EXAMPLE_ROW.format(lines=line)], "", NULL
            self.previous_number = ""
        return "\t".join((
            str(line), values["number"] if number else NULL, is_head, values["village_code"],
            str(place.village_id) if place else NULL, str(place.group_id) if place and place.group_id else NULL,
            place.path if place else NULL, values["name"], id_number, relation, sex, birth, values["ethnicity"],
            values["education"], values["student_stage"], health, grade, values["labour_skill"],
            values["employment_place"], months, values["medical_insurance"],
            values["employee_medical_insurance"], values["pension_insurance"], values["assistance_status"],
            values["household_type"], values["phone"], values["address"], copy_text(raw.get("grid", "")),
            monitoring.category, monitoring.start, monitoring.risk_types, monitoring.national_risk_types,
            monitoring.eliminated, monitoring.eliminated_on, income.year, income.amounts, status.status, status.on,
            status.reason, copy_text(status.note), copy_text("；".join(errors)) if errors else NULL, copy_text(kept),
        )) + "\n"  # fmt: skip

    def _person(
        self, raw: dict[str, str], values: dict[str, Any], fail: Callable[[str, str], None]
    ) -> tuple[str, str, str]:
        """The row's ID number, sex and birth date as COPY text: read from the number; or, for a baby without one
        yet (暂无身份证号), the sex and birth date typed, under the member form's rule (households.services.newborn)."""
        typed_sex = values["sex"]  # "" when blank, NULL when unreadable (said already)
        birth_text = raw.get("birth_date", "")
        typed_birth = parse_date(birth_text) if birth_text else None
        if birth_text and typed_birth is None:
            fail("birth_date", MSG_DATE.format(value=birth_text))
        id_number = raw["id_number"]
        if id_number.startswith(NUMERIC_ID):
            fail("id_number", MSG_NUMERIC_CODE)
            return NULL, NULL, NULL
        id_number = code_text(id_number)
        if scientific(id_number):
            fail("id_number", MSG_SCIENTIFIC.format(value=id_number))
            return NULL, NULL, NULL
        if not id_number:
            if not raw.get("sex") and not birth_text:
                fail("id_number", self.id_required)
                return NULL, NULL, NULL
            unreadable = {"sex"} if typed_sex == NULL else set()
            if birth_text and typed_birth is None:
                unreadable.add("birth_date")
            given = {"sex": typed_sex, "birth_date": typed_birth}
            problems = without_number_errors(given, number="", today=self.today, changed=None)
            problems = [(key, message) for key, message in problems if key not in unreadable]
            for key, message in problems:
                fail(key, message.rstrip("。"))
            if problems or unreadable or typed_birth is None:
                return NULL, NULL, NULL
            sex, day, typed = typed_sex, typed_birth, True
        else:
            try:
                # An unknown province code is loaded as the national system has it: 数据逻辑校验 lists it.
                info = idnumber.parse(id_number, today=self.today, known_region=False)
            except ValidationError as error:
                fail("id_number", error.messages[0].rstrip("。"))
                return NULL, NULL, NULL
            sex, day, typed, id_number = info.sex, info.birth_date, False, info.number
            # Typed beside a number (as a national export may), they must agree with it.
            if typed_sex not in ("", NULL) and typed_sex != sex:
                fail("sex", MSG_SEX_DIFFERS.format(typed=raw["sex"], id=Sex(sex).label))
            if typed_birth is not None and typed_birth != day:
                fail("birth_date", MSG_BIRTH_DIFFERS.format(typed=typed_birth.isoformat(), id=day.isoformat()))
        if values["relation"] == Relation.SPOUSE and age_on(day, self.today) < 16:
            fail("relation", MSG_SPOUSE_UNDER_16.rstrip("。"))
        # Refused as the member form refuses it (之女 whose ID number, or typed sex, says male).
        elif message := relation_sex_message(values["relation"], sex, typed=typed):
            fail("relation", message.rstrip("。"))
        return id_number, sex, day.isoformat()
