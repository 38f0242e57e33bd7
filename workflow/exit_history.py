"""An exit (风险消除) the household was refused lately, for whoever proposes, reviews or approves a new one: a
publicity objection upheld, a township audit or county approval that said 不通过 leaves the household monitored as it
was (nothing on its record changes), so a new exit opened days later would otherwise say nothing of it. The refusal
is a judgement for the proposer to weigh (was what it found put right?), not a rule no seed sets: an advisory
(workflow.advisories), confirmed like the others, and no guarantee or status changed by it."""

import datetime as dt

from django.db.models import Prefetch

from households.models import Household
from workflow.choices import CaseKind, CaseStatus, Outcome
from workflow.models import Case, CaseStep
from workflow.models.procedures import REFUSED_EXIT_DAYS
from workflow.selectors_procedures import exit_procedures_of

# How far back a refused exit is recalled: a judgement, not a seed figure, so the county's (its exit procedure's
# refused_exit_days; by default a quarter: long enough to span the proposer's next try, short enough not to hang
# over a household whose situation has changed since).
MSG_REFUSED_EXIT = "该户{closed_on:%Y-%m-%d}的风险消除未通过（{step}：{reason}），请核实当时的问题已解决后再提出。"
NO_REASON = "未填写意见"


def refused_exits(households: list[Household], today: dt.date) -> dict[int, str]:
    """Household pk → its latest exit refused (未通过) within its county's refused_exit_days, with the step and its
    reason."""
    if not households:
        return {}
    procedures = exit_procedures_of(households)
    days = {
        pk: procedure.refused_exit_days if procedure is not None else REFUSED_EXIT_DAYS
        for pk, procedure in procedures.items()
    }
    refusals = CaseStep.objects.filter(outcome=Outcome.REJECT).select_related("step").order_by("-acted_at", "-pk")
    cases = (
        Case.objects.filter(
            household_id__in=[household.pk for household in households],
            kind=CaseKind.EXIT,
            status=CaseStatus.REJECTED,
            closed_on__gte=today - dt.timedelta(days=max(days.values())),
        )
        .order_by("household_id", "-closed_on", "-pk")
        .distinct("household_id")
        .prefetch_related(Prefetch("case_steps", queryset=refusals, to_attr="refusals"))
    )
    found = {}
    for case in cases:
        if case.closed_on < today - dt.timedelta(days=days[case.household_id]):
            continue  # the latest refusal, outside this household's county's figure (the query took the widest)
        step = case.refusals[0] if case.refusals else None
        found[case.household_id] = MSG_REFUSED_EXIT.format(
            closed_on=case.closed_on,
            step=step.step.name if step else "未通过",
            reason=(step.note.strip() if step else "") or NO_REASON,
        )
    return found
