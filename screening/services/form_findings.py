"""What the household screening form (附件2) records beside its 13 items: the income and 两不愁 (吃穿) that 填表说明 3
asks about (一般农户重点排查“两不愁、三保障”及安全饮水情况、收入情况), and the risks found; and whether the judgement
(item 13) agrees with them.

A judgement of 疑似存在返贫致贫风险 names the risk (存在的返贫致贫风险, at least one), as the ordinary visit asks
of a risk found (households.services.visits): without it the form's visit would record no risk and the 附件2 ledger
would say 是 with an empty risk column. That is refused at the field (findings_errors), never confirmed away.

Otherwise the judgement is the cadre's, so a disagreement is asked about, not refused (judgement_conflicts): an
income below the monitoring line, a 两不愁三保障 or water problem, or a risk chosen, on a household judged 未发现风险;
or, as 003 §二2(2) says "对收入低于监测范围、存在返贫致贫风险的农户，必须纳入监测对象", an income below the line
on a household judged at risk but not proposed for monitoring. The same section allows the exception (收入虽然低于
监测范围、但收入稳定、“三保障”和饮水安全无问题、子女经济条件好的农户，不纳入), which is why the cadre may confirm
and save.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from households.choices import RiskType
from households.models import Household, HouseholdIncome
from households.services.income import per_capita_words
from screening.campaign_form import guarantee_problems
from screening.selectors import income_line
from screening.selectors_inclusion import inclusion_known

INCOME_MAX = Decimal("1000000")  # per person and year; the model's CheckConstraint says the same
MAX_NOTE = 500

MSG_INCOME_NOT_NUMBER = "家庭年人均纯收入应为数字（元），最多两位小数，如 6500 或 6500.50。"
MSG_INCOME_NEGATIVE = "家庭年人均纯收入不能为负数。"
MSG_INCOME_TOO_LARGE = "家庭年人均纯收入不能超过 {limit:,.0f} 元，请检查是否多输了数字。"
MSG_FOOD_NOTE_REQUIRED = "已勾选“存在吃穿困难”，请具体表述问题内容。"
MSG_FOOD_TICK_REQUIRED = "填写了吃穿方面的问题，请勾选“存在吃穿困难”。"
MSG_FOOD_NOTE_TOO_LONG = "吃穿方面的问题不能超过500字。"
MSG_UNKNOWN_RISK = "没有“{code}”这一风险类型。"
MSG_RISK_TYPE_REQUIRED = "勾选了“①该户是否疑似存在返贫致贫风险”，请至少选择一项存在的返贫致贫风险。"

MSG_CONFLICT_INCOME = (
    "家庭年人均纯收入 {income:,.2f} 元，{standing}，但综合判定为未发现返贫致贫风险。收入低于监测范围、存在返贫致贫风险"
    "的农户必须纳入监测；收入虽低但稳定、“三保障”和饮水安全无问题、分户子女经济条件好的可不纳入，请在综合判定说明中写明。"
)
MSG_CONFLICT_GUARANTEE = "排查发现“两不愁三保障”及饮水安全问题（{which}），但综合判定为未发现返贫致贫风险。"
MSG_CONFLICT_RISKS = "已选择存在的返贫致贫风险（{which}），但综合判定为未发现返贫致贫风险。"
MSG_CONFLICT_NOT_PROPOSED = (
    "家庭年人均纯收入 {income:,.2f} 元，低于{line}，且疑似存在返贫致贫风险：按规定必须纳入监测对象，但未勾选"
    "“拟纳入监测对象评议”。"
)
MSG_CONFIRM_JUDGEMENT = "综合判定与排查情况不一致。请核实；确认判定无误的，勾选“判定核实无误”后再保存。"
CONFIRM_FIELD = "confirm_judgement"


@dataclass(frozen=True)
class Findings:
    """The form's answers beyond items 1–13, as ScreeningForm stores them."""

    per_capita_income: Decimal | None = None
    food_clothing_problem: bool = False
    food_clothing_note: str = ""
    risk_types: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, form: Any) -> "Findings":
        return cls(
            per_capita_income=form.per_capita_income,
            food_clothing_problem=form.food_clothing_problem,
            food_clothing_note=form.food_clothing_note,
            risk_types=list(form.risk_types or []),
        )


def _income(value: Any) -> tuple[Decimal | None, str]:
    if value is None or value == "":
        return None, ""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None, MSG_INCOME_NOT_NUMBER
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None, MSG_INCOME_NOT_NUMBER
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        return None, MSG_INCOME_NOT_NUMBER
    if amount < 0:
        return None, MSG_INCOME_NEGATIVE
    if amount > INCOME_MAX:
        return None, MSG_INCOME_TOO_LARGE.format(limit=INCOME_MAX)
    return amount.quantize(Decimal("0.01")), ""


def clean_findings(
    *, per_capita_income: Any, food_clothing_problem: bool, food_clothing_note: str, risk_types: Any
) -> tuple[Findings, dict[str, list[str]]]:
    """The findings checked: income a number of yuan in [0, INCOME_MAX]; 吃穿 ticked with its problem described
    and described only when ticked (填表说明 1, as for the items); risk types from the list. Errors keyed by field."""
    errors: dict[str, list[str]] = {}
    income, message = _income(per_capita_income)
    if message:
        errors["per_capita_income"] = [message]
    note = (food_clothing_note or "").strip() if isinstance(food_clothing_note, str) else ""
    if food_clothing_problem and not note:
        errors["food_clothing_note"] = [MSG_FOOD_NOTE_REQUIRED]
    elif note and not food_clothing_problem:
        errors["food_clothing_note"] = [MSG_FOOD_TICK_REQUIRED]
    elif len(note) > MAX_NOTE:
        errors["food_clothing_note"] = [MSG_FOOD_NOTE_TOO_LONG]
    codes = [str(code) for code in (risk_types or [])] if isinstance(risk_types, list | tuple) else []
    unknown = [code for code in codes if code not in RiskType.values]
    if unknown:
        errors["risk_types"] = [MSG_UNKNOWN_RISK.format(code=code) for code in unknown]
    chosen = [code for code in RiskType.values if code in codes]
    findings = Findings(
        per_capita_income=income,
        food_clothing_problem=bool(food_clothing_problem),
        food_clothing_note=note,
        risk_types=chosen,
    )
    return findings, errors


def risk_labels(codes: list[str]) -> list[str]:
    return [str(RiskType(code).label) for code in codes if code in RiskType.values]


def judgement_conflicts(
    *,
    household: Household,
    filled_on: dt.date,
    answers: dict[str, dict[str, Any]],
    findings: Findings,
    at_risk: bool,
    propose_monitoring: bool,
) -> dict[str, list[str]]:
    """Where the judgement disagrees with the answers (module docstring), keyed by the judgement's field."""
    conflicts: dict[str, list[str]] = {}
    line = income_line(household=household, on_date=filled_on)
    income = findings.per_capita_income
    below = line is not None and income is not None and line.includes(income)
    if not at_risk:
        said = conflicts.setdefault("at_risk", [])
        if below:
            said.append(MSG_CONFLICT_INCOME.format(income=income, standing=line.standing(income)))  # type: ignore[union-attr]
        if found := guarantee_problems(answers, food_clothing=findings.food_clothing_problem):
            said.append(MSG_CONFLICT_GUARANTEE.format(which="、".join(found)))
        if findings.risk_types:
            said.append(MSG_CONFLICT_RISKS.format(which="、".join(risk_labels(findings.risk_types))))
    elif below and not propose_monitoring and not inclusion_known(household):
        # A household already monitored or in an inclusion procedure is not proposed again (附件4 拟识别).
        conflicts["propose_monitoring"] = [
            MSG_CONFLICT_NOT_PROPOSED.format(income=income, line=line.label)  # type: ignore[union-attr]
        ]
    return {key: messages for key, messages in conflicts.items() if messages}


def raw_findings(
    per_capita_income: Any, food_clothing_problem: bool, food_clothing_note: str, risk_types: list[str] | None
) -> dict[str, Any]:
    """The findings as a service received them, before clean_findings."""
    return {
        "per_capita_income": per_capita_income,
        "food_clothing_problem": food_clothing_problem,
        "food_clothing_note": food_clothing_note,
        "risk_types": risk_types or [],
    }


EMPTY_FINDINGS = raw_findings(None, False, "", [])


def findings_errors(
    household: Household | None,
    filled_on: dt.date | None,
    answers: Any,
    findings: dict[str, Any],
    *,
    at_risk: bool,
    propose_monitoring: bool,
    confirmed: bool,
) -> tuple[Findings, dict[str, list[str]], bool]:
    """The findings checked (a judgement at risk naming at least one risk), their errors with the judgement's
    disagreements unless `confirmed` (then the confirmation is asked for at CONFIRM_FIELD), and whether the judgement
    disagrees. Without a household (a page that has not one yet) the judgement is not compared."""
    checked, errors = clean_findings(**{**EMPTY_FINDINGS, **findings})
    if at_risk and not checked.risk_types and "risk_types" not in errors:
        errors["risk_types"] = [MSG_RISK_TYPE_REQUIRED]
    conflicts: dict[str, list[str]] = {}
    if household is not None:
        conflicts = judgement_conflicts(
            household=household,
            filled_on=filled_on or timezone.localdate(),
            answers=answers if isinstance(answers, dict) else {},
            findings=checked,
            at_risk=at_risk,
            propose_monitoring=propose_monitoring,
        )
    if conflicts and not confirmed:
        for key, messages in conflicts.items():
            errors.setdefault(key, []).extend(messages)
        errors[CONFIRM_FIELD] = [MSG_CONFIRM_JUDGEMENT]
    return checked, errors, bool(conflicts)


# The history's row for a judgement saved against the answers (judgement_conflicts), so the confirmation is on record.
CONFIRMED_LABEL = "综合判定与排查情况不一致"
CONFIRMED_TEXT = "经排查人核实确认"


# An income on the form this far (either way, as a share of the archive's) from the household's latest per-capita net
# income on file is worth a second look: a typing slip, or an income that changed and whose 收支 should follow. Said
# after saving, never refused: the cadre at the door may well have the truer figure.
INCOME_ARCHIVE_MARGIN = Decimal("0.30")
MSG_INCOME_FAR_FROM_ARCHIVE = (
    "排查表填写的家庭年人均纯收入 {income:,.2f} 元，比档案中{year}年人均纯收入 {archive:,.2f} 元{direction}"
    "{percent}%（相差超过{margin}%）。请核实；收入确有变化的，请到农户档案的“收支”中更新。"
)
MSG_NO_LINE = "尚未设置适用于本地的监测标准，无法比较"
MSG_NO_REGISTRY_INCOME = "档案中尚未录入年度收支"


def income_hint(household: Household, on_date: dt.date) -> str:
    """The line under the income field: the registry's latest per-capita net income and the line it is compared
    with, so that the cadre sees both at the door."""
    row = HouseholdIncome.objects.filter(household=household).order_by("-year").first()
    said = f"档案中{row.year}年人均纯收入 {per_capita_words(row.per_capita_net_income)}" if row else ""
    registry = said or MSG_NO_REGISTRY_INCOME
    line = income_line(household=household, on_date=on_date)
    return f"{registry}；对照{line.label}" if line else f"{registry}；{MSG_NO_LINE}"


def income_archive_warning(household: Household, income: Decimal | None) -> str:
    """The warning when the form's per-capita income differs from the archive's latest per-capita net income by
    more than INCOME_ARCHIVE_MARGIN, or "" (no income asked, no income on file, or none to compare with)."""
    if income is None:
        return ""
    row = HouseholdIncome.objects.filter(household=household).order_by("-year").first()
    archive = row.per_capita_net_income if row is not None else None
    if archive is None or archive <= 0:
        return ""
    gap = (income - archive) / archive
    if abs(gap) <= INCOME_ARCHIVE_MARGIN:
        return ""
    return MSG_INCOME_FAR_FROM_ARCHIVE.format(
        income=income,
        year=row.year,  # type: ignore[union-attr]
        archive=archive,
        direction="高" if gap > 0 else "低",
        percent=f"{abs(gap) * 100:.1f}",
        margin=f"{INCOME_ARCHIVE_MARGIN * 100:.0f}",
    )


@dataclass(frozen=True)
class Reading:
    """A saved form's findings as its record page, the API and the ledger show them."""

    income: str  # "5,200.00", "" when not asked
    income_line: str  # the line's label, "" when none is set
    below_line: bool | None  # None: no income or no line
    standing: str  # where the income stands against it, in the rule's words ("低于2026年监测标准 6,000 元"); "" as None
    guarantee_problems: list[str]  # of 吃穿, 义务教育, 基本医疗, 住房安全, 安全饮水
    risks: list[str]
    conflicts: list[str]  # where the judgement disagrees with the answers (confirmed when saved)


def form_reading(form: Any) -> Reading:
    findings = Findings.of(form)
    line = income_line(household=form.household, on_date=form.filled_on)
    income = findings.per_capita_income
    conflicts = judgement_conflicts(
        household=form.household,
        filled_on=form.filled_on,
        answers=form.answers,
        findings=findings,
        at_risk=form.at_risk,
        propose_monitoring=form.propose_monitoring,
    )
    return Reading(
        income="" if income is None else f"{income:,.2f}",
        income_line=line.label if line else "",
        below_line=None if line is None or income is None else line.includes(income),
        standing="" if line is None or income is None else line.standing(income),
        guarantee_problems=guarantee_problems(form.answers, food_clothing=findings.food_clothing_problem),
        risks=risk_labels(findings.risk_types),
        conflicts=[message for messages in conflicts.values() for message in messages],
    )


def findings_changes(old: Findings | None, new: Findings, *, confirmed: bool) -> list[dict[str, str]]:
    """The history's change rows for the findings (households.services.common.record_event `changes`), from a new
    form's nothing or a corrected form's stored findings; `confirmed`: the judgement disagreed and was confirmed."""
    old = old or Findings()

    def money(value: Decimal | None) -> str:
        return "" if value is None else f"{value:,.2f}"

    def risks(codes: list[str]) -> str:
        return "、".join(risk_labels(codes))

    rows = [
        ("per_capita_income", "家庭年人均纯收入（元）", money(old.per_capita_income), money(new.per_capita_income)),
        ("food_clothing_problem", "存在吃穿困难", _yes(old.food_clothing_problem), _yes(new.food_clothing_problem)),
        ("food_clothing_note", "吃穿方面的问题", old.food_clothing_note, new.food_clothing_note),
        ("risk_types", "存在的返贫致贫风险", risks(old.risk_types), risks(new.risk_types)),
    ]
    if confirmed:
        rows.append((CONFIRM_FIELD, CONFIRMED_LABEL, "", CONFIRMED_TEXT))
    return [{"field": f, "label": label, "old": a, "new": b} for f, label, a, b in rows if a != b]


def _yes(value: bool) -> str:
    return "是" if value else "否"
