"""Ways into a case from another app's finding: a visit that found a risk (households) and a screening hit proposed
for monitoring (screening). Those apps know no procedure (DESIGN.md: dependencies point one way), so workflow
registers what they offer (workflow.hooks) and fills the case form from the finding it was opened from."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from households.choices import RiskType
from households.models import Household, Visit
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel
from workflow.models import Case
from workflow.services.application_followup import applied_on, withdrawn_applications
from workflow.services.case_opening import open_refusal, suggested_kind

INCLUSION_KINDS = (CaseKind.IDENTIFICATION, CaseKind.REMARK)
OFFER_LABELS = {CaseKind.IDENTIFICATION: "发起识别纳入", CaseKind.REMARK: "发起风险再标注"}
MSG_VISIT_OFFER = "走访发现风险，该户不是监测对象、也没有办理中的识别案件。"


def _risk_codes(codes: Iterable[str]) -> list[str]:
    return [code for code in codes if code in RiskType.values]


def visit_case_initial(*, household: Household, visit_pk: str) -> dict[str, Any]:
    """The case form's values from a visit of this (already scoped) household that found a risk: found by the
    cadre's visit, its risk types, on its date. Empty for any other id."""
    if not (visit_pk.isascii() and visit_pk.isdigit()):
        return {}
    visit = Visit.objects.counted().filter(household=household, pk=int(visit_pk), risk_found=True).first()
    if visit is None:
        return {}
    discovered: dt.date = visit.visited_on
    return {"channel": Channel.CADRE_VISIT, "risk_types": _risk_codes(visit.risk_types), "discovered_on": discovered}


MSG_PREFILLED = "已按 {visit.visited_on:%Y-%m-%d} {visitor}的{kind}（发现风险）预填发现渠道、风险类型和日期，请核实。"


def case_prefill(*, household: Household, visit_pk: str = "") -> tuple[dict[str, Any], str]:
    """The case form's values and where they come from: the visit ?from_visit= names (visit_case_initial), or, none
    named, the household's latest visit when it found a risk (the visit form says its risk types are 供发起识别纳入),
    for a household whose next case is an inclusion and that has no case open. A later visit that found no risk,
    or an elimination since, makes the finding stale: nothing is filled then. A household whose self-application's
    case was withdrawn starts from the application instead (application_case_prefill)."""
    initial, said = _visit_prefill(household=household, visit_pk=visit_pk)
    if suggested_kind(household) == CaseKind.IDENTIFICATION and (followed := withdrawn_applications(household)):
        return application_case_prefill(followed, initial)
    return initial, said


MSG_FROM_APPLICATION = (
    "该户的农户自主申报（回执号 {receipt}，{applied:%Y-%m-%d} 提交）所转的识别纳入案件已撤回：已按申报预填发现渠道"
    "（农户自主申报）、发现日期（申报日期，办结时限自此起算）和风险类型，请核实。发起识别纳入后，该申报随新案件办理，"
    "申报人查询时将看到新案件的进度。"
)


def application_case_prefill(applications: list[Any], initial: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The case form's values for a household whose self-applications' identification case was withdrawn
    (services.application_followup): channel 农户自主申报 and the first application's date, as application_to_case
    opened the withdrawn case; the risk types verified for it (or a later visit's, when one found risks). Not its
    category: a case is often withdrawn for the wrong one (误选类别)."""
    first = applications[0]
    withdrawn = first.case
    risks = initial.get("risk_types") or _risk_codes(withdrawn.risk_types if withdrawn else first.risk_types)
    values = {"channel": Channel.SELF_APPLICATION, "risk_types": risks, "discovered_on": applied_on(first)}
    receipts = "、".join(a.receipt_no for a in applications)
    return values, MSG_FROM_APPLICATION.format(receipt=receipts, applied=applied_on(first))


def _visit_prefill(*, household: Household, visit_pk: str) -> tuple[dict[str, Any], str]:
    if visit_pk:
        initial = visit_case_initial(household=household, visit_pk=visit_pk)
        visit = (
            household.visits.counted().filter(pk=int(visit_pk)).select_related("visitor").first() if initial else None
        )
        return initial, _prefilled(visit) if visit else ""
    if suggested_kind(household) not in INCLUSION_KINDS:
        return {}, ""
    if Case.objects.filter(household=household, status=CaseStatus.OPEN).exists():
        return {}, ""
    visit = household.visits.counted().select_related("visitor").order_by("-visited_on", "-created_at", "-pk").first()
    if visit is None or not visit.risk_found:
        return {}, ""
    if household.risk_eliminated_on is not None and visit.visited_on < household.risk_eliminated_on:
        return {}, ""
    return visit_case_initial(household=household, visit_pk=str(visit.pk)), _prefilled(visit)


def _prefilled(visit: Visit) -> str:
    visitor = visit.visitor.get_full_name() or visit.visitor.username
    return MSG_PREFILLED.format(visit=visit, visitor=visitor, kind=visit.get_kind_display())


def visit_inclusion_offer(*, visit: Visit) -> tuple[str, str] | None:
    """(label, url) of the case a visit's found risk should start, when the household is not monitored and the
    service would open its inclusion now (no such case open, household active); None otherwise."""
    household = visit.household
    if not visit.risk_found or household.monitoring_category:
        return None
    kind = suggested_kind(household)
    if kind not in INCLUSION_KINDS or open_refusal(household, kind):
        return None
    if Case.objects.filter(household=household, kind__in=INCLUSION_KINDS, status=CaseStatus.OPEN).exists():
        return None
    url = f"{reverse('workflow:case_new', args=[household.pk])}?from_visit={visit.pk}"
    return OFFER_LABELS[kind], url


def screening_open_links(*, results: Iterable[Any]) -> dict[int, str]:
    """For proposed screening results (already scoped) whose household has no inclusion case open and is not
    monitored: result id → the page that opens its identification (workflow:case_from_screening)."""
    from screening.choices import ResultStatus

    proposed = [r for r in results if r.status == ResultStatus.PROPOSED]
    if not proposed:
        return {}
    busy = set(
        Case.objects.filter(
            household_id__in={r.household_id for r in proposed}, kind__in=INCLUSION_KINDS, status=CaseStatus.OPEN
        ).values_list("household_id", flat=True)
    )
    return {
        r.pk: reverse("workflow:case_from_screening", args=[r.pk])
        for r in proposed
        if r.household_id not in busy and not r.household.monitoring_category
    }


def screening_busy_cases(*, results: Iterable[Any]) -> dict[int, tuple[str, str]]:
    """For (already scoped) screening results whose household has an inclusion case open, whatever the result's
    status: result id → (纳入办理中（村级评议）, worded as the household page's header; the case's page). Nothing
    is to be proposed or opened for them: the case in hand is where the hit is handled."""
    results = list(results)
    if not results:
        return {}
    cases = (
        Case.objects.filter(
            household_id__in={r.household_id for r in results}, kind__in=INCLUSION_KINDS, status=CaseStatus.OPEN
        )
        .select_related(None)
        .prefetch_related("case_steps__step")
        .order_by("household_id", "pk")
    )
    by_household: dict[int, tuple[str, str]] = {}
    for case in cases:
        label = f"{case.get_kind_display()}办理中{_open_steps(case)}"
        by_household.setdefault(case.household_id, (label, reverse("workflow:case_detail", args=[case.pk])))
    return {r.pk: by_household[r.household_id] for r in results if r.household_id in by_household}


def _open_steps(case: Case) -> str:
    """（村级评议、…）: the case's open steps, as the household page's header says them ("" when none is open)."""
    steps = [cs.step.name for cs in case.case_steps.all() if cs.status == CaseStepStatus.OPEN]
    return f"（{'、'.join(steps)}）" if steps else ""


def open_case_notice(*, household: Household) -> tuple[str, str] | None:
    """(该户已有办理中的纳入案件（村级评议）, the case's page) for a household with a case open, any kind, for the
    case form to say before the cadre fills it in (services.cases.case_open refuses a second of the same kind);
    None when the household has none open."""
    case = (
        Case.objects.filter(household=household, status=CaseStatus.OPEN)
        .prefetch_related("case_steps__step")
        .order_by("pk")
        .first()
    )
    if case is None:
        return None
    label = f"该户已有办理中的{case.get_kind_display()}案件{_open_steps(case)}"
    return label, reverse("workflow:case_detail", args=[case.pk])


def open_inclusion_case(*, actor: Any, household: Household) -> Case | None:
    """The household's open inclusion (纳入 or 风险再标注) in the actor's scope, or None: at most one is open
    (services.cases.case_open refuses a second of the same kind)."""
    return (
        Case.objects.visible_to(actor)
        .filter(household=household, kind__in=INCLUSION_KINDS, status=CaseStatus.OPEN)
        .order_by("pk")
        .first()
    )
