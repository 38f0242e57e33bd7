"""Progress of a campaign (排查进度): per village, and rolled up per township for the county, which supervises by
township (003 四(三) 督导调度; 004 "村每月、镇每季"). Numbers are SQL aggregates per village, added up here."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from households.models import Household, Region
from households.services.closing import nobody_living
from screening.choices_campaigns import PhaseKind, ProblemStatus
from screening.models import (
    AreaProblem,
    Campaign,
    CampaignAssignment,
    CampaignPhase,
    HouseholdProblem,
    ScreeningForm,
)
from screening.selectors_campaigns import VILLAGE_PATH, campaign_villages, count_of

PROGRESS_KEYS = ["total", "screened", "at_risk", "proposed", "problems", "open_problems", "emptied"]
# Said under the progress (village, township, county alike) so that a total that shrank, or a village of 0 / 0 户,
# reads for what it is: households left for 农户注销, not forgotten (households.services.closing.nobody_living).
MSG_EMPTIED = "另有{count}户无在世在户人员（成员均已故或迁出），未列入排查，请按程序申报农户注销。"
EMPTIED_SHORT = "另有{count}户无在世在户人员，未列入"


def emptied_note(count: int) -> str:
    return MSG_EMPTIED.format(count=count) if count else ""


def campaign_progress(*, actor: Any, campaign: Campaign, township: Region | None = None) -> QuerySet[Region]:
    """Per village (of one township, if given): active households (total), households with a form (screened), at
    risk and proposed for monitoring (②), problems found and open, and how many screeners it has (0: none yet). A
    household nobody lives in any more is not in the total unless its form was filled (as campaign_households): it is
    counted apart (emptied), for the page and the API to say why the total is smaller."""
    village = OuterRef("pk")
    forms = ScreeningForm.objects.filter(campaign=campaign, household__village=village, household__is_active=True)
    screened_ids = ScreeningForm.objects.filter(campaign=campaign).values("household_id")
    left_out = nobody_living() & ~Q(pk__in=screened_ids)
    households = Household.objects.filter(village=village, is_active=True)
    problems = HouseholdProblem.objects.filter(campaign=campaign, household__village=village)
    area = AreaProblem.objects.filter(campaign=campaign, region_path__startswith=OuterRef("path"))
    open_problem = ~Q(status=ProblemStatus.RECTIFIED)
    villages = campaign_villages(actor=actor, campaign=campaign)
    if township is not None:
        villages = villages.filter(path__startswith=township.path)
    return villages.annotate(
        total=count_of(households.exclude(left_out)),
        screened=count_of(forms),
        at_risk=count_of(forms.filter(at_risk=True)),
        proposed=count_of(forms.filter(propose_monitoring=True)),
        problems=count_of(problems) + count_of(area),
        open_problems=count_of(problems.filter(open_problem)) + count_of(area.filter(open_problem)),
        emptied=count_of(households.filter(left_out)),
        screeners=count_of(CampaignAssignment.objects.filter(campaign=campaign, village=village)),
    )


@dataclass
class AreaProgress:
    """面上问题 of a township or the county (above any village): a line of their own in the progress, with problem
    numbers only, so that its 问题 / 未销号 add up to the summary table's (附件4, which counts them as their unit)."""

    region: Region
    problems: int
    open_problems: int

    @property
    def numbers(self) -> dict[str, int]:
        return {key: getattr(self, key, 0) for key in PROGRESS_KEYS} | {"unassigned": 0}


def area_progress(*, actor: Any, campaign: Campaign, township: Region | None = None) -> list[AreaProgress]:
    """The campaign's 面上问题 of townships and the county the actor sees (of one township, if given), per unit."""
    problems = AreaProblem.objects.visible_to(actor).filter(campaign=campaign)
    if township is not None:
        problems = problems.filter(region_path__startswith=township.path)
    counts = (
        problems.annotate(depth=Length("region_path"))
        .filter(depth__lt=VILLAGE_PATH)
        .values("region")
        .annotate(problems=Count("pk"), open_problems=Count("pk", filter=~Q(status=ProblemStatus.RECTIFIED)))
        .order_by()
    )
    by_region = {row["region"]: row for row in counts}
    regions = Region.objects.filter(pk__in=by_region).select_related("parent").order_by("path")
    return [
        AreaProgress(region, by_region[region.pk]["problems"], by_region[region.pk]["open_problems"])
        for region in regions
    ]


def progress_totals(rows: list[Region], areas: Sequence[AreaProgress] = ()) -> dict[str, int]:
    """The villages' numbers added up, with the 面上问题 of townships and the county given (area_progress)."""
    totals = {key: sum(getattr(row, key) for row in rows) for key in PROGRESS_KEYS}
    totals["problems"] += sum(area.problems for area in areas)
    totals["open_problems"] += sum(area.open_problems for area in areas)
    totals["unassigned"] = sum(1 for row in rows if not row.screeners)
    return totals


@dataclass
class TownshipProgress:
    """A township's line of the progress (003 四(三) 督导调度; 004 "镇每季"): its villages' numbers added up."""

    region: Region
    villages: int
    numbers: dict[str, int]


def progress_by_township(rows: list[Region], areas: Sequence[AreaProgress] = ()) -> list[TownshipProgress]:
    """The village rows of campaign_progress rolled up per township, in the townships' order, each with the
    township's own 面上问题 among `areas` (as the summary table's township unit counts them)."""
    groups: dict[int, list[Region]] = {}
    for row in rows:
        groups.setdefault(row.parent_id, []).append(row)
    return [
        TownshipProgress(
            region=villages[0].parent,
            villages=len(villages),
            numbers=progress_totals(villages, [a for a in areas if a.region.pk == villages[0].parent_id]),
        )
        for villages in sorted(groups.values(), key=lambda vs: vs[0].parent.path)
    ]


def area_lines(
    areas: list[AreaProgress], townships: list[TownshipProgress], chosen: TownshipProgress | None
) -> dict[str, list[AreaProgress]]:
    """The 面上问题 lines of the campaign's page: among townships (more than one), the county's, the townships' own
    being in their line; among the villages shown, those of the township opened, or all when there is no township
    table (a township's page), so that each table adds up to its 合计."""
    if len(townships) > 1:
        among_villages = [a for a in areas if chosen is not None and a.region.pk == chosen.region.pk]
        return {"township_areas": areas_apart(areas, townships), "village_areas": among_villages}
    return {"township_areas": [], "village_areas": areas}


def areas_apart(areas: list[AreaProgress], townships: list[TownshipProgress]) -> list[AreaProgress]:
    """The 面上问题 units not counted in a township's line (the county's): lines of their own among townships."""
    folded = {t.region.pk for t in townships}
    return [area for area in areas if area.region.pk not in folded]


# --- before the county ends a campaign (结束排查 cannot be undone) ---

MSG_PHASE_RUNNING = "入户排查阶段（{starts}至{ends}）尚未结束，今天是{today}{current}"
# 003 §三(三): the problem ledger is built in the 问题整改 phase, and an ended campaign takes no new problem
# (campaign_problems.ensure_open).
MSG_RECTIFICATION_RUNNING = "问题整改阶段到{ends}才结束；结束后不能再登记新问题"
MSG_UNASSIGNED = "{count}个村未安排排查人：{names}"
MSG_COVERAGE = "范围内{total}户，已入户排查{screened}户，还有{missing}户未排查（涉及{villages}个村）"
SHOWN_VILLAGES = 10


def village_names(rows: list[Region]) -> str:
    """The first villages (in the order given) with their township, and how many in all when there are more."""
    names = "、".join(f"{row.name}（{row.parent.name}）" for row in rows[:SHOWN_VILLAGES])
    return names + (f"等{len(rows)}个村" if len(rows) > SHOWN_VILLAGES else "")


@dataclass
class CloseCheck:
    """What ending the campaign today would cut short (003 §三 the phases by date, §四(二) 逐村逐户排查): the
    入户排查 phase still running, the 问题整改 phase still running (003 §三(三): no new problem may be entered
    after the end), villages nobody was assigned to screen, households not screened yet; and, apart
    from those, the households left out because nobody lives there any more (emptied)."""

    today: date
    field_phase: CampaignPhase | None  # the 入户排查 phase, only while it has not ended
    rectification_phase: CampaignPhase | None  # the 问题整改 phase, only while it has not ended
    current_phase: CampaignPhase | None
    unassigned: list[Region]
    incomplete: list[Region]  # villages with households not screened, fewest screened first
    totals: dict[str, int]

    @property
    def other_phase(self) -> CampaignPhase | None:
        """The phase today falls in when it is not 入户排查 itself (动员培训 before it starts)."""
        return self.current_phase if self.current_phase != self.field_phase else None

    @property
    def missing(self) -> int:
        return self.totals["total"] - self.totals["screened"]

    @property
    def unassigned_names(self) -> str:
        return village_names(self.unassigned)

    @property
    def shown_incomplete(self) -> list[Region]:
        return self.incomplete[:SHOWN_VILLAGES]

    @property
    def more_incomplete(self) -> int:
        return max(len(self.incomplete) - SHOWN_VILLAGES, 0)

    @property
    def emptied(self) -> int:
        """Households the campaign left out (nobody living there, no form): not work cut short, since there is
        nobody to screen, but said before the end so that the smaller total reads for what it is (MSG_EMPTIED)."""
        return self.totals["emptied"]

    @property
    def emptied_note(self) -> str:
        return emptied_note(self.emptied)

    @property
    def rectification_ends(self) -> str:
        """The 问题整改 phase's last day as M月D日, with the year when it is not this year's."""
        ends = self.rectification_phase.ends_on if self.rectification_phase else None
        if ends is None:
            return ""
        return (f"{ends.year}年" if ends.year != self.today.year else "") + f"{ends.month}月{ends.day}日"

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.field_phase:
            other = self.other_phase
            found.append(
                MSG_PHASE_RUNNING.format(
                    starts=self.field_phase.starts_on.isoformat(),
                    ends=self.field_phase.ends_on.isoformat(),
                    today=self.today.isoformat(),
                    current=f"，当前处于{other.get_kind_display()}阶段" if other else "",
                )
            )
        if self.rectification_phase:
            found.append(MSG_RECTIFICATION_RUNNING.format(ends=self.rectification_ends))
        if self.unassigned:
            found.append(MSG_UNASSIGNED.format(count=len(self.unassigned), names=self.unassigned_names))
        if self.incomplete:
            found.append(
                MSG_COVERAGE.format(
                    total=self.totals["total"],
                    screened=self.totals["screened"],
                    missing=self.missing,
                    villages=len(self.incomplete),
                )
            )
        return found


def close_check(*, actor: Any, campaign: Campaign) -> CloseCheck:
    today = timezone.localdate()
    phases = list(campaign.phases.all())
    field = next((p for p in phases if p.kind == PhaseKind.FIELD_SCREENING and today <= p.ends_on), None)
    rectification = next((p for p in phases if p.kind == PhaseKind.RECTIFICATION and today <= p.ends_on), None)
    rows = list(campaign_progress(actor=actor, campaign=campaign))
    incomplete = [row for row in rows if row.screened < row.total]
    return CloseCheck(
        today=today,
        field_phase=field,
        rectification_phase=rectification,
        current_phase=next((p for p in phases if p.starts_on <= today <= p.ends_on), None),
        unassigned=[row for row in rows if not row.screeners],
        incomplete=sorted(incomplete, key=lambda row: (row.screened / row.total, row.path)),
        totals=progress_totals(rows),
    )
