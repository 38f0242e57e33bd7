"""What 我的任务 tells a cadre beyond the steps waiting on them (review finding 2): the cases they opened that were
refused or withdrawn by someone else lately, with the reason, and the objections entered after their publicity
passed that wait for their verification. A refused case has no open step, so without this the village that
opened it is told nothing."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from workflow.choices import WITHDRAW_PREFIX, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Objection
from workflow.roles import acting_roles

NOTICE_DAYS = 30  # how long a refusal or withdrawal stays on the opener's task page


@dataclass(frozen=True)
class ClosedNotice:
    case: Case
    where: str  # the step that refused, or 撤回
    reason: str
    by: Any  # the user who refused or withdrew; None is the system
    on: dt.date


def _closed_by_others(actor: Any) -> QuerySet[Case]:
    since = timezone.localdate() - dt.timedelta(days=NOTICE_DAYS)
    return Case.objects.visible_to(actor).filter(
        opened_by=actor, status__in=[CaseStatus.REJECTED, CaseStatus.WITHDRAWN], closed_on__gte=since
    )


def closed_notices(*, actor: Any) -> list[ClosedNotice]:
    """The actor's own cases refused or withdrawn by another in the last NOTICE_DAYS days, latest first."""
    notices = []
    for case in _closed_by_others(actor).select_related("household").order_by("-closed_on", "-pk"):
        if case.status == CaseStatus.REJECTED:
            refusal = (
                CaseStep.objects.filter(case=case, outcome=Outcome.REJECT, status=CaseStepStatus.DONE)
                .select_related("step", "acted_by")
                .order_by("-acted_at")
                .first()
            )
            if refusal is None:
                continue
            notices.append(
                ClosedNotice(case, f"{refusal.step.name}不通过", refusal.note, refusal.acted_by, case.closed_on)
            )
            continue
        event = (
            CaseEvent.objects.filter(case=case, summary__startswith=WITHDRAW_PREFIX)
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        if event is None or event.actor_id == actor.pk:
            continue  # withdrawn by the actor: they know
        reason = event.summary.removeprefix(WITHDRAW_PREFIX)
        notices.append(ClosedNotice(case, "撤回", reason, event.actor, case.closed_on))
    return notices


def closed_notice_count(actor: Any) -> int:
    """The home tile's count (workflow.tiles): the same cases as closed_notices."""
    return len(closed_notices(actor=actor))


def late_objections(*, actor: Any) -> QuerySet[Objection]:
    """Objections entered after their publicity passed (services.objections), not yet verified, of the
    publicity steps the actor's role verifies, in open cases in scope: they hold the case until verified."""
    return (
        Objection.objects.visible_to(actor)
        .filter(
            recorded_late=True,
            resolved_at__isnull=True,
            case_step__case__status=CaseStatus.OPEN,
            case_step__step__role__in=acting_roles(actor),
        )
        .select_related("case_step__step", "case_step__case__household")
        .order_by("raised_on", "pk")
    )


def unposted_publicity(*, actor: Any) -> QuerySet[CaseStep]:
    """Open publicity steps of the actor's role, in open cases in scope, whose posting day is not recorded: they
    never pass until it is (services.deadlines, services.cases), so 我的任务 and the home tile say how many wait."""
    cases = Case.objects.visible_to(actor).filter(status=CaseStatus.OPEN)
    return CaseStep.objects.filter(
        status=CaseStepStatus.OPEN,
        step__kind=StepKind.PUBLICITY,
        step__role__in=acting_roles(actor),
        posted_on__isnull=True,
        case__in=cases,
    )


def unposted_publicity_count(actor: Any) -> int:
    """The home tile's count (workflow.tiles): the same steps as unposted_publicity."""
    return unposted_publicity(actor=actor).count()


def returned_steps(*, actor: Any) -> QuerySet[CaseStep]:
    """The actor's role's open steps that a later step sent back to be done again (退回村级补正, 退回乡镇补正:
    services.case_return sets return_note), in open cases in scope, latest return first: the home page puts them
    first, each with the reason (review cadre-on-phone finding 1)."""
    cases = Case.objects.visible_to(actor).filter(status=CaseStatus.OPEN)
    return (
        CaseStep.objects.filter(status=CaseStepStatus.OPEN, step__role__in=acting_roles(actor), case__in=cases)
        .exclude(return_note="")
        .select_related("case__household")
        .order_by("-returned_at", "-pk")
    )
