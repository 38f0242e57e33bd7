"""What a data check's finding says of a member or a household (households.data_checks): ages, kinds, incomes."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from households.member_rules import age_on
from households.models import Household, Member
from households.models.check_reviews import DataCheckReview

MEMBER, HOUSEHOLD = "member", "household"  # what a check's findings are about (DataCheck.on)


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


def attach_reviews(households: Iterable[Any]) -> dict[int, DataCheckReview]:
    """A page of checked findings' reviews (check_findings annotates review_id), by household: one query."""
    ids = [pk for h in households if (pk := getattr(h, "review_id", None))]
    if not ids:
        return {}
    return {r.household_id: r for r in DataCheckReview.objects.filter(pk__in=ids).select_related("reviewed_by")}


@dataclass(frozen=True)
class Finding:
    household: Household
    member: Member | None
    detail: str
    review: Any = None  # the 已核实 review of a checked finding (households.models.check_reviews.DataCheckReview)

    @property
    def id_number(self) -> str:
        """The member's ID number, or for a household's finding its living head's (the 民政 comparison is by ID
        number): "" when it has none. Shown masked to read-only roles (households.privacy)."""
        if self.member is not None:
            return self.member.id_number
        return getattr(self.household, "head_id_number", None) or ""


def findings_of(check: Any, rows: Any, today: dt.date) -> list[Finding]:
    """A page of check_findings as what the page, the API and the ledger show."""
    if check.on == MEMBER:
        return [Finding(m.household, m, check.describe(m, today)) for m in rows]
    reviews = attach_reviews(rows)
    return [Finding(h, None, check.describe(h, today), reviews.get(h.pk)) for h in rows]
