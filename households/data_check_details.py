"""What a data check's finding says of a member or a household (households.data_checks): ages, kinds, incomes."""

import datetime as dt

from households.member_rules import age_on
from households.models import Household, Member


def household_kind(household: Household) -> str:
    kind = household.get_household_type_display()
    return f"{kind}（{household.get_monitoring_category_display()}）" if household.monitoring_category else kind


def income(household: Household) -> str:
    if household.income is None:  # no row, or one of a year with no living member (no per-capita figure)
        return f"{household.income_year}年人均纯收入 —（无在世成员）" if household.income_year else "无收入记录"
    return f"{household.income_year}年人均纯收入 {household.income:,.0f} 元"


def age(member: Member, today: dt.date) -> str:
    return f"{age_on(member.birth_date, today)}岁"


def without_number(member: Member, today: dt.date) -> str:
    """A baby registered without a number: its age; one who has turned one is said more strongly."""
    months = (today.year - member.birth_date.year) * 12 + today.month - member.birth_date.month
    months -= today.day < member.birth_date.day
    if months >= 12:
        return f"{age(member, today)}，满一周岁仍无身份证号"
    return f"{max(months, 0)}个月，暂无身份证号"
