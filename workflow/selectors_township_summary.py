"""The township's 乡镇审核汇总名单: its cases at or past the township audit (StepKind.TOWNSHIP_AUDIT) in a period, as
the township signs and stamps the list it reports to the county (000 §三(三)3-4: 乡镇汇总并初步审核村级报送的名单后上报;
乡镇根据县级反馈的核实结果再次会同村委进行审核研判…无异议后上报). One row per case: the village, the household, what
the village did (its review and publicity) and the township's opinion. Read by the printed page
(views_township.township_summary) and the XLSX ledger (reports.ledgers.township_audit), so both list the same rows."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel, RiskType
from households.selectors import COUNTY_PATH
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, ProcedureKind, StepKind
from workflow.models import Case, CaseEvent, CaseStep
from workflow.selectors import case_filter
from workflow.selectors_cases import own_region
from workflow.selectors_publicity_end import UNPOSTED, publicity_end_shown
from workflow.services.batch_snapshots import case_snapshots
from workflow.services.case_return import outcome_words
from workflow.services.review_rules import reviews_in

# The filters selectors.case_filter applies (and scopes); the period is this list's own.
SHARED_FILTERS = ("village", "kind")
AWAITING = "待审核"
TITLE = "防止返贫动态监测乡镇审核汇总名单"  # after the place: the printed page's heading and the XLSX's title alike
# 评议 on a row whose publicity is the review too (Step.with_review) and still runs, in place of its date on the
# printed page and in the XLSX alike (the page adds that its minutes come when the publicity ends).
REVIEW_RUNNING = "评议公示中"
FILLING_UNIT = "填报单位"  # the seed forms' stamp label (003 附件3: 填报单位（盖章）) for a list no one township stamps


@dataclass(frozen=True)
class SummaryRow:
    case: Case
    township: str
    village: str
    head_name: str
    members_count: int
    household_type: str
    case_type: str  # 识别纳入（边缘易致贫户）, 风险消除, ...
    risks: str
    income: str | None  # 人均纯收入 of the latest year entered, in yuan
    income_year: int | None
    review_on: dt.date | None
    publicity_from: dt.date | None
    publicity_to: dt.date | str | None  # selectors_publicity_end.UNPOSTED (publicity_from None) till it is posted
    audit_name: str
    audit_on: dt.date | None  # the day the township audited; None while it is still 待审核
    opinion: str  # 通过，情况属实 / 退回村级补正，… / 待审核
    verdict: str  # the opinion's first words alone: 通过 / 不通过 / 退回村级补正 / 待审核
    review_note: str = ""  # in place of review_on while a combined 村级评议公示 runs (REVIEW_RUNNING)
    # The day the village passed its review again after a 退回村级补正, when the publicity listed followed an
    # earlier one (review_on): printed beside it (评议 11-27（补正 12-06）), never in its place.
    review_corrected_on: dt.date | None = None


def _latest_audit() -> QuerySet[CaseStep]:
    """The case's last township audit that is open, done, or returned to the village (a return leaves the step
    未开始 with its outcome, services.case_return, until the village has corrected): where it stands at (or last
    passed) the township. A returned case is the township's work of that day, listed with its 退回村级补正."""
    acted = Q(status__in=[CaseStepStatus.OPEN, CaseStepStatus.DONE]) | Q(
        status=CaseStepStatus.PENDING, outcome=Outcome.RETURN, acted_at__isnull=False
    )
    return CaseStep.objects.filter(acted, case=OuterRef("pk"), step__kind=StepKind.TOWNSHIP_AUDIT).order_by(
        "-step__order"
    )


def township_audit_summary_cases(*, actor: Any, filters: dict[str, Any]) -> QuerySet[Case]:
    """Cases in scope (not withdrawn) at or past a township audit whose audit day — the day it was done, or opened
    for one still waiting — falls in date_from..date_to (inclusive; either may be absent), filtered by village (a
    region path prefix) and kind; by village, then household."""
    shared = {name: filters[name] for name in SHARED_FILTERS if filters.get(name)}
    # An open step's acted_at may be an earlier return's (services.case_return): its day is the day it opened.
    day = DbCase(
        When(status=CaseStepStatus.OPEN, then=F("opened_at")), default=F("acted_at"), output_field=DateTimeField()
    )
    cases = (
        case_filter(actor=actor, filters=shared)
        .exclude(status=CaseStatus.WITHDRAWN)
        .annotate(
            audit_step_id=Subquery(_latest_audit().values("pk")[:1]),
            audit_on=Subquery(_latest_audit().annotate(day=TruncDate(day)).values("day")[:1]),
        )
        .filter(audit_step_id__isnull=False)
    )
    if filters.get("date_from"):
        cases = cases.filter(audit_on__gte=filters["date_from"])
    if filters.get("date_to"):
        cases = cases.filter(audit_on__lte=filters["date_to"])
    return cases.select_related("household", "household__village", "household__village__parent").order_by(
        "region_path", "household__number", "pk"
    )


def _village_steps(cases: list[Case], audits: dict[int, CaseStep]) -> dict[int, tuple[Any, Any]]:
    """Per case, its last village review and last publicity before the township audit (the village's own)."""
    found: dict[int, tuple[Any, Any]] = {}
    rows = (
        CaseStep.objects.filter(case__in=cases, step__kind__in=[StepKind.VILLAGE_REVIEW, StepKind.PUBLICITY])
        .select_related("step")
        .order_by("case_id", "step__order")
    )
    for case_step in rows:
        audit = audits[case_step.case_id]
        if case_step.step.order >= audit.step.order:
            continue
        review, publicity = found.get(case_step.case_id, (None, None))
        if reviews_in(case_step.step):  # a review, or a publicity that is the review too (001 §三 村级评议公示)
            review = case_step
        if case_step.step.kind == StepKind.PUBLICITY:
            publicity = case_step
        found[case_step.case_id] = (review, publicity)
    return found


def _review_passes(reviews: list[CaseStep]) -> dict[int, list[dt.date]]:
    """Per review (its CaseStep id), the days it was passed, oldest first, read from the case's record
    (CaseEvent.detail of each case_act, services.case_records.event_detail): a 退回村级补正 reopens the review and its
    second pass overwrites the step's own acted_at."""
    passes: dict[int, list[dt.date]] = {}
    if not reviews:
        return passes
    events = CaseEvent.objects.filter(
        action="case_act", detail__case_step__in=[review.pk for review in reviews], detail__outcome=Outcome.PASS
    ).order_by("created_at", "pk")
    for detail, created_at in events.values_list("detail", "created_at"):
        passes.setdefault(detail["case_step"], []).append(timezone.localdate(created_at))
    return passes


def _review_days(
    review: CaseStep, publicity: CaseStep | None, passes: list[dt.date]
) -> tuple[dt.date | None, dt.date | None]:
    """(the review the list gives, the 补正 after it or None) of a review held. The list gives the review the
    publicity followed (000 §三(三)2: 评议 then 公示): the last pass on or before the publicity's first day, else the
    first pass; a later pass (the village's review again after a 退回村级补正, its publicity kept) is its 补正. A
    publicity the correction ran again follows the new review, which is then the one given, without a 补正. A review
    reopened by a 退回村级补正 and not yet held again gives its earlier pass, from the record; (None, None) for a
    review never held."""
    if review.status == CaseStepStatus.DONE and review.acted_at:
        current = timezone.localdate(review.acted_at)
    elif passes:
        current = passes[-1]
    else:
        return None, None
    if len(passes) < 2 or publicity is None or publicity.pk == review.pk:
        return current, None  # passed once (or its record predates the facts), or the publicity is the review
    starts = publicity.period_starts_on if publicity.status in (CaseStepStatus.DONE, CaseStepStatus.OPEN) else None
    before = [index for index, day in enumerate(passes) if starts is not None and day <= starts]
    filed = before[-1] if before else 0
    if filed == len(passes) - 1:
        return current, None
    return passes[filed], current


def _risks(case: Case) -> str:
    """The case's risks; an exit's are the household's, which it proposes to mark eliminated."""
    labels = case.risk_type_labels() or [
        str(RiskType(code).label) for code in case.household.risk_types or [] if code in RiskType.values
    ]
    return "、".join(labels)


def _verdict(audit: CaseStep) -> str:
    if audit.status == CaseStepStatus.OPEN:
        return AWAITING
    return outcome_words(audit.step, audit.outcome) if audit.outcome else str(Outcome.PASS.label)


def _opinion(audit: CaseStep) -> str:
    words = _verdict(audit)
    return f"{words}，{audit.note}" if audit.note and words != AWAITING else words


@dataclass(frozen=True)
class SummaryCover:
    """What the list covers, and so how it is headed and stamped (the printed page and the XLSX alike)."""

    township_column: bool  # a 乡镇 column: several townships listed, or the whole county asked for
    township: str  # the one township listed, "" for none, several or a county's list: named in the title
    stamp: str  # whose stamp the list carries: 涂埠镇人民政府, or 填报单位 for a list of several townships

    @property
    def signer(self) -> str:
        """Who signs beside the stamp: a township's list its 乡镇负责人, a list under 填报单位 that unit's 负责人."""
        return "负责人" if self.stamp == FILLING_UNIT else "乡镇负责人"


def summary_cover(*, actor: Any, townships: list[str], region_path: str = "") -> SummaryCover:
    """How the list of these rows' townships is headed. A list of the whole county (the county or above chosen, or
    nothing chosen by a county user) is the county's: titled by the county with a 乡镇 column and stamped by
    填报单位 (each township's government, or the county bureau, stamps what it fills in), whatever townships its rows
    happen to be from. Otherwise a list of more than one township has a 乡镇 column too; a list of one township
    names it in the title and is stamped by its government; an empty one by the user's own township's, else by
    填报单位."""
    names = list(dict.fromkeys(name for name in townships if name))
    county_wide = len(region_path or user_scope_prefix(actor) or "") <= COUNTY_PATH
    if county_wide:
        return SummaryCover(township_column=True, township="", stamp=FILLING_UNIT)
    township = names[0] if len(names) == 1 else ""
    if township:
        stamp = f"{township}人民政府"
    elif names:
        stamp = FILLING_UNIT
    else:
        stamp = _own_township_stamp(actor)
    return SummaryCover(township_column=len(names) > 1, township=township, stamp=stamp)


def _own_township_stamp(actor: Any) -> str:
    region = own_region(actor)
    if region is not None and region.level == RegionLevel.VILLAGE:
        region = region.parent
    if region is not None and region.level == RegionLevel.TOWNSHIP:
        return f"{region.name}人民政府"
    return FILLING_UNIT


def summary_title_place(place: str, cover: SummaryCover) -> str:
    """The place the title opens with (永修县, 永修县涂埠镇…), with the township listed when it does not say it."""
    return place if not cover.township or cover.township in place else f"{place}{cover.township}"


def summary_title(place: str, cover: SummaryCover) -> str:
    """The list's title, on the printed page and atop the XLSX: 永修县涂埠镇防止返贫动态监测乡镇审核汇总名单."""
    return f"{summary_title_place(place, cover)}{TITLE}"


def verdict_counts(rows: list[SummaryRow]) -> list[tuple[str, int]]:
    """How many rows of each verdict, in the order 通过, 不通过, 退回村级补正, 待审核 (those present only): the page
    says them beside the total, so that a case still waiting is not read as audited."""
    order = [str(Outcome.PASS.label), str(Outcome.REJECT.label), str(Outcome.RETURN.label), AWAITING]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
    return sorted(counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def township_audit_summary(*, actor: Any, filters: dict[str, Any]) -> list[SummaryRow]:
    """township_audit_summary_cases as the list's rows, in a few queries whatever their number."""
    cases = list(township_audit_summary_cases(actor=actor, filters=filters))
    step_ids = [case.audit_step_id for case in cases]  # type: ignore[attr-defined]
    audits = {cs.pk: cs for cs in CaseStep.objects.select_related("step").filter(pk__in=step_ids)}
    by_case = {case.pk: audits[case.audit_step_id] for case in cases}  # type: ignore[attr-defined]
    village = _village_steps(cases, by_case)
    snapshots = case_snapshots(cases)
    # Held, or reopened by a 退回村级补正 (its passes are on the record).
    passes = _review_passes([review for review, _ in village.values() if review is not None])
    rows = []
    for case in cases:
        snapshot = snapshots[case.pk]
        review, publicity = village.get(case.pk, (None, None))
        audit = by_case[case.pk]
        kind = str(ProcedureKind(case.kind).label)
        # Laiyuan's 村级评议公示 runs beside the township's check: its review is held, not missed, till it passes.
        running_review = review is not None and review.step.with_review and review.status == CaseStepStatus.OPEN
        # A green channel's review and publicity may still be owed (services.green_channel): shown as not held.
        reviewed = corrected = None
        if review is not None and not running_review:
            reviewed, corrected = _review_days(review, publicity, passes.get(review.pk, []))
        posted = publicity is not None and publicity.status in (CaseStepStatus.DONE, CaseStepStatus.OPEN)
        shown_end = publicity_end_shown(publicity) if posted else None
        rows.append(
            SummaryRow(
                case=case,
                township=snapshot["township"],
                village=snapshot["village"],
                head_name=snapshot["head_name"],
                members_count=snapshot["members_count"],
                household_type=snapshot["household_type"],
                case_type=f"{kind}（{snapshot['category']}）" if snapshot["category"] else kind,
                risks=_risks(case),
                income=snapshot["per_capita_net_income"],
                income_year=snapshot["income_year"],
                review_on=reviewed,
                publicity_from=publicity.period_starts_on if posted and shown_end != UNPOSTED else None,
                publicity_to=shown_end,
                audit_name=audit.step.name,
                # A row still waiting has no 审核日期: the day it reached the step only places it in the period.
                audit_on=None if _verdict(audit) == AWAITING else case.audit_on,  # type: ignore[attr-defined]
                opinion=_opinion(audit),
                verdict=_verdict(audit),
                review_note=REVIEW_RUNNING if running_review else "",
                review_corrected_on=corrected,
            )
        )
    return rows
