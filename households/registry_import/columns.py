"""The file layout of the go-live import: one row per member, Chinese headers, Chinese labels in code columns.

This table is the single description of the layout: the reader finds the columns by it, the row checks read
the accepted values from it, and the template workbook documents it for the county bureau.
"""

import re
from dataclasses import dataclass

from django.db import models

from households.choices import (
    AssistanceStatus,
    DisabilityGrade,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourSkill,
    Relation,
    StudentStage,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool  # the header must be present (a required header's cell may still be blank on member rows)
    note: str
    example: str
    choices: type[models.TextChoices] | None = None


YES_NO = "是/否"
COLUMNS: tuple[Column, ...] = (
    Column("number", "户编号", True, "同一户的成员填写相同的户编号（最长32位）", "3604251002010001"),
    Column("village_code", "村代码", True, "12位村代码，或15位村民小组代码（村代码加3位组号）", "360425100201001"),
    Column("is_head", "是否户主", True, "每户有且只有一名“是”，其与户主关系应为“户主”", "是"),
    Column("name", "姓名", True, "必填", "张大山"),
    Column("id_number", "身份证号", True, "18位居民身份证号（请将该列设为文本格式）；性别、出生日期由号码得出", ""),
    Column("relation", "与户主关系", True, "", "户主", Relation),
    Column("ethnicity", "民族", False, "空白按“汉族”", "汉族"),
    Column("education", "文化程度", False, "", "初中", Education),
    Column("student_stage", "在校生状况", False, "空白按“非在校生”", "非在校生", StudentStage),
    Column("health", "健康状况", False, "空白按“健康”；“残疾”须填写残疾等级", "健康", Health),
    Column("disability_grade", "残疾等级", False, "仅健康状况为“残疾”时填写", "", DisabilityGrade),
    Column("labour_skill", "劳动技能", False, "", "普通劳动力", LabourSkill),
    Column("employment_place", "务工地点", False, "空白按“未务工”", "省外", EmploymentPlace),
    Column("employment_months", "务工时间（月）", False, "0到12的整数，空白按0", "10"),
    Column("medical_insurance", "参加医保", False, "空白按“是”", "是"),
    Column("pension_insurance", "参加养老保险", False, "空白按“否”", "是"),
    Column("assistance_status", "低保特困", False, "空白按“无”", "无", AssistanceStatus),
    Column("household_type", "户类型", True, "户主所在行必填；其他成员可留空", "脱贫户", HouseholdType),
    Column("phone", "联系电话", False, "取户主所在行", "13907920001"),
    Column("address", "住址", False, "取户主所在行", "涂埠镇城南村3号"),
)
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_HEADERS = [column.header for column in COLUMNS if column.required]
HEADER_SEARCH_ROWS = 5  # a title row (or a few) may stand above the header
LINE_HEADER = "行号"
REASON_HEADER = "错误原因"


def normalize_header(text: str) -> str:
    """Headers as people type them: surrounding or inner spaces, half-width brackets, a "*" marking required."""
    text = re.sub(r"\s+", "", text.lstrip("\ufeff")).replace("(", "（").replace(")", "）")
    return text.strip("*＊")


HEADER_KEYS = {normalize_header(column.header): column.key for column in COLUMNS}


def choice_map(choices: type[models.TextChoices]) -> dict[str, str]:
    """Accepted cell text → stored value: the Chinese label, and the stable code as scripts export it."""
    return {str(label): value for value, label in choices.choices} | {value: value for value in choices.values}


def choice_labels(choices: type[models.TextChoices]) -> str:
    return "、".join(str(label) for label in choices.labels)


YES = frozenset({"是", "Y", "y", "1", "TRUE", "True", "true", "√"})
NO = frozenset({"否", "N", "n", "0", "FALSE", "False", "false", "×"})


def allowed_text(column: Column) -> str:
    if column.choices is not None:
        return choice_labels(column.choices)
    if column.key in {"is_head", "medical_insurance", "pension_insurance"}:
        return YES_NO
    return column.note


def layout() -> list[dict[str, object]]:
    """The columns as the upload page documents them."""
    rows = []
    for column in COLUMNS:
        allowed = allowed_text(column)
        explain = "；".join(part for part in dict.fromkeys((column.note, allowed)) if part)
        rows.append({"header": column.header, "required": column.required, "explain": explain})
    return rows
