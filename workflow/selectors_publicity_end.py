"""The end of a publicity as pages, prints and ledgers show it. 000 §三(三)2 and 4 count 公示不少于5天 from the
posting (services.publicity): until the posting day (张贴日期) is recorded, the step's ends_on holds only the default
period from the day the step opened, which is no end anyone may rely on. So an open publicity not yet posted shows
UNPOSTED instead of a date, here and only here decided (the case page says the same in words: 张贴后5个自然日)."""

import datetime as dt

from django.db.models import Case as DbCase
from django.db.models import CharField, Func, OuterRef, Q, Subquery, Value, When

from workflow.choices import CaseStepStatus, StepKind
from workflow.models import CaseStep

UNPOSTED = "待张贴"


def publicity_end_shown(case_step: CaseStep) -> dt.date | str | None:
    """A publicity step's end as shown: its ends_on once posted; UNPOSTED while it is open and not posted; None for
    a step that is no publicity or has no period. A step done without a posting day (before 张贴日期 was recorded)
    keeps the end it ran to."""
    if case_step.step.kind != StepKind.PUBLICITY:
        return None
    if case_step.posted_on is None and case_step.status == CaseStepStatus.OPEN:
        return UNPOSTED
    return case_step.ends_on


def open_publicity_end_shown() -> Subquery:
    """publicity_end_shown of a case's open publicity (the first in the procedure's order), for annotating cases:
    the end as ISO text ("2026-12-04", publicity_end_cell makes it a date again) or UNPOSTED; NULL without one."""
    shown = DbCase(
        When(posted_on__isnull=True, then=Value(UNPOSTED)),
        default=Func("ends_on", Value("YYYY-MM-DD"), function="to_char", output_field=CharField()),
        output_field=CharField(),
    )
    steps = CaseStep.objects.filter(
        Q(posted_on__isnull=True) | Q(ends_on__isnull=False),
        case=OuterRef("pk"),
        status=CaseStepStatus.OPEN,
        step__kind=StepKind.PUBLICITY,
    )
    return Subquery(steps.order_by("step__order").annotate(shown=shown).values("shown")[:1])


def publicity_end_cell(value: str | None) -> dt.date | str | None:
    """open_publicity_end_shown's text as a ledger cell: a date, or UNPOSTED."""
    if not value or value == UNPOSTED:
        return value or None
    return dt.date.fromisoformat(value)
