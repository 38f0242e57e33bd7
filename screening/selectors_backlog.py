"""The screening backlog by place: how many hits still wait for a visit and a verification (待处理) in each township
or village, and since when. 000 §三(三)1 pushes a hit down for a household visit and a verification note; the county
sees which township lets them wait (the worklist's summary, the dashboard's 分乡镇情况)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q
from django.db.models.functions import Substr

from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel
from households.models import Region
from screening.choices import ResultStatus
from screening.models import ScreeningResult

# A hit waiting longer than this is counted apart (待处理超过30天). Not a rule of the seeds: 001 §三 asks no more
# than 15 days from the risk found to inclusion, so a hit not even verified after twice that is far behind.
STALE_DAYS = 30
# The worklist's filter for them (WorklistFilterForm.waiting, the API's ?waiting=stale), which the dashboard's
# 筛查待处理超过30天 links to.
WAITING_STALE = "stale"
WAITING_CHOICES = [(WAITING_STALE, f"待处理超过{STALE_DAYS}天")]
WAITING_HELP = f"等待时间：stale 为待处理超过{STALE_DAYS}天（从首次命中之日算起）"


def stale_waiting(on_date: dt.date) -> Q:
    """A hit still 待处理 whose first hit is more than STALE_DAYS before `on_date`: the one rule of the dashboard's
    and the worklist summary's 超过30天 counts and of the worklist's filter."""
    return Q(status=ResultStatus.HIT, first_hit_on__lt=on_date - dt.timedelta(days=STALE_DAYS))


_CHILD_LEVEL = {RegionLevel.COUNTY: RegionLevel.TOWNSHIP, RegionLevel.TOWNSHIP: RegionLevel.VILLAGE}


@dataclass(frozen=True)
class Waiting:
    """The 待处理 results of one place: how many, how many waiting more than STALE_DAYS, the oldest first hit."""

    count: int
    stale: int
    oldest: dt.date
    on_date: dt.date

    @property
    def days(self) -> int:
        """The age of the oldest, in days since its first hit (待处理最久 N 天)."""
        return (self.on_date - self.oldest).days


@dataclass(frozen=True)
class PlaceWaiting:
    region: Region
    waiting: Waiting
    current: bool = False  # the village the worklist is narrowed to


@dataclass(frozen=True)
class Backlog:
    """The worklist's summary: the places under `root` with hits waiting, the oldest first; `clear`: how many of
    the places have none."""

    root: Region
    level: str  # the places' level: township or village
    rows: list[PlaceWaiting]
    clear: int
    stale_days: int = STALE_DAYS

    @property
    def unit(self) -> str:
        return "乡镇" if self.level == RegionLevel.TOWNSHIP else "村"

    @property
    def heading(self) -> str:  # 各乡镇待处理; 涂埠镇各村待处理
        return "各乡镇待处理" if self.level == RegionLevel.TOWNSHIP else f"{self.root.name}各村待处理"


def waiting_by_unit(*, actor: Any, region_path: str, unit_length: int, on_date: dt.date) -> dict[str, Waiting]:
    """The 待处理 results in the actor's scope under `region_path`, grouped by the first `unit_length` characters of
    their region path (a township's or a village's path), in one grouped query."""
    rows = (
        ScreeningResult.objects.visible_to(actor)
        .filter(status=ResultStatus.HIT, region_path__startswith=region_path)
        .annotate(unit=Substr("region_path", 1, unit_length))
        .values("unit")
        .annotate(n=Count("id"), stale=Count("id", filter=stale_waiting(on_date)), oldest=Min("first_hit_on"))
        .order_by()
    )
    return {
        row["unit"]: Waiting(count=row["n"], stale=row["stale"], oldest=row["oldest"], on_date=on_date) for row in rows
    }


def _scope_root(actor: Any) -> Region | None:
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return None
    regions = Region.objects.visible_to(actor)
    if prefix:
        return regions.filter(path=prefix).first()
    return regions.filter(level=RegionLevel.COUNTY).order_by("path").first()


def backlog_by_place(*, actor: Any, place: Region | None, on_date: dt.date) -> Backlog | None:
    """The 待处理 hits per township of the county, or per village of a township: under the place the worklist is
    narrowed to (a village's: its township's villages, itself marked), else under the actor's whole scope. None for
    a scope of one village (a village cadre's): there is nothing to compare."""
    root = place if place is not None else _scope_root(actor)
    current = None
    if root is not None and root.level == RegionLevel.VILLAGE:
        current, root = root, root.parent
    scope = user_scope_prefix(actor)
    if root is None or root.level not in _CHILD_LEVEL or scope is None or not root.path.startswith(scope):
        return None
    level = _CHILD_LEVEL[root.level]
    places = list(Region.objects.filter(parent=root, level=level).order_by("path"))
    if not places:
        return None
    waiting = waiting_by_unit(actor=actor, region_path=root.path, unit_length=len(places[0].path), on_date=on_date)
    rows = [
        PlaceWaiting(p, waiting[p.path], current is not None and p.pk == current.pk)
        for p in places
        if p.path in waiting
    ]
    rows.sort(key=lambda row: (row.waiting.oldest, -row.waiting.count, row.region.path))
    return Backlog(root=root, level=level, rows=rows, clear=len(places) - len(rows))
