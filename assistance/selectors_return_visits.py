"""Reads of the return visits (回访) over many plans: the overview table of the return-visit page, and the plans whose
latest return visit found the help not working (成效不明显), which the page's tab and the home tile list.

000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实. A return visit rated 成效不明显 asks for the measures to be adjusted;
it stays asked until a later return visit rates the help again (the latest one decides, whatever measures were added
meanwhile: their effect is what the next return visit assesses)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from assistance.choices import Effect
from assistance.following import assisted_q
from assistance.models import Plan, ReturnVisit
from households.choices import PATH_LENGTH, RegionLevel
from households.models import Region

DUE_SOON_DAYS = 7


def _latest(field: str) -> Subquery:
    """The plan's latest return visit's `field` (by visit date, then as recorded), for an annotation."""
    latest = ReturnVisit.objects.filter(plan=OuterRef("pk")).order_by("-visited_on", "-pk").values(field)[:1]
    return Subquery(latest)


def plans_with_poor_effect(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """The followed plans among `plans` whose latest return visit was rated 成效不明显, each with
    `latest_return_visit_on` (the date of that visit)."""
    poor = plans.filter(assisted_q("household")).alias(latest_effect=_latest("effect"))
    return poor.filter(latest_effect=Effect.POOR).annotate(latest_return_visit_on=_latest("visited_on"))


def poor_effect_count(*, actor: Any) -> int:
    """The home tile's count: plans in the actor's scope whose latest return visit was 成效不明显."""
    return plans_with_poor_effect(Plan.objects.visible_to(actor)).count()


@dataclass(frozen=True)
class Overview:
    """The return-visit page's table: one row per township for the county, per village for a township (or a
    village) and for the county's view narrowed to one township. `param` is the list's parameter a row's links
    narrow it by (a township's path, a village's code: households.place_filter reads either)."""

    level_label: str
    param: str
    rows: list[dict[str, Any]]


def return_visit_overview(*, actor: Any, within: Region | None = None) -> Overview:
    """Per township, or per village under a township: the followed plans, their return visits overdue, due within a
    week, and those whose latest return visit was 成效不明显. One aggregate grouped by the region's part of the path,
    then the regions that have plans (a query per region was one per township or village, each reading its plans).
    `within`: the place the page is narrowed to (in the actor's scope: households.place_filter.place_named)."""
    today = timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    base = within.path if within is not None else (user_scope_prefix(actor) or "")
    by_village = len(base) >= PATH_LENGTH[RegionLevel.TOWNSHIP]
    level = RegionLevel.VILLAGE if by_village else RegionLevel.TOWNSHIP
    plans = Plan.objects.visible_to(actor).filter(assisted_q("household"), region_path__startswith=base)
    counts = (
        plans.alias(latest_effect=_latest("effect"))
        .annotate(part=Substr("region_path", 1, PATH_LENGTH[level]))
        .values("part")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(next_return_due__lt=today)),
            due=Count("pk", filter=Q(next_return_due__gte=today, next_return_due__lte=soon)),
            poor=Count("pk", filter=Q(latest_effect=Effect.POOR)),
        )
        .order_by()
    )
    by_path = {row.pop("part"): row for row in counts}
    regions = Region.objects.filter(level=level, path__in=by_path).order_by("path")
    rows = [{"region": region, **by_path[region.path]} for region in regions]
    if by_village:
        return Overview(level_label="村", param="village", rows=rows)
    return Overview(level_label="乡镇", param="township", rows=rows)
