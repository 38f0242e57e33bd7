"""Reads behind the case list (全部案件), a case's own record and the printed announcement (公告).

The list starts from selectors.case_list, which holds the scope (visible_to) and the filters it shares with 我的任务
and the API (place, kind, status, head name or household number); what the page adds — channel, green channel,
discovery dates, the step a case stands at — narrows that queryset and never widens it."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import DateField, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.choices import VILLAGE_ROLES, Role
from households.choices import MonitoringCategory, RegionLevel
from households.models import Region
from households.public_names import members_prefetch
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.decisions import approved_on, decided
from workflow.models import Batch, BatchDecision, BatchItem, Case, CaseEvent, CaseStep, Step
from workflow.roles import acts_step
from workflow.selectors import case_list, case_queryset
from workflow.selectors_exit_shown import notice_reason, shown_category, shown_risks
from workflow.services.approval_records import number_key, same_decision

# The filters selectors.case_filter applies itself (and scopes); the others are the list page's own.
SHARED_FILTERS = ("village", "kind", "status", "q")
# Said on the printed 公告's screen only (no-print): a 批复 entered as several batches is announced as one.
NOTICE_SPANS_BATCHES = (
    "本公告按批复文号列出：批复 {number} 分 {n} 批录入（审批批次 {batches}），{region}经该批复批准的农户一并列出，"
    "不只审批批次 {batch}。"
)
# Said on the screen (no-print) of a village's or township's waiting list to a reader who does not act its
# announcement step (000 §三(三)6: the township announces the approved list and marks it in the national system): who
# does; a village's own cadres post the printed notice.
NOTICE_POST_IN_VILLAGE = "请将公告张贴在本村公开栏，由{who}办理公告环节。"
NOTICE_ANNOUNCED_BY = "公告环节由{who}办理。"
# The announcement step's role as the hint names its people (other roles by their label).
ANNOUNCER_WORDS = {Role.TOWNSHIP_OFFICER: "乡镇干部"}
# How the list dates a decided case (…，县级批复于 2026-11-06): a county approval that takes no 批复文号 (Laiyuan's
# 县级审定 by the county bureau, Step.needs_approval_number unset) is named by its step instead (县级审定于 2026-11-06).
DECIDED_BY_APPROVAL = "县级批复"
# How a county approval writes its document number at the head of the step's note (services.cases.case_act,
# services.batches: "批复文号：X" or "批复文号：X（YYYY-MM-DD）", then any opinion after "，").
APPROVAL_NOTE = re.compile(r"^批复文号：(?P<number>[^，（]+)(?:（(?P<date>\d{4}-\d{2}-\d{2})）)?")


def notice_order(prefix: str = "") -> tuple[Any, ...]:
    """The one order of the households on the township's 公告 and on the county's 批准名单 of the same 批复
    (selectors_approval_list, through `prefix` "case__"), whatever order the county approved them in: inclusions
    before exits (the notice lists exits under their own heading after the inclusions, §三(三)8), each by place
    (township, village, group: the region path), then 户编号. A township clerk checks the notice line by line against
    the 批复 before stamping it."""
    exits_last = DbCase(When(**{f"{prefix}kind": CaseKind.EXIT}, then=Value(1)), default=Value(0))
    return (exits_last, f"{prefix}region_path", f"{prefix}household__number", f"{prefix}pk")


def case_browse(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases in the actor's scope, newest discovery first, filtered by the shared filters and by: channel,
    green_channel ("yes"/"no"), discovered_from / discovered_to (dates, inclusive), open_step (the name of a step
    that is open now, whoever's role it is), decided ("yes": the county has approved it, also one still waiting at
    公告并标识; "awaiting": those waiting only) and decided_from / decided_to (its 批复日期, workflow.decisions: such
    a date lists decided cases only). Each case is annotated decided_on (None while undecided)."""
    filters = filters or {}
    cases = case_list(actor=actor, filters={name: filters[name] for name in SHARED_FILTERS if filters.get(name)})
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if filters.get("green_channel"):
        cases = cases.filter(green_channel=filters["green_channel"] == "yes")
    if filters.get("discovered_from"):
        cases = cases.filter(discovered_on__gte=filters["discovered_from"])
    if filters.get("discovered_to"):
        cases = cases.filter(discovered_on__lte=filters["discovered_to"])
    cases = cases.annotate(decided_on=DbCase(When(decided(), then=approved_on()), output_field=DateField()))
    if filters.get("decided") or filters.get("decided_from") or filters.get("decided_to"):
        cases = cases.filter(decided())
    if filters.get("decided") == "awaiting":
        cases = cases.filter(status=CaseStatus.OPEN)
    if filters.get("decided_from"):
        cases = cases.filter(decided_on__gte=filters["decided_from"])
    if filters.get("decided_to"):
        cases = cases.filter(decided_on__lte=filters["decided_to"])
    if filters.get("open_step"):
        at_step = CaseStep.objects.filter(
            case=OuterRef("pk"), status=CaseStepStatus.OPEN, step__name=filters["open_step"]
        )
        cases = cases.filter(Exists(at_step))
    return cases.order_by("-discovered_on", "-pk")


def decided_words(case: Case) -> str:
    """What decided the case, as its row dates it (DECIDED_BY_APPROVAL, or the numberless approval step's name), from
    the prefetched steps."""
    for cs in case.case_steps.all():
        if (
            cs.step.kind == StepKind.COUNTY_APPROVAL
            and cs.outcome == Outcome.PASS
            and not cs.step.needs_approval_number
        ):
            return cs.step.name
    return DECIDED_BY_APPROVAL


def case_rows(cases: Any) -> list[Case]:
    """What a row of the list shows besides the case: its open steps (from the prefetched steps), the days it
    has been open — until today, or until it closed — and what decided it (decided_words)."""
    today = timezone.localdate()
    rows = []
    for case in cases:
        case.decided_words = decided_words(case)  # type: ignore[attr-defined]
        case.open_steps = [cs for cs in case.case_steps.all() if cs.status == CaseStepStatus.OPEN]  # type: ignore[attr-defined]
        case.announcing = any(cs.step.kind == StepKind.ANNOUNCEMENT for cs in case.open_steps)  # type: ignore[attr-defined]
        case.days_open = ((case.closed_on or today) - case.discovered_on).days  # type: ignore[attr-defined]
        rows.append(case)
    return rows


def open_step_names(actor: Any) -> list[str]:
    """The names of the steps of the procedures the actor's cases run, in procedure order: the list's 当前环节
    choices (another county's or province's procedure offers none)."""
    procedures = Case.objects.visible_to(actor).values("procedure_id")
    names = (
        Step.objects.filter(procedure__in=procedures)
        .values("name")
        .annotate(first=Min("order"))
        .order_by("first", "name")
    )
    return [row["name"] for row in names]


def own_region(actor: Any) -> Region | None:
    """The actor's own township or village (a county-wide user has none): whose announcement the list offers."""
    return (
        Region.objects.visible_to(actor)
        .filter(path=getattr(actor, "region_path", None), level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
        .first()
    )


def case_events(*, actor: Any, case: Case) -> QuerySet[CaseEvent]:
    """The case's own record (CaseEvent, append-only), oldest first: who opened it, acted on each step, recorded
    objections, withdrew it and why."""
    return CaseEvent.objects.visible_to(actor).filter(case=case).select_related("actor").order_by("created_at", "pk")


def _approval(case: Case) -> tuple[str, dt.date | None]:
    """The 批复文号 and date of the case's passed county approval: the batch's when approved in one, else as the
    approval step's note carries it, on the day it was recorded."""
    if case.approving_items:  # type: ignore[attr-defined]
        batch = case.approving_items[0].batch  # type: ignore[attr-defined]
        return batch.document_number, batch.decided_on
    for cs in case.case_steps.all():
        if cs.step.kind == StepKind.COUNTY_APPROVAL and cs.outcome == Outcome.PASS:
            match = APPROVAL_NOTE.match(cs.note or "")
            number = match.group("number").strip() if match else ""
            if match and match.group("date"):
                return number, dt.date.fromisoformat(match.group("date"))
            return number, timezone.localdate(cs.acted_at) if cs.acted_at else None
    return "", None


def announcement_list(
    *, actor: Any, region_code: str, batch: Batch | None = None, case_pk: int | None = None
) -> tuple[Region, list[Case]]:
    """The approved inclusions and exits of a village or a whole township waiting for the township's announcement
    (000 §三(三)6 乡镇对县级批复的名单在乡村两级公告; an exit's 公告并标注风险消除, §三(三)8, or a district's 区级备案
    公告 where no county approval precedes), by village; each with its approval's 批复文号 and date (none for an exit
    the district decides at its filing). An exit's row carries notice_category, the monitoring category being lifted,
    and notice_reason, 风险已消除 with the risks it was included for (workflow.selectors_exit_shown). With an
    approving `batch`: the cases in the region its 批复 approved, in whichever of the batches the 批复 was entered
    as (services.approval_records.same_decision: a public notice of a 批复 lists everyone it approved, as its
    printed 批准名单 does), announced or not (a reprint of a posted notice). With `case_pk`: that one case, announced
    or waiting (the case page's print of its own household's notice, also for a case approved on its own page or
    by a district's filing, which no batch reprint reaches); none when it is neither. The region must be in scope
    (404)."""
    region = get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"),
        code=region_code,
        level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
    )
    approving = BatchItem.objects.filter(batch__decision=BatchDecision.APPROVE).select_related("batch")
    # Only the cases whose announcement is due or done: a green-channel case approved ahead of its village review and
    # publicity (001 §四) is announced once those are done, not on a notice that says they were.
    due_or_done = Exists(_announcement_step(status__in=[CaseStepStatus.OPEN, CaseStepStatus.DONE]))
    if case_pk is not None:
        chosen = Q(due_or_done, pk=case_pk, status__in=[CaseStatus.OPEN, CaseStatus.APPROVED])
    elif batch is not None:
        if batch.decision != BatchDecision.APPROVE:
            raise Http404
        batches = same_decision(batch)
        chosen = Q(
            due_or_done,
            Exists(BatchItem.objects.filter(case=OuterRef("pk"), batch__in=batches)),
            status__in=[CaseStatus.OPEN, CaseStatus.APPROVED],
        )
        approving = approving.filter(batch__in=batches)
    else:
        waiting = CaseStep.objects.filter(
            case=OuterRef("pk"), status=CaseStepStatus.OPEN, step__kind=StepKind.ANNOUNCEMENT
        )
        chosen = Q(Exists(waiting), status=CaseStatus.OPEN)
    cases = (
        case_queryset(actor)
        .filter(
            chosen,
            kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK, CaseKind.EXIT],
            region_path__startswith=region.path,
        )
        .select_related("household__group", "procedure")
        .prefetch_related(
            Prefetch("batch_items", queryset=approving, to_attr="approving_items"),
            "procedure__steps",
            members_prefetch("household__"),  # the heads' public names (households.public_names)
        )
        .annotate(shown_category=shown_category(), shown_risks=shown_risks())
        .order_by(*notice_order())
    )
    rows = []
    for case in cases:
        case.document_number, case.approved_on = _approval(case)  # type: ignore[attr-defined]
        case.announce_role = next(  # type: ignore[attr-defined]
            (step.role for step in case.procedure.steps.all() if step.kind == StepKind.ANNOUNCEMENT), ""
        )
        if case.kind == CaseKind.EXIT:
            category = case.shown_category  # type: ignore[attr-defined]
            case.notice_category = MonitoringCategory(category).label if category in MonitoringCategory.values else ""  # type: ignore[attr-defined]
            case.notice_reason = notice_reason(case.kind, case.shown_risks)  # type: ignore[attr-defined]
        rows.append(case)
    return region, rows


@dataclass(frozen=True)
class AnnounceHint:
    acts: bool  # the reader acts the announcement step of a listed case: the page points to 批量公告
    words: str  # else who does (NOTICE_POST_IN_VILLAGE, NOTICE_ANNOUNCED_BY); "" with nothing listed


def announce_hint(*, actor: Any, cases: list[Case]) -> AnnounceHint:
    """What the waiting list's screen tells its reader about the announcement step of the cases it lists
    (announcement_list sets their announce_role): to one who acts it (workflow.roles.acts_step, as 批量公告 checks
    it), where to record it; to anyone else, whose step it is, and to a village's cadre, to post the notice."""
    roles = list(dict.fromkeys(case.announce_role for case in cases if case.announce_role))  # type: ignore[attr-defined]
    if any(acts_step(actor, role) for role in roles):
        return AnnounceHint(acts=True, words="")
    if not roles:
        return AnnounceHint(acts=False, words="")
    who = "、".join(ANNOUNCER_WORDS.get(role) or str(Role(role).label) for role in roles)
    words = NOTICE_POST_IN_VILLAGE if getattr(actor, "role", None) in VILLAGE_ROLES else NOTICE_ANNOUNCED_BY
    return AnnounceHint(acts=False, words=words.format(who=who))


def _announcement_step(**filters: Any) -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(case=OuterRef("pk"), step__kind=StepKind.ANNOUNCEMENT, **filters)


def notice_spans(*, batch: Batch, region: Region) -> str:
    """What the printed 公告 of an approving batch says on screen when its 批复 was entered as several batches
    (NOTICE_SPANS_BATCHES), "" otherwise."""
    batches = same_decision(batch)
    if len(batches) < 2:
        return ""
    return NOTICE_SPANS_BATCHES.format(
        number=batch.document_number,
        n=len(batches),
        batches="、".join(str(row.pk) for row in batches),
        region=region.name,
        batch=batch.pk,
    )


def batch_not_announced_yet(*, actor: Any, batch: Batch) -> list[Case]:
    """The open cases in scope approved under an approving batch's 批复 (same_decision) that its announcement leaves
    out (announcement_list): their announcement step has not opened, because the green channel still owes the
    village's review and publicity."""
    if batch.decision != BatchDecision.APPROVE:
        return []
    return list(
        case_queryset(actor)
        .filter(
            Exists(_announcement_step(status=CaseStepStatus.PENDING)),
            Exists(BatchItem.objects.filter(case=OuterRef("pk"), batch__in=same_decision(batch))),
            status=CaseStatus.OPEN,
            kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
        )
        .order_by(*notice_order())
    )


def _announced(prefix: str = "") -> Exists:
    """The case (reached by `prefix`) runs a procedure with an announcement step: Laiyuan's has none (001 §三, the
    household is monitored at 县级审定), so its approved batches have no notice to print."""
    return Exists(Step.objects.filter(procedure=OuterRef(f"{prefix}procedure_id"), kind=StepKind.ANNOUNCEMENT))


def batch_townships(*, actor: Any, batch: Batch) -> list[Region]:
    """The townships in the actor's scope with cases approved under an approving batch's 批复 (same_decision) whose
    procedure announces them: whose announcement of it to print."""
    if batch.decision != BatchDecision.APPROVE:
        return []
    items = BatchItem.objects.filter(_announced("case__"), batch__in=same_decision(batch))
    paths = set(items.values_list("region_path", flat=True))
    townships = Region.objects.visible_to(actor).filter(level=RegionLevel.TOWNSHIP)
    return [t for t in townships.order_by("path") if any(path.startswith(t.path) for path in paths)]


def announcement_batches(*, actor: Any, limit: int = 12) -> list[Batch]:
    """The latest 批复 approving cases in the actor's scope that their procedure announces, newest first, each by
    its latest such batch (a 批复 entered as several batches is one announcement: announcement_list): whose
    announcement a township or village may print again (it sees the batch's own cases only, not the county's
    batch page)."""
    mine = BatchItem.objects.visible_to(actor).filter(_announced("case__"), batch=OuterRef("pk"))
    batches = Batch.objects.filter(Exists(mine), decision=BatchDecision.APPROVE).order_by("-decided_on", "-pk")
    latest: dict[tuple[str, str], Batch] = {}
    for batch in batches.iterator():
        latest.setdefault((batch.region_path, number_key(batch.document_number)), batch)
        if len(latest) == limit:
            break
    return list(latest.values())


def announcement_batch(*, actor: Any, pk: int) -> Batch:
    """An approving batch with cases in the actor's scope (404 otherwise)."""
    mine = BatchItem.objects.visible_to(actor).filter(batch=OuterRef("pk"))
    return get_object_or_404(Batch.objects.filter(Exists(mine), decision=BatchDecision.APPROVE), pk=pk)
