"""The income changes visits recorded after the household's yearly figures were last entered, and the per-capita
income they point to: what a later reader (workflow's exit checks) needs to know that the figures on file are not the
latest word. Seed 001 §一 has the changes recorded at every visit; the yearly figures are corrected from them by hand
(households.services.visit_changes tells the cadre to), so until then the visits speak for the figures.

"After" means a visit dated in a later year than the figures, or in their year but recorded after the figures were
last entered or corrected (their audit events income.create / income.update): a visit recorded before that
correction was in front of whoever corrected them. Figures with no such event (the go-live import, the demo seed)
came before every visit of their year. A recomputation for a member who left (income.recompute) is no correction."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from accounts.models import AuditEvent
from households.choices import LivingStatus
from households.models import Household, HouseholdIncome, Visit
from households.services.visit_changes import estimated_per_capita

# The acts that put the cadre's figures on a year's row (households.services.income.income_save).
FIGURE_ACTIONS = ("income.create", "income.update")


@dataclass(frozen=True)
class DropSinceIncome:
    row: HouseholdIncome  # the yearly figures the drop is counted from
    drop: Decimal  # the net fall in income the visits recorded since (positive)
    visits: int  # the visits that recorded a change since
    last_visited_on: dt.date  # the latest of them
    estimate: Decimal  # the row's 人均纯收入 less the drop shared among the living members (visit_changes' estimate)


def _entered_at(rows: list[HouseholdIncome]) -> dict[int, dt.datetime]:
    """Row pk → when its figures were last entered or corrected (rows with no such audit event are left out)."""
    label = HouseholdIncome._meta.label_lower
    found = (
        AuditEvent.objects.filter(
            object_type=label, object_id__in=[str(row.pk) for row in rows], action__in=FIGURE_ACTIONS
        )
        .values("object_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return {int(row["object_id"]): row["last"] for row in found}


def drops_since_income(rows: list[HouseholdIncome]) -> dict[int, DropSinceIncome]:
    """Household pk → the fall in income its visits recorded since `rows` (one yearly row per household), for the
    households where the changes since add up to a fall. Three queries for all the rows."""
    rows = [row for row in rows if row.per_capita_net_income is not None]
    if not rows:
        return {}
    entered = _entered_at(rows)
    since = Q()
    for row in rows:
        later = Q(visited_on__year__gt=row.year)
        same_year = Q(visited_on__year=row.year)
        if row.pk in entered:
            same_year &= Q(created_at__gt=entered[row.pk])
        since |= Q(household_id=row.household_id) & (later | same_year)
    changes = {
        found["household_id"]: found
        for found in Visit.objects.counted()
        .filter(since, income_change__isnull=False)
        .values("household_id")
        .annotate(total=Sum("income_change"), visits=Count("pk"), last=Max("visited_on"))
        .order_by()
    }
    falling = [row for row in rows if row.household_id in changes and changes[row.household_id]["total"] < 0]
    if not falling:
        return {}
    living = dict(
        Household.objects.filter(pk__in=[row.household_id for row in falling])
        .annotate(n=Count("members", filter=Q(members__living_status=LivingStatus.LIVING)))
        .values_list("pk", "n")
    )
    found: dict[int, DropSinceIncome] = {}
    for row in falling:
        change = changes[row.household_id]
        drop = -change["total"]
        found[row.household_id] = DropSinceIncome(
            row=row,
            drop=drop,
            visits=change["visits"],
            last_visited_on=change["last"],
            estimate=estimated_per_capita(row.per_capita_net_income, drop, living.get(row.household_id, 0)),
        )
    return found
