import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from households.choices import RiskType
from households.lines import LinePosition, PlaceLine
from households.models import Household
from households.selectors import deployment_county_path
from screening import engine_kinds
from screening.choices import ChangeKind, ResultStatus, RiskSource, RuleKind, RunStatus
from screening.engine_kinds import inside_line, warning_applies
from screening.models import (
    ExclusionFact,
    MonitoringLine,
    RiskFlag,
    ScreeningChange,
    ScreeningResult,
    ScreeningRule,
    ScreeningRun,
)
from screening.selectors_backlog import STALE_DAYS, WAITING_STALE, stale_waiting


def result_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[ScreeningResult]:
    """The worklist: screening results in the actor's scope, by default those still to act on."""
    filters = filters or {}
    results = _results(actor, filters).filter(status=filters.get("status") or ResultStatus.HIT)
    return results.select_related(
        "household", "household__village", "household__village__parent", "handled_by"
    ).order_by("first_hit_on", "region_path", "household_id")


def _results(actor: Any, filters: dict[str, Any]) -> QuerySet[ScreeningResult]:
    """The results in scope under every filter but the status: a region path, a township or village code (the
    API's), a risk type, a head's name or household number, and waiting ("stale": 待处理 more than STALE_DAYS days,
    as the dashboard counts them)."""
    results = ScreeningResult.objects.visible_to(actor)
    if filters.get("region"):
        results = results.filter(region_path__startswith=filters["region"])
    if filters.get("village"):
        results = results.filter(household__village__code=filters["village"])
    if filters.get("township"):
        results = results.filter(household__village__parent__code=filters["township"])
    if filters.get("risk_type"):
        results = results.filter(risk_types__contains=[filters["risk_type"]])
    if filters.get("waiting") == WAITING_STALE:
        results = results.filter(stale_waiting(timezone.localdate()))
    q = (filters.get("q") or "").strip()
    if q:
        results = results.filter(Q(household__head_name__contains=q) | Q(household__number=q))
    return results


def result_filtered(*, actor: Any, filters: dict[str, Any]) -> QuerySet[ScreeningResult]:
    """The results under the worklist's filters, its status too when one is given (every status when none): what
    the 筛查结果台账 exported from the worklist holds, the rows the page lists."""
    results = _results(actor, filters)
    return results.filter(status=filters["status"]) if filters.get("status") else results


def result_filter_words(filters: dict[str, Any]) -> str:
    """The worklist's status, risk type and name filters in words (状态：待处理，风险类型：因安全住房，户主或户编号：
    方俊), as the export button and the export's audit record say what the file holds; "" for none."""
    words = []
    if filters.get("status") in ResultStatus.values:
        words.append(f"状态：{ResultStatus(filters['status']).label}")
    if filters.get("risk_type") in RiskType.values:
        words.append(f"风险类型：{RiskType(filters['risk_type']).label}")
    if filters.get("waiting") == WAITING_STALE:
        words.append(f"待处理超过{STALE_DAYS}天")
    if q := (filters.get("q") or "").strip():
        words.append(f"户主或户编号：{q}")
    return "，".join(words)


def result_counts(*, actor: Any, filters: dict[str, Any] | None = None) -> dict[str, int]:
    """The worklist's tab counts, under its other filters (place, risk type, name)."""
    rows = _results(actor, filters or {}).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def result_get(*, actor: Any, pk: int) -> ScreeningResult:
    return get_object_or_404(ScreeningResult.objects.visible_to(actor).select_related("household"), pk=pk)


def household_screened_at(household: Household) -> dt.datetime | None:
    """When the household was last screened: the latest finished county run or run of this household. (A result
    row changes only when its outcome does, so its own `updated_at` says when it last changed, not this.)"""
    finished = ScreeningRun.objects.filter(status__in=[RunStatus.DONE, RunStatus.DONE_WITH_FAILURES])
    times = [
        finished.filter(household__isnull=True).order_by("-started_at").values_list("started_at", flat=True).first(),
        finished.filter(household=household).order_by("-started_at").values_list("started_at", flat=True).first(),
    ]
    return max((t for t in times if t is not None), default=None)


def household_screening(household: Household) -> dict[str, Any]:
    result = ScreeningResult.objects.filter(household=household).select_related("handled_by", "override_by").first()
    return {
        "screened_at": household_screened_at(household),
        # Its reasons as the worklist shows them: an income reason says when the line is an earlier year's.
        "result": with_line_notes([result], on_date=timezone.localdate())[0] if result else None,
        "flags": RiskFlag.objects.filter(household=household, is_active=True),
        "exclusions": ExclusionFact.objects.filter(household=household, is_active=True).select_related(
            "member", "overruled_by__decided_by"
        ),
        # Withdrawn ones stay on view, muted, with who withdrew them, when and why.
        "withdrawn_exclusions": ExclusionFact.objects.filter(household=household, is_active=False)
        .select_related("member", "withdrawn_by")
        .order_by(F("withdrawn_at").desc(nulls_last=True), "-id"),
        "changes": household_changes(household)[:HOUSEHOLD_CHANGES_SHOWN],
    }


def household_visit_risks(household: Household, *, after: dt.date | None = None) -> dict[str, dt.date]:
    """Risk type → the first day a cadre's visit found it (an active flag of source 走访发现, services.results
    .risk_flags_from_visit), counting only visits after `after`. Such a flag is never retired, so a caller asking
    about a new finding names the day its earlier ones were settled."""
    flags = RiskFlag.objects.filter(household=household, source=RiskSource.VISIT, is_active=True)
    if after is not None:
        flags = flags.filter(detected_on__gt=after)
    found: dict[str, dt.date] = {}
    for risk_type, detected_on in flags.order_by("detected_on", "pk").values_list("risk_type", "detected_on"):
        found.setdefault(risk_type, detected_on)
    return found


HOUSEHOLD_CHANGES_SHOWN = 10


def household_changes(household: Household) -> QuerySet[ScreeningChange]:
    """How the household's screening result changed, newest first, with the run that changed it (and the case a
    hit was handed to)."""
    return ScreeningChange.objects.filter(household=household).select_related("run", "case").order_by("-run_id")


@dataclass(frozen=True)
class LineInForce:
    """A monitoring line that can apply on a date, with its warning line amount if the date is in a warning
    period."""

    line: MonitoringLine
    warning: Decimal | None

    @property
    def prefix(self) -> str:
        return self.line.region_prefix


def lines_in_force(*, on_date: dt.date) -> list[LineInForce]:
    """The lines that can apply on `on_date`, in the order that decides between them: the newest year not after the
    date's year, then the most specific region prefix (county before province); each prefix once, with its newest
    line. A place's line is the first one whose prefix its region path starts with (line_applicable; the screening
    run evaluates the same list in SQL, screening.engine)."""
    lines = sorted(
        MonitoringLine.objects.filter(year__lte=on_date.year).prefetch_related("warnings"),
        key=lambda line: (-line.year, -len(line.region_prefix), line.region_prefix),
    )
    in_force: dict[str, LineInForce] = {}
    for line in lines:
        if line.region_prefix not in in_force:
            warning = next((w.amount for w in line.warnings.all() if w.starts_on <= on_date <= w.ends_on), None)
            in_force[line.region_prefix] = LineInForce(line=line, warning=warning)
    return list(in_force.values())


def line_applicable(*, region_path: str, on_date: dt.date) -> tuple[MonitoringLine, Decimal | None] | None:
    """Which line applies to a household at this place on this date, with the warning line amount if the date falls
    in a warning period."""
    found = next((line for line in lines_in_force(on_date=on_date) if region_path.startswith(line.prefix)), None)
    return None if found is None else (found.line, found.warning)


@dataclass(frozen=True)
class IncomeLine:
    """The lines one household's per-capita net income is compared with on a date, as the screening rule
    收入低于监测标准 compares it (screening.engine_kinds._income_below_line): the monitoring line of its place
    (`inclusive`: an income equal to it is inside), and the warning line (`warning`) while one is in force, the rule
    uses warning lines and the household is one they are for (脱贫户 or 监测对象: engine_kinds.warning_applies).
    `for_year` is the year of the date asked about: a line of an earlier year stands in while that year's is not
    entered, and every text quoting it says so (000 §三(一)1: the range is adjusted every year)."""

    year: int
    line: Decimal
    inclusive: bool = False
    warning: Decimal | None = None
    for_year: int | None = None

    @property
    def amount(self) -> Decimal:
        """The line an income has to reach: the warning line where one applies, else the monitoring line."""
        return self.line if self.warning is None else self.warning

    @property
    def stands_in(self) -> bool:
        """Whether this is an earlier year's line used because `for_year`'s is not entered."""
        return self.for_year is not None and self.year < self.for_year

    @property
    def label(self) -> str:  # "2026年监测标准 7,300 元"; "沿用2021年监测标准 6,000 元（2026年未录入）"
        return self.line_label if self.warning is None else self._words("预警线", self.warning)

    @property
    def line_label(self) -> str:  # the monitoring line's, whichever the household is compared with
        return self._words("监测标准", self.line)

    def _words(self, kind: str, amount: Decimal, note: str = "") -> str:
        notes = [f"{self.for_year}年未录入"] if self.stands_in else []
        notes += [note] if note else []
        said = f"{self.year}年{kind} {amount:,.0f} 元" + (f"（{'；'.join(notes)}）" if notes else "")
        return f"沿用{said}" if self.stands_in else said

    def position(self, per_capita: Decimal) -> LinePosition:
        """Where the rule finds this income: inside the line (under it, or at an inclusive one), else under the
        warning line, else above."""
        if inside_line(per_capita, self.line, inclusive=self.inclusive):
            return LinePosition.AT if per_capita == self.line else LinePosition.BELOW
        if self.warning is not None and per_capita < self.warning:
            return LinePosition.UNDER_WARNING
        return LinePosition.ABOVE

    def includes(self, per_capita: Decimal) -> bool:
        """Whether the rule would find this income inside: under the line (or at an inclusive one), or under the
        warning line."""
        return self.position(per_capita) is not LinePosition.ABOVE

    def standing(self, per_capita: Decimal) -> str:
        """Where an income stands, in the rule's words: under the line it quotes the line (等于… for an income at an
        inclusive line), between the line and the warning line the warning line; else 不低于 the line it reached."""
        position = self.position(per_capita)
        if position is LinePosition.AT:
            return f"等于{self._words('监测标准', self.line, '标准以下含本数')}"
        if position is LinePosition.BELOW:
            return f"低于{self.line_label}"
        return f"低于{self.label}" if position is LinePosition.UNDER_WARNING else f"不低于{self.label}"


def _income_line(*, region_path: str, on_date: dt.date, warned: bool) -> IncomeLine | None:
    found = line_applicable(region_path=region_path, on_date=on_date)
    if found is None:
        return None
    line, warning = found
    if warning is not None and not (warned and _rule_uses_warning_lines()):
        warning = None
    return IncomeLine(
        year=line.year, line=line.amount, inclusive=line.inclusive, warning=warning, for_year=on_date.year
    )


def _rule_uses_warning_lines() -> bool:
    rule = ScreeningRule.objects.filter(kind=RuleKind.INCOME_BELOW_LINE, is_active=True).order_by("code").first()
    return rule is not None and rule.params.get("use_warning_lines", True) is not False


def income_line(*, household: Household, on_date: dt.date) -> IncomeLine | None:
    """The lines `household` is compared with on `on_date` (households.lines registers this: the registry's texts
    say what the screening run finds); None when no line is set for its place."""
    warned = warning_applies(household_type=household.household_type, monitoring_category=household.monitoring_category)
    return _income_line(region_path=household.region_path, on_date=on_date, warned=warned)


def line_table(*, on_date: dt.date, warned: bool) -> list[PlaceLine]:
    """Every place's line on `on_date` in the order that decides (lines_in_force), as income_line would give it to
    a household of that place: for a query over many households (households.lines.line_table)."""
    uses_warning = warned and _rule_uses_warning_lines()
    table = []
    for found in lines_in_force(on_date=on_date):
        warning = found.warning if uses_warning else None
        amount = found.line.amount if warning is None else warning
        table.append(PlaceLine(found.prefix, amount, found.line.inclusive and warning is None))
    return table


def line_summary(*, region_path: str, on_date: dt.date) -> str:
    """The line the households at a place are compared with, in words, with the warning line for the households it
    is for: "2026年监测标准 6,000 元（脱贫户、监测对象对照2026年预警线 6,500 元）"; "" when no line is set."""
    line = _income_line(region_path=region_path, on_date=on_date, warned=True)
    if line is None:
        return ""
    if line.warning is None:
        return line.label
    return f"{line.line_label}（脱贫户、监测对象对照{line.label}）"


# What the missing line means for what everyone sees (the screening's income comparisons), and what those who enter
# lines (services.config.CONFIG_ROLES) are asked to do about it: the others cannot, and are not asked.
MSG_NO_LINE = "尚未设置适用于本县的监测标准：筛查不会按收入低于标准命中任何农户。"
MSG_OLD_LINE = "{year}年的监测标准尚未录入：筛查仍按 {line_year} 年{label}标准 {amount:,.0f} 元执行。"
MSG_ENTER_NO_LINE = "请在“监测标准”中录入。"
MSG_ENTER_OLD_LINE = "省里公布本年度标准后，请在“监测标准”中录入。"


def line_notice(*, on_date: dt.date, enters_lines: bool = False) -> str:
    """What a county should be told about its line on `on_date`: none covers the county, or the one that does is of
    an earlier year (seed 000: 以后每年度根据省乡村振兴局统一调整确定监测范围); empty when this year's is in force.
    Whom `enters_lines` is asked to enter it; the others are told only what the screening does meanwhile."""
    county_path = deployment_county_path()
    if not county_path:
        return ""
    found = line_applicable(region_path=county_path, on_date=on_date)
    if found is None:
        return MSG_NO_LINE + (MSG_ENTER_NO_LINE if enters_lines else "")
    line = found[0]
    if line.year >= on_date.year:
        return ""
    told = MSG_OLD_LINE.format(year=on_date.year, line_year=line.year, label=line.region_label, amount=line.amount)
    return told + (MSG_ENTER_OLD_LINE if enters_lines else "")


# An income reason quotes the line it was measured against and, where that is not the line of the income's own year,
# says so (screening.engine_kinds.MSG_OLD_LINE_REASON, written by the run: which year's is missing, which was used).
MSG_OLD_LINE_REASON = engine_kinds.MSG_OLD_LINE_REASON


def line_noter(*, on_date: dt.date) -> Callable[[str, list[str] | None, list[str] | None], list[str]]:
    """(region_path, reasons, rule_codes) -> the reasons as shown. The one wording of the worklist, the household
    panel, the API and the 筛查结果台账. The run words a hit against another year's line itself, by the income's year
    (engine._line_sql), not by `on_date`'s: a 2025 income is compared with 2025's line, whatever the year now."""

    def noted(region_path: str, reasons: list[str] | None, codes: list[str] | None) -> list[str]:
        return list(reasons or [])

    return noted


def with_line_notes(results: Iterable[ScreeningResult], *, on_date: dt.date) -> list[ScreeningResult]:
    """The results with `shown_reasons` (line_noter)."""
    noted = line_noter(on_date=on_date)
    rows = []
    for result in results:
        result.shown_reasons = noted(result.region_path, result.reasons, result.rule_codes)  # type: ignore[attr-defined]
        rows.append(result)
    return rows


def line_list() -> QuerySet[MonitoringLine]:
    return MonitoringLine.objects.prefetch_related("warnings").order_by("-year", "region_prefix")


def rule_list() -> QuerySet[ScreeningRule]:
    return ScreeningRule.objects.order_by("code")


RUN_GROUPS = {"county": "全县筛查", "household": "单户筛查"}


def run_list(*, actor: Any, group: str | None = None) -> QuerySet[ScreeningRun]:
    """Runs, newest first: of the whole county ("county"), of single households after a change ("household"),
    or all. A single household's run is seen only by those who see the household (it tells whether it was hit)."""
    runs = (
        ScreeningRun.objects.filter(
            Q(household__isnull=True) | Q(household__in=Household.objects.visible_to(actor).values("pk"))
        )
        .select_related("triggered_by")
        .order_by("-started_at", "-id")
    )
    if group == "county":
        runs = runs.filter(household__isnull=True)
    elif group == "household":
        runs = runs.filter(household__isnull=False)
    return runs


def run_get(*, actor: Any, pk: int) -> ScreeningRun:
    return get_object_or_404(run_list(actor=actor).select_related("household"), pk=pk)


def run_changes(*, actor: Any, run: ScreeningRun, change: str | None = None) -> QuerySet[ScreeningChange]:
    """What the run changed in the actor's scope: new hits, changed results, households no longer hit, hits handed
    to an open inclusion case (with the case)."""
    changes = ScreeningChange.objects.visible_to(actor).filter(run=run)
    if change in ChangeKind.values:
        changes = changes.filter(change=change)
    return changes.select_related("household", "household__village", "household__village__parent", "case").order_by(
        "region_path", "household_id"
    )
