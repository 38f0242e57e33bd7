"""When the county decided a case: its 批复 (000 §三(三)5 县级审批), the act that changes the household
(workflow.services.outcomes). The township's 公告并标识 (§三(三)6) follows it and closes the case, days or weeks
later; counting by closed_on would put an approval in the month the township got round to the announcement.

One rule for every place that counts or dates approvals: the 待国家系统标注清单 (reports.ledgers.national), the
ledgers' 批复文号 and 批复日期 (reports.ledgers.cases, households), 工作成效 (reports.selectors.performance) and the
monitored-on-a-day test behind 监测对象变动 and the dashboard's trend (reports.selectors.monitoring). The rule itself
is workflow.decisions (the case list's 批复日期 filter reads it too), re-exported here."""

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from workflow.decisions import approval_date, approval_number, approved_on, decided
from workflow.models import Case
from workflow.selectors_exit_shown import previous_category

__all__ = ["approval_date", "approval_number", "approved_on", "decided", "decided_cases", "left_category"]


def decided_cases(kinds: list[str] | None = None, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The decided ones of `cases` (all cases by default: callers narrow them to the households they count, or
    start from the actor's visible_to), of `kinds`, each annotated `decided_on` (approved_on)."""
    cases = (Case.objects.all() if cases is None else cases).filter(decided())
    if kinds is not None:
        cases = cases.filter(kind__in=kinds)
    return cases.annotate(decided_on=approved_on())


def left_category() -> Coalesce:
    """For an exit in a queryset of cases: the category it leaves (an exit carries none of its own), as the printed
    公告 and the ledgers show it (workflow.selectors_exit_shown.previous_category): the one the exit's approval
    cleared from the household, so a household monitored since go-live without an inclusion here has it too;
    failing that, that of its latest approved inclusion or re-mark. None when neither is recorded."""
    return previous_category()
