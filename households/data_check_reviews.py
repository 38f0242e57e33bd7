"""已核实 on a comparison list (households.data_checks): a household's finding checked and found to need nothing (or
already in hand) leaves the list while the review holds, and comes back by itself when it no longer does:

- when what it was checked on changes (basis): who lives in the household and each living member's labour skill,
  health, disability grade and 低保/特困 status, and the latest income (year and per-capita figure). A member joining
  or leaving, falling ill, losing work capacity, or a new year's income is a new situation to compare with 民政
  (seed 004 (四): 每月……动态掌握未纳入社会救助范围的防止返贫监测对象情况);
- when it is older than its outcome allows (VALID_DAYS): a year for a finding checked and closed (the incomes and
  the 低保 standard are set yearly), three months for an application still with 民政, to ask again how it went.

All in SQL: the basis is an MD5 over the household's rows, computed the same way when the review is recorded and
when the list is read, so a check still counts with one query."""

import datetime as dt

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import MD5, Cast, Coalesce, Concat

from households.choices import LivingStatus
from households.models import HouseholdIncome, Member
from households.models.check_reviews import CheckOutcome, DataCheckReview

VALID_DAYS = {
    CheckOutcome.NOT_ELIGIBLE: 365,
    CheckOutcome.OTHER_HELP: 365,
    CheckOutcome.OTHER: 365,
    CheckOutcome.APPLIED: 90,
}
# Which checks take 已核实, with the outcomes offered: a comparison list, where "checked, nothing to do" is a
# legitimate answer. The logic errors are corrected (the record is wrong), and the other 需核实 items are data to
# collect or a child to bring back to school: marking them checked would hide work, not close it.
CHECK_OUTCOMES = {"no_safety_net": list(CheckOutcome)}


def _text(expression: object) -> Cast:
    return Cast(expression, output_field=CharField())


def basis(household_ref: str) -> MD5:
    """The facts a review of the household at `household_ref` (an OuterRef name) was made on, as an MD5."""
    living = Member.objects.filter(household=OuterRef(household_ref), living_status=LivingStatus.LIVING).order_by()
    fields = [F(name) for name in ("labour_skill", "health", "disability_grade", "assistance_status")]
    row = Concat(_text(F("pk")), *[part for field in fields for part in (Value(":"), field)], output_field=CharField())
    members = (
        living.values("household")
        .annotate(rows=StringAgg(row, Value(";"), order_by="pk", output_field=CharField()))
        .values("rows")
    )
    latest = HouseholdIncome.objects.filter(household=OuterRef(household_ref)).order_by("-year")
    income = latest.annotate(
        row=Concat(
            _text(F("year")),
            Value(":"),
            Coalesce(_text(F("per_capita_net_income")), Value("-"), output_field=CharField()),
        )
    ).values("row")[:1]
    parts = [
        Coalesce(Subquery(members), Value(""), output_field=CharField()),
        Value("|"),
        Coalesce(Subquery(income), Value(""), output_field=CharField()),
    ]
    return MD5(Concat(*parts, output_field=CharField()))


def holding(code: str, today: dt.date) -> Q:
    """The reviews of check `code` that still hold today, on the household of the outer query's row."""
    recent = Q()
    for outcome, days in VALID_DAYS.items():
        recent |= Q(outcome=outcome, reviewed_on__gt=today - dt.timedelta(days=days))
    return Q(check_code=code) & recent & Q(basis=basis("household"))


def reviewed(code: str, today: dt.date) -> Exists:
    """A household whose finding of check `code` was marked 已核实 by a review that still holds."""
    return Exists(DataCheckReview.objects.filter(holding(code, today), household=OuterRef("pk")))


def latest_review(code: str, today: dt.date) -> Subquery:
    """The pk of the household's newest review of `code` that holds, for the list of checked findings."""
    reviews = DataCheckReview.objects.filter(holding(code, today), household=OuterRef("pk"))
    return Subquery(reviews.order_by("-reviewed_at", "-pk").values("pk")[:1])
