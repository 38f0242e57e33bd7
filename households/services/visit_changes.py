"""The income and expense changes a visit records (seed 001 §一: 每月开展入户走访服务，逐户登记收支变化).

A change is what the cadre found at the visit, in yuan over the year: +3,000 income when a member found work,
−2,000 when a harvest failed; a rigid expense (medical, schooling, disaster) up by 8,000 after an illness. Three rules:

- bound: a change larger than the household could plausibly gain or lose is asked about before it is saved
  (change_errors): a drop in income beyond the household's latest yearly net income (it cannot lose more than it
  had), a rise or a rigid expense beyond twice that income, at least CHANGE_FLOOR (a household without figures, or
  with very low ones, can still record an illness) and at most CHANGE_CONFIRM_MAX. Past CHANGE_MAX it is a typing
  error (−99,999,999) and refused outright.
- add up: a year's changes are shown beside that year's figures on the income tab (year_changes), so the yearly
  income, which screening reads, is brought up to date.
- tell (drop_notice): after saving a visit that recorded a drop in income or a rise in rigid expenses, the cadre is
  told to verify it and update the year's income, so that screening judges the household on it, when
  (1) the year's per-capita net income, less the year's accumulated drop (estimated to the cent, as the yearly
  figures are), comes inside the line the household is screened against, as screening's rule finds it
  (households.lines: below_line and LinePosition): the notice says where it comes and what that means, in the
  rule's words: under the 监测标准 "该户收入可能低于监测标准" (seed 000 §三(一)1); equal to an inclusive one ("10420元
  以下", seed 004 (二)) "该户收入可能不高于监测标准，在监测范围内"; under the 预警线 only, for the households a
  warning line is for (seed 004 (三): 低于10600元…进行预警) "该户收入可能低于预警线". An income equal to an
  exclusive line (seed 003: 收入低于监测范围) or to a warning line ("低于") is not inside: no notice for the line,
  which would tell the cadre of a finding screening will not make; or
  (2) the accumulated drop in income (or rise in rigid expenses) reaches LARGE_SHARE of the yearly net income:
  seed 000 §三 type 3 (收入骤减) and 003 §二2(1) (收入大幅缩减, 刚性支出较大) make a sharp fall a reason of its
  own, whatever the line, though they give no figure.
  A household without yearly figures is asked for them at its first recorded drop.

The yearly net income compared with is that of the visit's year, or the latest year before it that was entered
(income − business expenses, households.services.income): the last figure the county holds for the household."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from households.choices import LivingStatus
from households.lines import IncomeLine, LinePosition, below_line, income_line
from households.models import Household, HouseholdIncome, Visit
from households.services.income import CENT, per_capita_standing

CHANGE_FLOOR = Decimal("20000")
CHANGE_CONFIRM_MAX = Decimal("1000000")
CHANGE_MAX = Decimal("10000000")
# A judgement, not a seed figure: a third of a year's net income lost (or spent on a rigid cost) is what seed 000's
# 突发严重困难户 ("收入大幅缩减", "刚性支出较大") looks like on a visit; the county verifies it with the yearly figures.
LARGE_SHARE = Decimal("0.3")
CHANGE_FIELDS = {"income_change": "收入变化", "expense_change": "刚性支出变化"}
CONFIRM_FIELD = "confirm_changes"

MSG_CHANGE_TOO_LARGE = "{label}不能超过 {limit:,.0f} 元（增加或减少），请检查是否多输了数字。"
MSG_CHANGE_ASK = (
    "{label} {value:,.2f} 元幅度较大，超过 {limit:,.0f} 元（{basis}）。"
    "请核实金额；确认无误请勾选“金额核实无误”后再保存。"
)
NO_INCOME = "该户尚未录入年度收支"
MSG_CONFIRM = "请核实金额，确认无误请勾选此项。"
MSG_DROP = "{year}年走访记录的{what}，已达{basis}的 {share:.0%}。请核实后更新{year}年度收支，以便按收入重新筛查。"
MSG_BELOW_LINE = (
    "{year}年走访记录的{what}，按此估算人均纯收入约 {after:,.2f} 元（{basis}，人均 {before:,.2f} 元），"
    "{standing}：{finding}。请核实后更新{year}年度收支，以便按收入重新筛查。"
)
# What an estimate inside the line means, by where screening's rule finds it (module docstring: tell (1)).
MSG_FINDING_BELOW = "该户收入可能低于监测标准"
MSG_FINDING_AT = "该户收入可能不高于监测标准，在监测范围内"
MSG_FINDING_WARNING = "该户收入可能低于预警线，应予预警"
LINE_FINDINGS = {
    LinePosition.BELOW: MSG_FINDING_BELOW,
    LinePosition.AT: MSG_FINDING_AT,
    LinePosition.UNDER_WARNING: MSG_FINDING_WARNING,
}
MSG_DROP_NO_INCOME = "{year}年走访记录的{what}，但该户尚未录入年度收支。请核实后录入{year}年度收支，以便按收入筛查。"
ACCUMULATED_DROP = "收入累计减少 {amount:,.2f} 元"
ACCUMULATED_RISE = "刚性支出累计增加 {amount:,.2f} 元"
MSG_RECORDED = "{year}年走访已记录收入变化 {income:+,.2f} 元、刚性支出变化 {expense:+,.2f} 元（{visits}次）。"
MSG_NONE_RECORDED = "{year}年走访尚未记录收支变化。"
MSG_PER_CAPITA = "{year}年人均纯收入 {per_capita:,.2f} 元{standing}"


@dataclass(frozen=True)
class NetIncome:
    year: int
    amount: Decimal  # the household's yearly net income: income − business expenses
    per_capita: Decimal = Decimal(0)  # the row's 人均纯收入, which screening compares with the line

    @property
    def label(self) -> str:
        return f"{self.year}年家庭纯收入 {self.amount:,.2f} 元"


@dataclass(frozen=True)
class YearChanges:
    """A year's changes as the visits recorded them."""

    year: int
    income: Decimal = Decimal(0)
    expense: Decimal = Decimal(0)
    visits: int = 0  # visits that recorded a change


@dataclass(frozen=True)
class DropNotice:
    year: int
    message: str


def net_income(household: Household, year: int) -> NetIncome | None:
    row = HouseholdIncome.objects.filter(household=household, year__lte=year).order_by("-year").first()
    if row is None or row.per_capita_net_income is None:
        return None  # none on file, or no figure to compare with (no living member: services.income)
    income = row.wage_income + row.business_income + row.property_income + row.transfer_income
    return NetIncome(year=row.year, amount=income - row.business_expenses, per_capita=row.per_capita_net_income)


def change_limit(net: NetIncome | None, *, drop: bool = False) -> Decimal:
    """The largest change saved without asking (module docstring: bound); `drop` for a fall in income."""
    if net is None or net.amount <= 0:
        return CHANGE_FLOOR
    if drop:
        return min(CHANGE_CONFIRM_MAX, net.amount)
    return min(CHANGE_CONFIRM_MAX, max(CHANGE_FLOOR, 2 * net.amount))


def change_errors(
    *, household: Household, visited_on: dt.date, changes: dict[str, Decimal | None], confirmed: bool
) -> dict[str, str]:
    """What to say at each change field (and at the confirmation) before the visit is saved; {} when all is well."""
    net = net_income(household, visited_on.year)
    errors: dict[str, str] = {}
    asked = False
    for field, value in changes.items():
        if value is None:
            continue
        label = CHANGE_FIELDS[field]
        limit = change_limit(net, drop=field == "income_change" and value < 0)
        if abs(value) > CHANGE_MAX:
            errors[field] = MSG_CHANGE_TOO_LARGE.format(label=label, limit=CHANGE_MAX)
        elif abs(value) > limit and not confirmed:
            asked = True
            basis = net.label if net is not None else NO_INCOME
            errors[field] = MSG_CHANGE_ASK.format(label=label, value=value, limit=limit, basis=basis)
    if asked:
        errors[CONFIRM_FIELD] = MSG_CONFIRM
    return errors


def changes_by_year(household: Household) -> dict[int, YearChanges]:
    """Each year's changes recorded at visits, for the income tab."""
    rows = (
        Visit.objects.counted()
        .filter(household=household)
        .filter(Q(income_change__isnull=False) | Q(expense_change__isnull=False))
        .annotate(year=ExtractYear("visited_on"))
        .order_by()
        .values("year")
        .annotate(income=Sum("income_change"), expense=Sum("expense_change"), visits=Count("pk"))
    )
    return {
        row["year"]: YearChanges(
            year=row["year"],
            income=row["income"] or Decimal(0),
            expense=row["expense"] or Decimal(0),
            visits=row["visits"],
        )
        for row in rows
    }


def year_changes(household: Household, year: int) -> YearChanges:
    return changes_by_year(household).get(year, YearChanges(year=year))


def large_drop(household: Household, year: int, on_date: dt.date | None = None) -> DropNotice | None:
    """The year's accumulated drop, if it may take the household below its line or is large (module docstring:
    tell); the line is the one in force on `on_date` (the visit's date; the year's end by default)."""
    changes = year_changes(household, year)
    drop, rise = max(-changes.income, Decimal(0)), max(changes.expense, Decimal(0))
    net = net_income(household, year)
    if net is None or net.amount <= 0:
        found = _found(drop, rise)
        return DropNotice(year=year, message=MSG_DROP_NO_INCOME.format(year=year, what=found)) if found else None
    threshold = LARGE_SHARE * net.amount
    big_drop, big_rise = (amount if amount >= threshold else Decimal(0) for amount in (drop, rise))
    if inside := _inside_line(household, net, drop, on_date or dt.date(year, 12, 31)):
        line, after = inside
        message = MSG_BELOW_LINE.format(
            year=year,
            what=_found(drop, big_rise),
            after=after,
            basis=net.label,
            before=net.per_capita,
            standing=line.standing(after),
            finding=LINE_FINDINGS[line.position(after)],
        )
        return DropNotice(year=year, message=message)
    found = _found(big_drop, big_rise)
    if not found:
        return None
    share = max(big_drop, big_rise) / net.amount
    return DropNotice(year=year, message=MSG_DROP.format(year=year, what=found, basis=net.label, share=share))


def _inside_line(
    household: Household, net: NetIncome, drop: Decimal, on_date: dt.date
) -> tuple[IncomeLine, Decimal] | None:
    """The line and the estimated per-capita income when the drop takes a household from outside the line inside
    it (households.lines.below_line, screening's own comparison): the row's 人均纯收入 less the drop shared among the
    living members, to the cent as the yearly figures are kept (households.services.income), so that the estimate
    shown is the one compared: 6,000.00 at a 6,000 line is equal to it, not a fraction below. One already inside was
    listed by screening on its figures (or excluded as stable, which a drop puts in question: reason 2 speaks for a
    large one)."""
    if not drop:
        return None
    line = income_line(household=household, on_date=on_date)
    if line is None or below_line(net.per_capita, line):
        return None
    members = household.members.filter(living_status=LivingStatus.LIVING).count()
    after = estimated_per_capita(net.per_capita, drop, members)
    return (line, after) if below_line(after, line) else None


def estimated_per_capita(per_capita: Decimal, drop: Decimal, members: int) -> Decimal:
    """A yearly 人均纯收入 less a fall in income shared among the living members, to the cent as the yearly figures
    are kept (the estimate a visit's notice shows; workflow's exit checks compare the same one)."""
    return (per_capita - drop / max(members, 1)).quantize(CENT, rounding=ROUND_HALF_UP)


def _found(drop: Decimal, rise: Decimal) -> str:
    parts = []
    if drop:
        parts.append(ACCUMULATED_DROP.format(amount=drop))
    if rise:
        parts.append(ACCUMULATED_RISE.format(amount=rise))
    return "、".join(parts)


def drop_notice(visit: Visit) -> DropNotice | None:
    """What to tell the cadre after saving `visit`: only a visit that itself recorded a drop in income or a rise in
    rigid expenses speaks, so a later visit with no change does not repeat an earlier notice."""
    dropped = visit.income_change is not None and visit.income_change < 0
    rose = visit.expense_change is not None and visit.expense_change > 0
    if not (dropped or rose):
        return None
    return large_drop(visit.household, visit.visited_on.year, visit.visited_on)


def changes_hint(household: Household, year: int) -> str:
    """The line under the visit form's amounts: what a change is compared with, and what the year holds already."""
    net = net_income(household, year)
    changes = year_changes(household, year)
    recorded = (
        MSG_RECORDED.format(year=year, income=changes.income, expense=changes.expense, visits=changes.visits)
        if changes.visits
        else MSG_NONE_RECORDED.format(year=year)
    )
    if net is None:
        return f"{NO_INCOME}；{recorded}"
    # The line is about 人均纯收入 (screening compares it): shown with where it stands, the household's total beside.
    standing = per_capita_standing(household=household, year=net.year, per_capita=net.per_capita)
    per_capita = MSG_PER_CAPITA.format(year=net.year, per_capita=net.per_capita, standing=standing)
    return f"{per_capita}（家庭纯收入 {net.amount:,.2f} 元）；{recorded}"


@dataclass(frozen=True)
class IncomeYear:
    """One line of the income tab: a year's figures (None if not entered) beside its changes from visits."""

    year: int
    row: HouseholdIncome | None
    changes: YearChanges | None


def income_years(household: Household) -> list[IncomeYear]:
    """The income tab: each year's figures with the year's changes from visits, and a year with changes but no
    figures too, so that it is entered. No standing "large drop" notice here: the tab cannot tell whether the
    figures were already corrected for the drops, so the cadre is told once, after the visit (drop_notice)."""
    rows = {row.year: row for row in household.incomes.all()}
    by_year = changes_by_year(household)
    years = sorted(set(rows) | set(by_year), reverse=True)
    return [IncomeYear(year=year, row=rows.get(year), changes=by_year.get(year)) for year in years]
