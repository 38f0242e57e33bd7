"""预警汇总: the county's (or a township's) alerts counted by the next region level down and by department, for a
period of raise dates. Two GROUP BY queries over `Alert.objects.visible_to(actor)`; the page, the API and the
部门预警汇总表 ledger all read `alert_summary`."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.choices import Department
from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_scope_prefix
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus
from alerts.models import Alert, FeedType
from households.choices import PATH_LENGTH, RegionLevel
from households.models import Region

# The outcomes' column headers: each choice's label without its note in brackets ("纳入监测（发起识别）").
OUTCOME_HEADERS = [(code, str(label).split("（")[0]) for code, label in AlertOutcome.choices]
MSG_SUMMARY_SCOPE = "预警汇总供县级和乡镇业务人员查看各乡镇、各村和各部门的预警核实情况，您的角色不能查看。"

# The level whose rows a scope is counted by: a county by township, a township by village.
ROW_LEVEL = {
    PATH_LENGTH[RegionLevel.COUNTY]: RegionLevel.TOWNSHIP,
    PATH_LENGTH[RegionLevel.TOWNSHIP]: RegionLevel.VILLAGE,
}


@dataclass
class SummaryRow:
    key: str  # a region path, a department code, or "" for 合计
    label: str
    total: int = 0
    # 涉及人数: the persons the alerts name (one row of a file may raise several alerts: ⑥ uninsured and over the
    # amount). Not added up: a 合计 counts its own, one person alerted in two departments being one person.
    people: int = 0
    pending: int = 0
    overdue: int = 0
    county: int = 0
    verified: int = 0
    on_time: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AlertOutcome.values, 0))
    region_code: str = ""  # the worklist's region filter reads the region's code

    @property
    def on_time_rate(self) -> float | None:
        """按时核实率 (%): verified by the first deadline, of those verified; None when none were."""
        return round(100 * self.on_time / self.verified, 1) if self.verified else None

    @property
    def outcome_counts(self) -> list[tuple[str, int]]:
        """(outcome code, count) in the choices' order, for a template's columns."""
        return [(code, self.outcomes[code]) for code in AlertOutcome.values]

    def add(self, other: "SummaryRow") -> None:
        for name in ("total", "pending", "overdue", "county", "verified", "on_time"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code, n in other.outcomes.items():
            self.outcomes[code] += n


@dataclass
class AlertSummary:
    level: str  # RegionLevel of the region rows (township or village)
    start: dt.date
    end: dt.date
    regions: list[SummaryRow]
    departments: list[SummaryRow]
    region_total: SummaryRow
    department_total: SummaryRow

    @property
    def level_label(self) -> str:
        return str(RegionLevel(self.level).label)

    @property
    def empty(self) -> bool:
        return self.region_total.total == 0


def summary_level(actor: Any) -> str | None:
    """The level an actor's summary is counted by, None for an actor who has no summary: registry staff of the
    county (by township) or of a township (by village). Not village staff, whose list is their summary, nor a
    department's clerk, who reads their own outcomes page."""
    prefix = user_scope_prefix(actor)
    if prefix is None or not user_can(actor, Capability.REGISTRY_VIEW):
        return None
    if prefix == "":  # a development superuser: the county, by township
        return RegionLevel.TOWNSHIP
    return ROW_LEVEL.get(len(prefix))


def _counts() -> dict[str, Any]:
    today = timezone.localdate()
    pending, verified = Q(status=AlertStatus.PENDING), Q(status=AlertStatus.VERIFIED)
    counts: dict[str, Any] = {
        "total": Count("pk"),
        "people": Count("id_number", distinct=True),
        "pending": Count("pk", filter=pending),
        # Past the first deadline (Alert.verify_by), as the worklist's 已逾期 tab and the ledger count it.
        "overdue": Count("pk", filter=pending & Q(verify_by__lt=today)),
        "county": Count("pk", filter=Q(level=AlertLevel.COUNTY)),
        "verified": Count("pk", filter=verified),
        # By the first deadline, which escalation never moves: an alert verified within the days an escalation
        # added was still verified late (Alert.verify_by; the 核实台账's 是否超期 reads the same).
        "on_time": Count("pk", filter=verified & Q(verified_on__lte=F("verify_by"))),
    }
    for code in AlertOutcome.values:
        counts[f"outcome_{code}"] = Count("pk", filter=verified & Q(outcome=code))
    return counts


def _row(key: str, label: str, values: dict[str, Any] | None, region_code: str = "") -> SummaryRow:
    row = SummaryRow(key=key, label=label, region_code=region_code)
    if values:
        for name in ("total", "people", "pending", "overdue", "county", "verified", "on_time"):
            setattr(row, name, values[name])
        row.outcomes = {code: values[f"outcome_{code}"] for code in AlertOutcome.values}
    return row


def _total(label: str, rows: list[SummaryRow], people: int) -> SummaryRow:
    total = SummaryRow(key="", label=label, people=people)
    for row in rows:
        total.add(row)
    return total


def alert_summary(*, actor: Any, start: dt.date, end: dt.date, within: str = "") -> AlertSummary:
    """Alerts raised in [start, end] in the actor's scope, counted per region one level down (every region of
    that level in scope has its row, with zeros) and per department (the departments with an active feed type,
    and any other that raised an alert in the period). `within`: a region path inside the scope that narrows
    the count (the reports page's region). Raises PermissionError for an actor with no summary."""
    level = summary_level(actor)
    if level is None:
        raise PermissionError(MSG_SUMMARY_SCOPE)
    alerts = Alert.objects.visible_to(actor).filter(raised_on__gte=start, raised_on__lte=end).order_by()
    if within:
        alerts = alerts.filter(region_path__startswith=within)
    counts = _counts()
    length = PATH_LENGTH[level]
    areas = alerts.annotate(area=Substr("region_path", 1, length)).values("area")
    by_region = {v.pop("area"): v for v in areas.annotate(**counts)}
    by_department = {v.pop("department"): v for v in alerts.values("department").annotate(**counts)}

    prefix = user_scope_prefix(actor) or ""
    regions = Region.objects.filter(level=level, path__startswith=prefix).order_by("path")
    if within:  # the rows of the regions the narrower one lies in or holds
        regions = regions.filter(Q(path__startswith=within) | Q(path=within[:length]))
    region_rows = [_row(r.path, r.name, by_region.get(r.path), r.code) for r in regions]
    known = {row.key for row in region_rows}
    # An alert whose path names no region of the level (a region since removed) still counts in 合计.
    region_rows += [_row(path, path, values) for path, values in sorted(by_region.items()) if path not in known]

    people = alerts.aggregate(n=Count("id_number", distinct=True))["n"]
    active = set(FeedType.objects.filter(is_active=True).values_list("department", flat=True))
    codes = [code for code in Department.values if code in active or code in by_department]
    department_rows = [_row(code, str(Department(code).label), by_department.get(code)) for code in codes]
    return AlertSummary(
        level=level,
        start=start,
        end=end,
        regions=region_rows,
        departments=department_rows,
        region_total=_total("合计", region_rows, people),
        department_total=_total("合计", department_rows, people),
    )
