"""Yearly income and expenses. Per-capita net income is computed here and nowhere else."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from households.choices import LivingStatus
from households.models import Household, HouseholdIncome
from households.services.common import diff, ensure_can_edit, record_event

MSG_NEGATIVE = "金额不能为负数。"
MSG_YEAR_RANGE = "年度应在{low}年到{high}年之间。"
MSG_NO_MEMBERS = "该户没有在世成员，无法计算人均纯收入。"

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
MSG_RECOMPUTED = (
    "家庭人口由 {old_count} 人变为 {new_count} 人，{year}年人均纯收入由 {old:,.2f} 元重算为 {new:,.2f} 元。"
    "离开本户成员的收入如已不再计入本户，请修改本年度收支。"
)
FIRST_YEAR = 2015  # the registry starts with the poverty-alleviation files (建档立卡)
CENT = Decimal("0.01")


def per_capita_net_income(amounts: dict[str, Decimal], members: int) -> Decimal:
    """人均纯收入 = (工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出) / 家庭人口 (DOMAIN.md "Registry")."""
    if members <= 0:
        return Decimal("0.00")
    income = sum(
        (
            amounts.get(name, Decimal(0))
            for name in ("wage_income", "business_income", "property_income", "transfer_income")
        ),
        Decimal(0),
    )
    net = income - amounts.get("business_expenses", Decimal(0))
    return (net / members).quantize(CENT, rounding=ROUND_HALF_UP)


def _living_members(household: Household) -> int:
    return household.members.filter(living_status=LivingStatus.LIVING).count()


def _lock(household: Household) -> None:
    """The household row first, then its income rows: the trigger that keeps the household's copy of its latest
    income (households migration 0008) locks the household after the income row is written, and a transaction
    holding an income row while another holds the household would deadlock. FOR NO KEY UPDATE, as the trigger."""
    Household.objects.select_for_update(no_key=True).filter(pk=household.pk).values_list("pk").first()


@transaction.atomic
def income_save(*, actor: Any, household: Household, year: int, amounts: dict[str, Decimal]) -> HouseholdIncome:
    """Create or update one year's figures and recompute the per-capita net income."""
    ensure_can_edit(actor, household.region_path)
    high = dt.date.today().year
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= year <= high:
        errors["year"] = MSG_YEAR_RANGE.format(low=FIRST_YEAR, high=high)
    for name, value in amounts.items():
        if name not in AMOUNT_FIELDS:
            raise ValueError(f"unknown income field {name}")
        if value is not None and value < 0:
            errors[name] = MSG_NEGATIVE
    if errors:
        raise ValidationError(errors)
    _lock(household)
    row = HouseholdIncome.objects.select_for_update().filter(household=household, year=year).first()
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
    if not created and not changes:
        return row  # the same figures again: nothing to record, no history row, no audit event
    row.save()
    record_event(
        actor=actor,
        household=household,
        action="income.create" if created else "income.update",
        target=row,
        summary=f"{'录入' if created else '修改'}{year}年度收支，人均纯收入 {row.per_capita_net_income:,} 元",
        changes=changes,
    )
    return row


def income_recompute_current(household: Household, *, actor: Any = None) -> None:
    """When the number of living members changes, this year's per-capita figure changes with it, and the household's
    history says so (with `actor`): the figure may cross the monitoring line, and the income of a member who left
    may still be counted in the year's total, which the cadre should then revise.
    Past years keep the member count they were recorded with."""
    _lock(household)
    row = HouseholdIncome.objects.filter(household=household, year=dt.date.today().year).first()
    if row is None:
        return
    members = _living_members(household)
    if members == row.members_count:
        return
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
            summary=MSG_RECOMPUTED.format(
                year=row.year, old_count=before_count, new_count=members, old=before, new=row.per_capita_net_income
            ),
            changes=[
                {
                    "field": "per_capita_net_income",
                    "label": f"{row.year}年人均纯收入",
                    "old": f"{before:,.2f}",
                    "new": f"{row.per_capita_net_income:,.2f}",
                }
            ],
        )
