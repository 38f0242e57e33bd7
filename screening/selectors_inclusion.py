"""Whether a household can still be one "to be identified" (附件4 拟识别监测对象) when a screening form proposes it
for monitoring (item 13 ②): not when it is monitored already, nor while an inclusion procedure is open for it; and
which households have such a procedure open (the worklist's hits in a case's hands: services.in_procedure)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from households.models import Household
from screening.choices import ResultStatus
from screening.models import ScreeningResult

MSG_ALREADY_MONITORED = "该户已是{category}"
MSG_CASE_OPEN = "该户已有{kind}案件在办理中（{date}发现）"


def inclusion_known(household: Household) -> str:
    """Why the household cannot be one "to be identified" (附件4 拟识别监测对象), or "": it is monitored already, or
    an inclusion procedure (纳入, 风险再标注) is open for it.

    The case is dated by its own 发现日期 (Case.discovered_on, the date the procedure started from), not by when its
    row was written: an imported or back-dated case was created long after. The cases are workflow's, which imports
    screening; as in screening.receivers, they are read here inside the function, by their model, never from
    workflow at import time."""
    if household.monitoring_category:
        return MSG_ALREADY_MONITORED.format(category=household.get_monitoring_category_display())
    from workflow.choices import CaseKind, CaseStatus
    from workflow.models import Case

    case = (
        Case.objects.filter(
            household=household, kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK], status=CaseStatus.OPEN
        )
        .order_by("discovered_on", "pk")
        .first()
    )
    if case is None:
        return ""
    return MSG_CASE_OPEN.format(kind=case.get_kind_display(), date=f"{case.discovered_on:%Y-%m-%d}")


def inclusion_cases_open(household_ids: Iterable[int] | QuerySet[Any]) -> dict[int, str]:
    """household id → its open inclusion case (纳入, 风险再标注) in words, with the steps open now, as the
    worklist's badge says them: "纳入案件（当前环节：村级公示）". Households with none are left out. `household_ids`
    may be a query of ids (a run's hits: one statement however many)."""
    return {household_id: case_words(case) for household_id, case in open_inclusion_cases(household_ids).items()}


def open_inclusion_cases(household_ids: Iterable[int] | QuerySet[Any]) -> dict[int, Any]:
    """household id → its open inclusion case (纳入, 风险再标注; the first opened if both are), with its steps
    fetched for case_words. Households with none are left out."""
    from workflow.choices import CaseKind, CaseStatus
    from workflow.models import Case

    cases = (
        Case.objects.filter(
            household_id__in=household_ids,
            kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
            status=CaseStatus.OPEN,
        )
        .prefetch_related("case_steps__step")
        .order_by("household_id", "pk")
    )
    found: dict[int, Any] = {}
    for case in cases:
        found.setdefault(case.household_id, case)
    return found


def case_words(case: Any) -> str:
    """An open case in words with the steps open now (its case_steps fetched): "纳入案件（当前环节：村级公示）"."""
    from workflow.choices import CaseStepStatus

    steps = [cs.step.name for cs in case.case_steps.all() if cs.status == CaseStepStatus.OPEN]
    at = f"（当前环节：{'、'.join(steps)}）" if steps else ""
    return f"{case.get_kind_display()}案件{at}"


def proposed_result(*, actor: Any, household_id: int) -> ScreeningResult | None:
    """The household's screening result when it is 已提议纳入监测 (a form's ② moves a pending hit there:
    screening.services.campaign_form_effects), or None."""
    results = ScreeningResult.objects.visible_to(actor).select_related("household")
    return results.filter(household_id=household_id, status=ResultStatus.PROPOSED).first()
