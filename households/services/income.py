"""Yearly income and expenses. Per-capita net income is computed here and nowhere else."""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.stale import stale_check
from households.choices import LivingStatus
from households.lines import year_line
from households.models import Household, HouseholdIncome
from households.services.closing import ensure_open
from households.services.common import diff, ensure_can_edit, record_event
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, confirmed_note

MSG_NEGATIVE = "金额不能为负数。"
MSG_YEAR_RANGE = "年度应在{low}年到{high}年之间。"
MSG_NO_MEMBERS = "该户没有在世成员，无法计算人均纯收入。"
# Plausibility (review rev-cadre finding 10: 9,999,999,999.99 of wages saved, and the household left screening):
# asked about, not refused, as a rural household may have a large business. A judgement, not a seed figure.
AMOUNT_ASK = Decimal("1000000")
LINE_MULTIPLE = 20  # a per-capita net income this many times the household's monitoring line
MSG_AMOUNT_ASK = "{amount:,.2f} 元超过 {limit:,.0f} 元，请检查是否多输了数字。"
# A corrected amount that falls to a tenth of the one on file or less, or rises to ten times it or more, is most
# often a digit dropped or added (review rev-ux 1: 工资性收入 95,370 typed as 9,537 made the household a screening
# hit at once). Asked about, not refused: a member who stopped working is real. A change under JUMP_FLOOR 元 (a
# property income of 50 becoming 600) is not worth a question. A judgement, not a seed figure.
JUMP_FACTOR = 10
JUMP_FLOOR = Decimal("1000")
MSG_JUMP_ASK = "{label}由 {old:,.2f} 元改为 {new:,.2f} 元，{how}，请检查是否少输或多输了数字（如漏了一个 0）。"
JUMP_DOWN = "只有原来的十分之一或更少"
JUMP_UP = "是原来的 {factor} 倍或更多"
MSG_PER_CAPITA_ASK = (
    "按所填金额，人均纯收入为 {per_capita:,.2f} 元，超过{line}的 {multiple} 倍（{limit:,.0f} 元），请核对各项金额。"
)

# After a save, where the year stands against the line screening compares it with (households.lines), if one is set.
MSG_SAVED = "{year}年度收支已保存，人均纯收入 {per_capita:,} 元{standing}。"
MSG_STANDING = "，{standing}"  # screening's words: 低于/等于/不低于 2026年监测标准 6,000 元
# No living member left: no per-capita figure (per_capita_net_income), and the household is to be closed (注销).
MSG_SAVED_NO_MEMBERS = (
    "{year}年度收支已保存。" + MSG_NO_MEMBERS.rstrip("。") + "（人均纯收入记为“—”），请办理农户注销。"
)
NO_FIGURE = "—（无在世成员）"

AMOUNT_FIELDS = [
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
    "business_expenses",
    "medical_expenses",
    "education_expenses",
    "disaster_expenses",
    "other_rigid_expenses",
]
# Said by direction: a member who left may still have income counted in the year's total, one who joined (added,
# moved in) may have income not yet counted.
MSG_RECOMPUTED = "家庭人口由 {old_count} 人变为 {new_count} 人，{year}年人均纯收入由 {old}重算为 {new}。"
MSG_RECOMPUTED_LEFT = MSG_RECOMPUTED + "离开本户成员的收入如已不再计入本户，请修改本年度收支。"
MSG_RECOMPUTED_JOINED = MSG_RECOMPUTED + "新加入本户成员如有收入，请计入本年度收支。"
# The earliest year of income and expenses, for entry (the page, the API) and the go-live import alike: the
# national system's records start with the poverty-alleviation files (建档立卡, 2014/2015), and a household lifted
# out of poverty keeps its incomes since then. No seed narrows it.
FIRST_YEAR = 2015
CENT = Decimal("0.01")


def per_capita_net_income(amounts: dict[str, Decimal], members: int) -> Decimal | None:
    """人均纯收入 = (工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出) / 家庭人口 (DOMAIN.md "Registry").
    None for a household with no living member (all 已故 or 迁出): there is no one to divide by, and 0.00 would read
    as an income below every line (screening would flag a household that is to be closed, 注销)."""
    if members <= 0:
        return None
    income = sum(
        (
            amounts.get(name, Decimal(0))
            for name in ("wage_income", "business_income", "property_income", "transfer_income")
        ),
        Decimal(0),
    )
    net = income - amounts.get("business_expenses", Decimal(0))
    return (net / members).quantize(CENT, rounding=ROUND_HALF_UP)


def per_capita_words(per_capita: Decimal | None) -> str:
    """A 人均纯收入 in a sentence: 6,500.00 元, or — when the household has no living member."""
    return NO_FIGURE if per_capita is None else f"{per_capita:,.2f} 元"


def _living_members(household: Household) -> int:
    return household.members.filter(living_status=LivingStatus.LIVING).count()


def _lock(household: Household) -> None:
    """The household row first, then its income rows: the trigger that keeps the household's copy of its latest
    income (households migration 0008) locks the household after the income row is written, and a transaction
    holding an income row while another holds the household would deadlock. FOR NO KEY UPDATE, as the trigger."""
    Household.objects.select_for_update(no_key=True).filter(pk=household.pk).values_list("pk").first()


def income_errors(
    *,
    household: Household,
    year: int | None,
    amounts: dict[str, Decimal | None],
    confirm_unusual: bool = False,
    complete: bool = True,
    on_file: Mapping[str, Decimal] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """What to say before a year's figures are saved ({} when all is well), and the questions the cadre confirmed.
    A year out of range and a negative amount are refused; an amount over AMOUNT_ASK, or a per-capita net income
    over LINE_MULTIPLE times the household's line (households.lines: screening's, the one source), are asked about
    unless `confirm_unusual`; so is an amount changed to 1/JUMP_FACTOR or less, or JUMP_FACTOR times or more, of the
    one `on_file` (the year's figures as saved, when it is a correction). The income form calls it too, with the
    amounts it could read (`complete` False when some could not be read: the per-capita figure is then not worked
    out), so that one round says everything."""
    high = timezone.localdate().year
    refused: dict[str, str] = {}
    asked: dict[str, str] = {}
    if year is not None and not FIRST_YEAR <= year <= high:
        refused["year"] = MSG_YEAR_RANGE.format(low=FIRST_YEAR, high=high)
    for name, value in amounts.items():
        if name not in AMOUNT_FIELDS:
            raise ValueError(f"unknown income field {name}")
        if value is not None and value < 0:
            refused[name] = MSG_NEGATIVE
        elif value is not None and value > AMOUNT_ASK:
            asked[name] = MSG_AMOUNT_ASK.format(amount=value, limit=AMOUNT_ASK)
        elif (jump := _jump(name, (on_file or {}).get(name), value)) is not None:
            asked[name] = jump
    if complete and year is not None and not refused:
        values = {name: value or Decimal(0) for name, value in amounts.items()}
        per_capita = per_capita_net_income(values, _living_members(household))
        line = year_line(household=household, year=year)
        if line is not None and per_capita is not None and per_capita > LINE_MULTIPLE * line.amount:
            asked["__all__"] = MSG_PER_CAPITA_ASK.format(
                per_capita=per_capita, line=line.label, multiple=LINE_MULTIPLE, limit=LINE_MULTIPLE * line.amount
            )
    if confirm_unusual:
        return refused, [_labelled(name, message) for name, message in asked.items()]
    return refused | asked | ({CONFIRM_FIELD: MSG_CONFIRM} if asked else {}), []


def _label(name: str) -> str:
    return str(HouseholdIncome._meta.get_field(name).verbose_name)


def _jump(name: str, old: Decimal | None, new: Decimal | None) -> str | None:
    """The question about an amount on file corrected to a tenth of itself or less, or to JUMP_FACTOR times or more
    (None when it is not)."""
    if not old or old <= 0 or new is None or abs(new - old) < JUMP_FLOOR:
        return None
    if new * JUMP_FACTOR <= old:
        how = JUMP_DOWN
    elif new >= old * JUMP_FACTOR:
        how = JUMP_UP.format(factor=JUMP_FACTOR)
    else:
        return None
    return MSG_JUMP_ASK.format(label=_label(name), old=old, new=new, how=how)


def _labelled(name: str, message: str) -> str:
    """A question as the history row notes it: an amount's with the amount's name (unless it names it already)."""
    if name == "__all__" or message.startswith(_label(name)):
        return message
    return f"{_label(name)}{message}"


@transaction.atomic
def income_save(
    *,
    actor: Any,
    household: Household,
    year: int,
    amounts: dict[str, Decimal | None],
    expected: Mapping[str, Any] | None = None,
    confirm_unusual: bool = False,
) -> HouseholdIncome:
    """Create or update one year's figures and recompute the per-capita net income (income_errors first, over the
    figures as they will stand). Only the amounts given are written; the others stay as they are. ``expected``:
    what the correction page showed of them (config.stale); one that someone else corrected since is refused
    (StaleEdit) rather than overwritten."""
    ensure_can_edit(actor, household.region_path)
    ensure_open(household)
    _lock(household)
    row = HouseholdIncome.objects.select_for_update().filter(household=household, year=year).first()
    on_file = {name: getattr(row, name) for name in AMOUNT_FIELDS} if row is not None else {}
    if expected:
        stale_check(current={name: on_file.get(name) for name in AMOUNT_FIELDS}, expected=expected)
    errors, confirmed = income_errors(
        household=household,
        year=year,
        amounts=on_file | dict(amounts),
        confirm_unusual=confirm_unusual,
        on_file=on_file,
    )
    if errors:
        raise ValidationError(errors)
    created = row is None
    if row is None:
        row = HouseholdIncome(household=household, year=year, region_path=household.region_path)
    before = {name: getattr(row, name) for name in [*AMOUNT_FIELDS, "per_capita_net_income"]}
    for name, value in amounts.items():
        setattr(row, name, (value or Decimal(0)).quantize(CENT))
    row.members_count = _living_members(household)
    row.per_capita_net_income = per_capita_net_income(
        {name: getattr(row, name) for name in AMOUNT_FIELDS}, row.members_count
    )
    changes = diff(row, before, [*AMOUNT_FIELDS, "per_capita_net_income"])
    if created:  # a year's first figures: none before them, not the blank row's zeros (as the import records it)
        changes = [{**change, "old": ""} for change in changes]
    if not created and not changes:
        return row  # the same figures again: nothing to record, no history row, no audit event
    row.save()
    record_event(
        actor=actor,
        household=household,
        action="income.create" if created else "income.update",
        target=row,
        summary=(
            f"{'录入' if created else '修改'}{year}年度收支，人均纯收入 {per_capita_words(row.per_capita_net_income)}"
            f"{confirmed_note(confirmed)}"
        ),
        changes=changes,
    )
    return row


def income_recompute_current(household: Household, *, actor: Any = None) -> bool:
    """When the number of living members changes, this year's per-capita figure changes with it, and the household's
    history says so (with `actor`): the figure may cross the monitoring line, and the income of a member who left
    may still be counted in the year's total, which the cadre should then revise.
    Past years keep the member count they were recorded with. Returns whether the figure was recomputed (not when
    no income of this year is on file), so that the cadre is told of a recomputation only when there was one."""
    _lock(household)
    row = HouseholdIncome.objects.filter(household=household, year=timezone.localdate().year).first()
    if row is None:
        return False
    members = _living_members(household)
    if members == row.members_count:
        return False
    before_count, before = row.members_count, row.per_capita_net_income
    row.members_count = members
    row.per_capita_net_income = per_capita_net_income({n: getattr(row, n) for n in AMOUNT_FIELDS}, members)
    row.save(update_fields=["members_count", "per_capita_net_income"])
    if actor is not None:
        record_event(
            actor=actor,
            household=household,
            action="income.recompute",
            target=row,
            summary=(MSG_RECOMPUTED_JOINED if members > before_count else MSG_RECOMPUTED_LEFT).format(
                year=row.year,
                old_count=before_count,
                new_count=members,
                old=per_capita_words(before),
                new=per_capita_words(row.per_capita_net_income),
            ),
            changes=[
                {
                    "field": "per_capita_net_income",
                    "label": f"{row.year}年人均纯收入",
                    "old": "" if before is None else f"{before:,.2f}",
                    "new": "" if row.per_capita_net_income is None else f"{row.per_capita_net_income:,.2f}",
                }
            ],
        )
    return True


def per_capita_standing(*, household: Household, year: int, per_capita: Decimal) -> str:
    """ "，低于2026年监测标准 6,000 元" (or 不低于, or 等于 an inclusive line) for a year's 人均纯收入, against the
    line screening compares the household with; "" when no line is set."""
    line = year_line(household=household, year=year)
    if line is None:
        return ""
    return MSG_STANDING.format(standing=line.standing(per_capita))


def income_saved_message(row: HouseholdIncome) -> str:
    """What the cadre is told after saving a year's figures: the 人均纯收入 and where it stands against the line."""
    per_capita = row.per_capita_net_income
    if per_capita is None:
        return MSG_SAVED_NO_MEMBERS.format(year=row.year)
    standing = per_capita_standing(household=row.household, year=row.year, per_capita=per_capita)
    return MSG_SAVED.format(year=row.year, per_capita=per_capita, standing=standing)
