"""入户排查台账: the household screening forms (seed 003 附件2) one row each, in the paper form's order: where and
whose (镇、村、组, 户类型, 户主姓名, 证件号码, 联系电话), the income and 两不愁 that 填表说明 3 asks about, the 12
items (the sub-questions ticked, "在所列序号下方打√", and the problem described), item 13 (综合判定) with the
risks found, and who screened when (排查人签字). Read from visible_to(actor) like every ledger; also exported per
campaign from the campaign's household list (reports.services.form_export)."""

from typing import Any

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Concat, JSONObject
from django.utils import timezone

from households.choices import LivingStatus, Relation, RiskType
from households.models import Member
from households.selectors import deployment_county_path
from reports.ledgers.base import BOOL, DATE, ID_NUMBER, MONEY, PHONE, Column, Filters, Ledger, apply_filters
from reports.ledgers.problems import ATTACHMENT_HOUSEHOLD_TYPE
from screening.campaign_form import CIRCLED, JUDGEMENT_ITEM, PROBLEM_ITEMS, guarantee_problems
from screening.models import ScreeningForm
from screening.selectors import line_summary

NO_PROBLEM = "无"


def _item(number: int) -> Any:
    """The cell of item `number` from the form's answers."""
    return lambda answers: _item_cell((answers or {}).get(str(number)))


def _item_cell(answer: Any) -> str:
    """One item's cell: the numbers of the sub-questions ticked, then the problem ("②⑤：东侧土坯房墙体开裂")."""
    if not isinstance(answer, dict):
        return ""
    numbers = "".join(
        CIRCLED[int(code.rsplit("_", 1)[1]) - 1]
        for code in answer.get("checked") or []
        if str(code).rsplit("_", 1)[-1].isdigit() and not str(code).startswith("judgement")
    )
    problem = str(answer.get("problem") or "")
    return f"{numbers}：{problem}" if numbers and problem else numbers or problem


def _judgement_note(answers: Any) -> str:
    answer = (answers or {}).get(str(JUDGEMENT_ITEM))
    return str(answer.get("problem") or "") if isinstance(answer, dict) else ""


def _guarantee(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    found = guarantee_problems(value.get("answers") or {}, food_clothing=bool(value.get("food_clothing")))
    return "、".join(found) or NO_PROBLEM


def _food_clothing(value: Any) -> str:
    if not isinstance(value, dict) or not value.get("problem"):
        return NO_PROBLEM
    return str(value.get("note") or "有困难")


def screening_form_rows(actor: Any, filters: Filters) -> QuerySet[Any]:
    # The head the form was filled with: living, or died or moved out on or after the form's day (a household
    # emptied since keeps its form, and the form its head's number).
    then = Q(living_status=LivingStatus.LIVING) | Q(status_changed_on__gte=OuterRef("filled_on"))
    head = (
        Member.objects.filter(then, household=OuterRef("household"), relation=Relation.HEAD)
        .order_by(Case(When(living_status=LivingStatus.LIVING, then=0), default=1), "-status_changed_on")
        .values("id_number")[:1]
    )
    # The whole answers under each item's name, each column picking its item (a KeyTransform "3" would read as an
    # array index on PostgreSQL: answers -> 3).
    items = {f"item_{item.number}": F("answers") for item in PROBLEM_ITEMS}
    forms = apply_filters(ScreeningForm.objects.visible_to(actor), filters, date_field="filled_on")
    return (
        forms.annotate(
            attachment_household_type=ATTACHMENT_HOUSEHOLD_TYPE,
            head_id_number=Subquery(head),
            food_clothing=JSONObject(problem=F("food_clothing_problem"), note=F("food_clothing_note")),
            guarantee=JSONObject(answers=F("answers"), food_clothing=F("food_clothing_problem")),
            judgement=F("answers"),
            screener=Concat("filled_by__last_name", "filled_by__first_name", output_field=CharField()),
            **items,
        )
        .order_by("campaign_id", "region_path", "household__number")
        .values_list(
            "household__village__parent__name",
            "household__village__name",
            "household__group__name",
            "attachment_household_type",
            "household__head_name",
            "head_id_number",
            "household__phone",
            "per_capita_income",
            "food_clothing",
            "guarantee",
            *items,
            "at_risk",
            "propose_monitoring",
            "risk_types",
            "judgement",
            "screener",
            "filled_on",
            "campaign__name",
        )
    )


def income_line_summary(actor: Any, filters: Filters) -> str:
    """The file's second line says which line the incomes are to be read against (the county's, today)."""
    line = line_summary(region_path=filters.region_path or deployment_county_path(), on_date=timezone.localdate())
    return f"收入对照：{line}" if line else ""


LEDGERS = [
    Ledger(
        code="screening_forms",
        name="入户排查台账",
        order=55,
        group="集中排查",
        date_label="排查日期",
        description="集中排查的入户排查表（附件2）一户一行：收入、“两不愁三保障”及饮水安全、13项排查内容（勾选的序号和"
        "排查问题）、综合判定和存在的风险。",
        # 附件2's order; 排查名称 last, so that the columns naming the household (镇 … 户主姓名) are the ones a printout
        # two pages wide repeats (reports.sheets.key_columns).
        columns=[
            Column("镇", 10),
            Column("村", 10),
            Column("组", 8),
            Column("户类型", 12),
            Column("户主姓名", 10),
            Column("证件号码", 20, ID_NUMBER),
            Column("联系电话", 13, PHONE),
            Column("家庭年人均纯收入（元）", 12, MONEY),
            Column("吃穿（两不愁）", 16, convert=_food_clothing),
            Column("“两不愁三保障”及饮水安全问题", 18, convert=_guarantee),
            *[Column(f"{item.number} {item.label}", 18, convert=_item(item.number)) for item in PROBLEM_ITEMS],
            Column(f"{JUDGEMENT_ITEM}①疑似存在返贫致贫风险", 10, BOOL),
            Column(f"{JUDGEMENT_ITEM}②拟纳入监测对象评议", 10, BOOL),
            Column("存在的返贫致贫风险", 20, choices=RiskType),
            Column("综合判定说明", 24, convert=_judgement_note),
            Column("排查人", 10),
            Column("排查日期", 12, DATE),
            Column("排查名称", 20),
        ],
        rows=screening_form_rows,
        summary=income_line_summary,
    )
]
