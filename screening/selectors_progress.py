"""Progress of a campaign (排查进度): per village, and rolled up per township for the county, which supervises by
township (003 四(三) 督导调度; 004 "村每月、镇每季"). Numbers are SQL aggregates per village, added up here."""

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet

from households.models import Household, Region
from screening.choices_campaigns import ProblemStatus
from screening.models import Campaign, CampaignAssignment, HouseholdProblem, ScreeningForm
from screening.selectors_campaigns import campaign_villages, count_of

PROGRESS_KEYS = ["total", "screened", "at_risk", "proposed", "problems", "open_problems"]


def campaign_progress(*, actor: Any, campaign: Campaign, township: Region | None = None) -> QuerySet[Region]:
    """Per village (of one township, if given): active households (total), households with a form (screened), at
    risk and proposed for monitoring (②), problems found and open, and how many screeners it has (0: none yet)."""
    village = OuterRef("pk")
    households = Household.objects.filter(village=village, is_active=True)
    forms = ScreeningForm.objects.filter(campaign=campaign, household__village=village, household__is_active=True)
    problems = HouseholdProblem.objects.filter(campaign=campaign, household__village=village)
    villages = campaign_villages(actor=actor, campaign=campaign)
    if township is not None:
        villages = villages.filter(path__startswith=township.path)
    return villages.annotate(
        total=count_of(households),
        screened=count_of(forms),
        at_risk=count_of(forms.filter(at_risk=True)),
        proposed=count_of(forms.filter(propose_monitoring=True)),
        problems=count_of(problems),
        open_problems=count_of(problems.exclude(status=ProblemStatus.RECTIFIED)),
        screeners=count_of(CampaignAssignment.objects.filter(campaign=campaign, village=village)),
    )


def progress_totals(rows: list[Region]) -> dict[str, int]:
    totals = {key: sum(getattr(row, key) for row in rows) for key in PROGRESS_KEYS}
    totals["unassigned"] = sum(1 for row in rows if not row.screeners)
    return totals


@dataclass
class TownshipProgress:
    """A township's line of the progress (003 四(三) 督导调度; 004 "镇每季"): its villages' numbers added up."""

    region: Region
    villages: int
    numbers: dict[str, int]


def progress_by_township(rows: list[Region]) -> list[TownshipProgress]:
    """The village rows of campaign_progress rolled up per township, in the townships' order."""
    groups: dict[int, list[Region]] = {}
    for row in rows:
        groups.setdefault(row.parent_id, []).append(row)
    return [
        TownshipProgress(region=villages[0].parent, villages=len(villages), numbers=progress_totals(villages))
        for villages in sorted(groups.values(), key=lambda vs: vs[0].parent.path)
    ]
