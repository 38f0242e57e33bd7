"""The file layout of the go-live import: one row per member, Chinese headers, Chinese labels in code columns.

This table is the single description of the layout: the reader finds the columns by it, the row checks read
the accepted values from it, and the template workbook documents it for the county bureau.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models

from households import idnumber
from households.choices import (
    AssistanceStatus,
    DisabilityGrade,
    Education,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourSkill,
    LivingStatus,
    MonitoringCategory,
    NationalRiskType,
    Relation,
    RiskType,
    Sex,
    StudentStage,
)
from households.models import HouseholdIncome
from households.services.income import AMOUNT_FIELDS, FIRST_YEAR


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool  # the header must be present (a required header's cell may still be blank on member rows)
    note: str
    example: str
    choices: type[models.TextChoices] | None = None
    aliases: tuple[str, ...] = ()  # other header texts for the column, as other exports name it
    values: tuple[tuple[str, str], ...] = ()  # other cell texts accepted → stored value (beside label and code)


# The national system's monitoring columns (DOMAIN.md "Registry", seed 000 §三(二)): a household already monitored
# there keeps its category, its start and its risks; without them it would arrive as an ordinary household.
CATEGORY_VALUES = (
    ("脱贫不稳定", MonitoringCategory.UNSTABLE_LIFTED_OUT),
    ("边缘易致贫", MonitoringCategory.MARGINAL),
    ("边缘户", MonitoringCategory.MARGINAL),
    ("突发严重困难", MonitoringCategory.SUDDEN_HARDSHIP),
    ("突发困难户", MonitoringCategory.SUDDEN_HARDSHIP),
    ("非监测对象", ""),
    ("无", ""),
)
RISK_SEPARATORS = "、,，;；"
YES_NO = "是/否"
BOOL_KEYS = ("medical_insurance", "employee_medical_insurance", "pension_insurance")  # a member's yes/no cells
MSG_YES_NO = "应填“是”或“否”，不能是“{value}”"
# 风险是否消除 as other exports word it (beside 是/否 and their aliases, YES and NO below).
ELIMINATED_VALUES = (("已消除", "t"), ("风险消除", "t"), ("已标注风险消除", "t"), ("未消除", "f"))
# The template's example household (workbook.template_workbook), recognised by these three cells and refused
# (rows.py): a template uploaded unchanged must not register 张大山 in the county's first village.
EXAMPLE_NUMBER = "3604251002019999"  # sequence 9999: the example is not a household of the village
EXAMPLE_NAME = "张大山"
EXAMPLE_ID = idnumber.make("360425", dt.date(1968, 3, 12), 11)
# 人员状态 as the national system and other exports write it (households.registry_import.status reads them).
STATUS_VALUES = (
    ("正常", LivingStatus.LIVING),
    ("在世", LivingStatus.LIVING),
    ("健在", LivingStatus.LIVING),
    ("死亡", LivingStatus.DECEASED),
    ("已故", LivingStatus.DECEASED),
    ("去世", LivingStatus.DECEASED),
    ("已去世", LivingStatus.DECEASED),
    ("迁出", LivingStatus.MOVED_OUT),
    ("已迁出", LivingStatus.MOVED_OUT),
)
STATUS_NOTE = "正常、在世、健在（在世成员）；死亡、已故、去世（按已故导入）；迁出（按迁出导入）"
# A bare 状态 may be the household's (户状态) in some exports: read as 人员状态 only when the header names no other
# status column and has it once (reader.find_header).
WEAK_STATUS_HEADER = "状态"
# 暂无身份证号 (households.services.newborn): a baby not yet registered in the 户口 comes with its sex and birth date.
NO_ID_NOTE = "一周岁以下尚未落户、暂无身份证号的婴儿可留空，须填写性别和出生日期"
TYPED_NOTE = "有身份证号的成员由号码得出，可留空（填写的须与号码一致）"
COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "户编号",
        True,
        "16位：户主所在村的12位区划代码加4位序号（0001起）；同一户的成员填写相同的户编号",
        EXAMPLE_NUMBER,
    ),
    Column("village_code", "村代码", True, "12位村代码，或15位村民小组代码（村代码加3位组号）", "360425100201001"),
    Column("is_head", "是否户主", True, "每户有且只有一名“是”，其与户主关系应为“户主”", "是"),
    Column("name", "姓名", True, "必填", EXAMPLE_NAME),
    Column(
        "id_number",
        "身份证号",
        True,
        f"18位居民身份证号（请将该列设为文本格式）；性别、出生日期由号码得出；{NO_ID_NOTE}",
        EXAMPLE_ID,
    ),
    Column(
        "sex",
        "性别",
        False,
        f"暂无身份证号的婴儿必填；{TYPED_NOTE}",
        "",
        Sex,
        aliases=("成员性别",),
        values=(("男性", Sex.MALE.value), ("女性", Sex.FEMALE.value)),
    ),
    Column(
        "birth_date",
        "出生日期",
        False,
        f"暂无身份证号的婴儿必填，如 2026-03-01 或 2026年3月1日，须不满一周岁；{TYPED_NOTE}",
        "",
        aliases=("出生年月日", "出生时间"),
    ),
    Column("relation", "与户主关系", True, "", "户主", Relation),
    Column("ethnicity", "民族", False, "空白按“汉族”", "汉族"),
    Column("education", "文化程度", False, "", "初中", Education),
    Column("student_stage", "在校生状况", False, "空白按“非在校生”", "非在校生", StudentStage),
    Column("health", "健康状况", False, "空白按“健康”；“残疾”须填写残疾等级", "健康", Health),
    Column("disability_grade", "残疾等级", False, "仅健康状况为“残疾”时填写", "", DisabilityGrade),
    Column("labour_skill", "劳动技能", False, "", "普通劳动力", LabourSkill),
    Column("employment_place", "务工地点", False, "空白按“未务工”", "省外", EmploymentPlace),
    Column("employment_months", "务工时间（月）", False, "0到12的整数，空白按0", "10"),
    Column("medical_insurance", "参加医保", False, "城乡居民医保；空白按“是”，参加职工医保的按“否”", "是"),
    Column(
        "employee_medical_insurance",
        "参加职工医保",
        False,
        "职工基本医疗保险（如在城镇单位就业参保）；空白按“否”",
        "否",
        aliases=("参加职工基本医疗保险", "职工医保"),
    ),
    Column("pension_insurance", "参加养老保险", False, "空白按“否”", "是"),
    Column("assistance_status", "低保特困", False, "空白按“无”", "无", AssistanceStatus),
    # The national system's member status (status.py): a member who died or moved out is imported as such, never
    # counted as living (household size, 人均纯收入, the 明白卡).
    Column(
        "living_status",
        "人员状态",
        False,
        "空白按“正常”；已故、迁出的成员按其状态导入，不计入户人数和人均纯收入",
        "正常",
        aliases=("成员状态", "人口状态", WEAK_STATUS_HEADER),
    ),
    Column(
        "status_changed_on",
        "状态变更日期",
        False,
        "仅人员状态为已故或迁出的成员填写（去世或迁出的日期），如 2024-03-01 或 2024年3月1日；"
        "不晚于今天、不早于出生日期；空白的导入后显示“日期未填”",
        "",
        aliases=("死亡日期", "去世日期", "迁出日期", "变更日期", "人员状态变更日期", "状态变化日期"),
    ),
    # The 减少原因 of a member moved out, as the 标记已故/迁出 form asks it (living.LEAVE_VALUES).
    Column(
        "left_reason",
        "减少原因",
        False,
        "仅人员状态为迁出的成员填写：婚出、外出务工、升学、参军，或“其他（写明原因）”；空白的记为“未记录”；"
        "已故的成员减少原因均为“死亡”，不读此列",
        "",
        aliases=("迁出原因",),
    ),
    Column("household_type", "户类型", True, "户主所在行必填；其他成员可留空", "脱贫户", HouseholdType),
    Column("phone", "联系电话", False, "取户主所在行", "13907920001"),
    Column("address", "住址", False, "取户主所在行；可只写组和门牌号", "一组3号"),
    # The household's grid (households.registry_import.grids): without it a grid-limited cadre would see none.
    Column(
        "grid",
        "网格",
        False,
        "取户主所在行；该村已建网格的名称，如 第一网格（不新建网格，名称须与本村的网格一致）；空白的不划入网格，"
        "导入后可在“分配网格”中批量分配",
        "第一网格",
        aliases=("所属网格", "网格名称"),
    ),
    Column(
        "monitoring_category",
        "监测对象类别",
        False,
        "取户主所在行；国家系统中的监测对象填写，非监测对象留空；已标注“风险消除”的户可填原来的类别（导入后不再是"
        "监测对象，原类别记入变更记录）；须同时填写纳入监测时间；脱贫不稳定户须为脱贫户，边缘易致贫户须为一般农户",
        "脱贫不稳定户",
        MonitoringCategory,
        aliases=("监测类别", "监测对象类型", "监测户类别"),
        values=CATEGORY_VALUES,
    ),
    Column(
        "monitoring_start",
        "纳入监测时间",
        False,
        "取户主所在行；监测对象必填，如 2023-05-06 或 2023年5月6日，不早于2020年、不晚于今天",
        "2023-05-06",
        aliases=("纳入监测日期", "识别纳入时间", "识别纳入日期", "纳入时间"),
    ),
    Column(
        "risk_types",
        "风险类型",
        False,
        "取户主所在行；可填一个或多个，用“、”或逗号分隔；国家系统的风险类型或本县十类监测类型均可",
        "因病",
        aliases=("监测风险类型", "风险类别", "致贫返贫风险类型", "返贫致贫风险"),
    ),
    # 003 §二2(2): a household marked 风险消除 in the national system whose risk returns is re-marked (风险再标注),
    # so the import keeps that mark instead of bringing it as a household never monitored.
    Column(
        "risk_eliminated",
        "风险是否消除",
        False,
        "取户主所在行；国家系统中已标注“风险消除”的户填“是”，须同时填写风险消除时间；导入后不是监测对象，"
        "再出现风险时走风险再标注程序；空白按“否”",
        "否",
        aliases=("是否风险消除", "风险是否已消除", "是否已消除风险", "是否消除风险", "风险消除状态", "风险消除情况"),
        values=ELIMINATED_VALUES,
    ),
    Column(
        "risk_eliminated_on",
        "风险消除时间",
        False,
        "取户主所在行；风险是否消除为“是”的户必填，如 2024-03-01 或 2024年3月1日，不早于纳入监测时间、不晚于今天",
        "",
        aliases=("风险消除日期", "消除风险时间", "消除风险日期", "标注风险消除时间", "风险消除标注时间"),
    ),
)
# The household's income of one year (households.models.HouseholdIncome), so that screening's income rule can fire
# from the first day; households.registry_import.income checks and loads them.
# The income service's range (households.services.income.FIRST_YEAR), as entry on the page and the API.
INCOME_YEAR_NOTE = f"取户主所在行；填写收入的户必填，{FIRST_YEAR}年到今年之间的年份，如 2025"
INCOME_AMOUNT_NOTE = "取户主所在行；金额（元），不小于0，最多两位小数，可带“元”和千分位逗号；填写了收入年度的户空白按0"
INCOME_EXAMPLES = ("24000", "6000", "0", "3600", "2000", "1500", "0", "0", "0")
INCOME_COLUMNS = (
    Column("income_year", "收入年度", False, INCOME_YEAR_NOTE, "2025", aliases=("收支年度", "收入年份")),
    *(
        Column(name, str(HouseholdIncome._meta.get_field(name).verbose_name), False, INCOME_AMOUNT_NOTE, example)
        for name, example in zip(AMOUNT_FIELDS, INCOME_EXAMPLES, strict=True)
    ),
)
COLUMNS += INCOME_COLUMNS
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_HEADERS = [column.header for column in COLUMNS if column.required]
HEADER_SEARCH_ROWS = 5  # a title row (or a few) may stand above the header
LINE_HEADER = "行号"
REASON_HEADER = "错误原因"


def normalize_header(text: str) -> str:
    """Headers as people type them: surrounding or inner spaces, half-width brackets, a "*" marking required."""
    text = re.sub(r"\s+", "", text.lstrip("\ufeff")).replace("(", "（").replace(")", "）")
    return text.strip("*＊")


HEADER_KEYS = {normalize_header(text): column.key for column in COLUMNS for text in (column.header, *column.aliases)}


def choice_map(choices: type[models.TextChoices]) -> dict[str, str]:
    """Accepted cell text → stored value: the Chinese label, and the stable code as scripts export it."""
    return {str(label): value for value, label in choices.choices} | {value: value for value in choices.values}


def choice_labels(choices: type[models.TextChoices]) -> str:
    return "、".join(str(label) for label in choices.labels)


RISK_LABELS = f"{choice_labels(NationalRiskType)}（国家系统）；或{choice_labels(RiskType)}"


YES = frozenset({"是", "Y", "y", "1", "TRUE", "True", "true", "√"})
NO = frozenset({"否", "N", "n", "0", "FALSE", "False", "false", "×"})


def allowed_text(column: Column) -> str:
    if column.choices is not None:
        return choice_labels(column.choices)
    if column.key == "risk_types":
        return RISK_LABELS
    if column.key in {"is_head", *BOOL_KEYS, "risk_eliminated"}:
        return YES_NO
    if column.key == "living_status":
        return STATUS_NOTE
    return ""  # free text: the column's note says what to write


def layout() -> list[dict[str, object]]:
    """The columns as the upload page documents them."""
    rows = []
    for column in COLUMNS:
        allowed = allowed_text(column)
        explain = "；".join(part for part in dict.fromkeys((column.note, allowed)) if part)
        rows.append({"header": column.header, "required": column.required, "explain": explain})
    return rows
