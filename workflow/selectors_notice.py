"""What the printed 公告 (views_cases.announcement_print) says of the procedures behind its households, read from
the procedures as configured rather than from one county's text: the steps the households went through (names in
order, up to the announcement), whether a county approval preceded it (the 批准日期 and 批复文号 columns) and who
stamps it (the announcement step's acting level: Yongxiu's township 公告并标识, 000 §三(三)6; Taogou's 区级备案公告,
003 §二2(4), by the district's 乡村振兴 department).

A procedure without an announcement step (Laiyuan's: 001 §三 "入户核查核实、村级评议公示、乡镇核查初审、县级比对审定",
the household is monitored at 县级审定 and the seed orders no 公告) has nothing to print: the page says so instead of
"no approved household"."""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.choices import COUNTY_ROLES
from households.models import Region
from workflow.choices import ProcedureKind, StepKind
from workflow.models import Batch, BatchDecision, BatchItem, Case, Procedure, Step
from workflow.selectors_procedures import procedure_in_force
from workflow.services.approval_records import same_decision

# The kinds of procedure whose approved households a township's notice lists (selectors_cases.announcement_list).
NOTICE_KINDS = (ProcedureKind.IDENTIFICATION, ProcedureKind.REMARK, ProcedureKind.EXIT)


@dataclass(frozen=True)
class NoticeWording:
    steps: str  # 村级评议、村级公示、…、县级审批: what the households went through before the notice
    approved: bool  # a county approval precedes the notice: its date and 批复文号 are printed
    signers: tuple[str, ...]  # whose stamp: 涂埠镇人民政府, 沿淮区乡村振兴局
    # The bodies' regions, in the same order: the 异议 line prints the first one's own 监督电话 under its name.
    signer_regions: tuple[Region, ...] = ()


def _steps_before_notice(steps: list[Step]) -> list[Step]:
    ordered = sorted(steps, key=lambda step: step.order)
    notice = next((i for i, step in enumerate(ordered) if step.kind == StepKind.ANNOUNCEMENT), len(ordered))
    return ordered[:notice]


def _signer(role: str, township: Region) -> tuple[str, Region]:
    if role in COUNTY_ROLES and township.parent is not None:
        return f"{township.parent.name}乡村振兴局", township.parent
    return f"{township.name}人民政府", township


def notice_wording(cases: Iterable[Case], township: Region) -> NoticeWording:
    """The wording for one part of the notice (its inclusions, or its exits). Cases of several procedures (a county
    switched while some were running) read each procedure's steps, joined by 或. A part listing no case names no
    step and is the township's, with the approval columns (an empty notice's table)."""
    procedures: dict[int, Procedure] = {}
    for case in cases:
        procedures.setdefault(case.procedure_id, case.procedure)
    if not procedures:
        name, body = _signer("", township)
        return NoticeWording(steps="", approved=True, signers=(name,), signer_regions=(body,))
    texts: list[str] = []
    signers: list[str] = []
    bodies: list[Region] = []
    approved = False
    for procedure in procedures.values():
        steps = list(procedure.steps.all())
        before = _steps_before_notice(steps)
        text = "、".join(step.name for step in before)
        if text and text not in texts:
            texts.append(text)
        approved = approved or any(step.kind == StepKind.COUNTY_APPROVAL for step in before)
        notice = next((step for step in steps if step.kind == StepKind.ANNOUNCEMENT), None)
        signer, body = _signer(notice.role if notice else "", township)
        if signer not in signers:
            signers.append(signer)
            bodies.append(body)
    return NoticeWording(
        steps="，或".join(texts), approved=approved, signers=tuple(signers), signer_regions=tuple(bodies)
    )


def _announces(procedure: Procedure) -> bool:
    return any(step.kind == StepKind.ANNOUNCEMENT for step in procedure.steps.all())


def procedures_without_notice(*, region: Region | None, batch: Batch | None = None) -> list[Procedure]:
    """The procedures with no announcement step behind an empty notice of the region: with a `batch`, those of
    the cases its 批复 approved (services.approval_records.same_decision) in the region (any region: the batch
    page's; none for a refusing batch); else those in force there
    (identification, re-mark, exit)."""
    if batch is not None and batch.decision != BatchDecision.APPROVE:
        procedures = []  # a refused batch announces no one
    elif batch is not None:
        path = region.path if region is not None else ""
        items = BatchItem.objects.filter(batch__in=same_decision(batch), region_path__startswith=path)
        ids = items.values("case__procedure_id")
        procedures = list(Procedure.objects.filter(pk__in=ids).prefetch_related("steps").order_by("kind", "pk"))
    elif region is not None:
        procedures = [
            p for kind in NOTICE_KINDS if (p := procedure_in_force(region_prefix=region.path, kind=kind)) is not None
        ]
    else:
        procedures = []
    return [procedure for procedure in procedures if not _announces(procedure)]
