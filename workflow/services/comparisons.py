"""The county's department comparison (部门比对, seed 000 §三(三)3: "七严四甄别"): the county bureau records, per
family member, what the departments' data show (commercial property, vehicles, deposits, securities, businesses,
public-funded posts, housing fund, income tax, insurance). A positive finding that is an exclusion fact of
screening (003 §二2(2)) is written through screening's own service (source 县级比对), and needs a decision with a
reason: exclude the household (the comparison step is refused) or keep it (passed, with the written reason).
Everything — the record, the exclusion facts and the step — happens in one transaction through case_act.

The family's signed consent (承诺和授权查询书, 003 附件1) is what allows querying its assets: without it on file the
comparison is refused."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from config.errors import ApplicationError
from households.choices import LivingStatus
from households.models import Member
from households.services.visits import consent_on_file
from screening.choices import ExclusionSource
from screening.services.results import exclusion_add, exclusion_withdraw
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.choices_comparisons import (
    BARRING_ITEMS,
    ITEM_EXCLUSION,
    ComparisonDecision,
    ComparisonItem,
    FindingResult,
)
from workflow.models import Case, CaseStep, ComparisonFinding, DepartmentComparison
from workflow.services.case_locks import case_lock
from workflow.services.cases import _ensure_may_act, case_act

MSG_NOT_AT_STEP = "该案件当前不在部门比对环节。"
MSG_NO_CONSENT = (
    "该户没有在档的《农户承诺和授权查询书》（已签字并上传扫描件），不能比对家庭资产信息。"
    "请村干部先在农户档案中登记签字的承诺授权书并上传扫描件。"
)
MSG_FUTURE = "比对日期不能晚于今天。"
MSG_MEMBER = "第 {row} 行：所选成员不是该户的在册成员。"
MSG_ITEM = "第 {row} 行：比对项目或结果无效。"
MSG_DUPLICATE = "第 {row} 行：{name}的“{item}”重复填写。"
MSG_DETAIL = "{name}的“{item}”比对为“有”，请填写具体情况（如车牌号、房产坐落、单位名称）。"
MSG_NOTHING_CHECKED = "请至少填写一项比对结果。"
MSG_DECISION_REQUIRED = "比对发现排除情形，请作出研判结论：不予纳入，或经研判仍予纳入。"
MSG_REASON_REQUIRED = "比对发现排除情形，请填写研判理由。"
MSG_DECISION_NO_FINDING = "比对未发现排除情形，研判结论应为“比对无异常”；如另有理由不予纳入，请在案件页办理“不通过”。"
MSG_KEEP_BARRED = (
    "{items}属于“不得确定为监测对象”的情形（消费型轿车、财政供养人员、企业高管），不能“经研判仍予纳入”，请选择“不予纳入”。"
    "如车辆实为营运、农用等车辆，请改填在“车辆（营运、农用等，非消费型轿车）”一项。"
)
MSG_REASON_LONG = "研判理由不能超过 300 字。"
MSG_DETAIL_LONG = "具体情况不能超过 300 字。"
# The household history's summary holds 200 characters, and screening writes "登记排除情形：<kind>（<who>），<note>"
# into it: the fact's note keeps to this, the full detail stays on the comparison record.
NOTE_CHARS = 140


@dataclass(frozen=True)
class FindingInput:
    member_id: int
    item: str
    result: str
    detail: str = ""


def _comparison_step(case: Case) -> CaseStep:
    case_step = (
        CaseStep.objects.select_related("step")
        .filter(case=case, status=CaseStepStatus.OPEN, step__kind=StepKind.DEPARTMENT_COMPARISON)
        .first()
    )
    if case.status != CaseStatus.OPEN or case_step is None:
        raise ApplicationError(MSG_NOT_AT_STEP)
    return case_step


def _validate_findings(findings: list[FindingInput], members: dict[int, Member]) -> dict[str, list[str]]:
    errors: list[str] = []
    seen: set[tuple[int, str]] = set()
    for row, finding in enumerate(findings, start=1):
        member = members.get(finding.member_id)
        if member is None:
            errors.append(MSG_MEMBER.format(row=row))
            continue
        if finding.item not in ComparisonItem.values or finding.result not in FindingResult.values:
            errors.append(MSG_ITEM.format(row=row))
            continue
        label = ComparisonItem(finding.item).label
        if (finding.member_id, finding.item) in seen:
            errors.append(MSG_DUPLICATE.format(row=row, name=member.name, item=label))
        seen.add((finding.member_id, finding.item))
        if finding.result == FindingResult.FOUND and not finding.detail.strip():
            errors.append(MSG_DETAIL.format(name=member.name, item=label))
        if len(finding.detail.strip()) > 300:
            errors.append(MSG_DETAIL_LONG)
    if not errors and not any(f.result != FindingResult.NOT_CHECKED for f in findings):
        errors.append(MSG_NOTHING_CHECKED)
    return {"findings": errors} if errors else {}


def _validate_decision(*, found: bool, barred: list[str], decision: str, reason: str) -> dict[str, str]:
    """`barred`: the 不得 findings (BARRING_ITEMS), as "张三的“消费型轿车”", for which the county may not keep the
    household (003 §二2(2))."""
    if len(reason) > 300:
        return {"reason": MSG_REASON_LONG}
    if not found:
        return {"decision": MSG_DECISION_NO_FINDING} if decision not in ("", ComparisonDecision.NO_FINDING) else {}
    if decision not in (ComparisonDecision.EXCLUDE, ComparisonDecision.KEEP):
        return {"decision": MSG_DECISION_REQUIRED}
    if decision == ComparisonDecision.KEEP and barred:
        return {"decision": MSG_KEEP_BARRED.format(items="、".join(barred))}
    if not reason:
        return {"reason": MSG_REASON_REQUIRED}
    return {}


def _write_exclusions(*, actor: Any, comparison: DepartmentComparison, rows: list[ComparisonFinding]) -> int:
    """One exclusion fact per member and kind (deposits and securities are both 大额存款或有价证券). When the county
    keeps the household, the facts are recorded and at once withdrawn with its reason: the department data stay on
    file, and screening does not exclude a family the county decided to monitor."""
    by_target: dict[tuple[int, str], list[ComparisonFinding]] = {}
    for row in rows:
        kind = ITEM_EXCLUSION.get(row.item)
        if row.result == FindingResult.FOUND and kind:
            by_target.setdefault((row.member_id, kind), []).append(row)
    household = comparison.case.household
    for (_member_id, kind), found in by_target.items():
        details = "；".join(f"{ComparisonItem(row.item).label}：{row.detail}" for row in found)
        fact = exclusion_add(
            actor=actor,
            household=household,
            kind=kind,
            member=found[0].member,
            note=f"县级部门比对（{comparison.compared_on:%Y-%m-%d}）{details}"[:NOTE_CHARS],
            source=ExclusionSource.COUNTY,
        )
        if comparison.decision == ComparisonDecision.KEEP:
            reason = f"县级部门比对经研判仍予纳入：{comparison.reason}"[:NOTE_CHARS]
            fact = exclusion_withdraw(actor=actor, fact=fact, reason=reason)
        ComparisonFinding.objects.filter(pk__in=[row.pk for row in found]).update(exclusion_fact=fact)
    return len(by_target)


def _note(rows: list[ComparisonFinding], decision: str, reason: str) -> str:
    found = [f"{row.member.name}{ComparisonItem(row.item).label}" for row in rows if row.found]
    checked = sum(row.checked for row in rows)
    head = f"部门比对 {checked} 项，" + (f"发现：{'、'.join(found)}" if found else "未发现排除情形")
    tail = f"；{ComparisonDecision(decision).label}：{reason}" if reason else ""
    # The case event's summary holds 500 characters; the full findings stay on the comparison record.
    return (head[: 440 - len(tail)] + tail)[:440]


@transaction.atomic
def comparison_record(
    *,
    actor: Any,
    case: Case,
    compared_on: dt.date,
    findings: list[FindingInput],
    decision: str = "",
    reason: str = "",
) -> DepartmentComparison:
    case = case_lock(case.pk, "household")
    case_step = _comparison_step(case)
    _ensure_may_act(actor, case, case_step.step)
    if not consent_on_file(case.household_id):
        raise ApplicationError(MSG_NO_CONSENT)
    reason = (reason or "").strip()
    members = {
        m.pk: m for m in Member.objects.filter(household_id=case.household_id, living_status=LivingStatus.LIVING)
    }
    errors: dict[str, Any] = {}
    if compared_on > timezone.localdate():
        errors["compared_on"] = MSG_FUTURE
    errors.update(_validate_findings(findings, members))
    found = any(f.result == FindingResult.FOUND for f in findings)
    barred = [
        f"{members[f.member_id].name}的“{ComparisonItem(f.item).label}”"
        for f in findings
        if f.result == FindingResult.FOUND and f.item in BARRING_ITEMS and f.member_id in members
    ]
    errors.update(_validate_decision(found=found, barred=barred, decision=decision, reason=reason))
    if errors:
        raise ValidationError(errors)
    decision = decision if found else ComparisonDecision.NO_FINDING

    comparison = DepartmentComparison.objects.create(
        case=case,
        case_step=case_step,
        region_path=case.region_path,
        compared_on=compared_on,
        decision=decision,
        reason=reason,
        recorded_by=actor,
    )
    rows = ComparisonFinding.objects.bulk_create(
        [
            ComparisonFinding(
                comparison=comparison,
                member=members[f.member_id],
                item=f.item,
                result=f.result,
                detail=f.detail.strip(),
            )
            for f in findings
        ]
    )
    facts = _write_exclusions(actor=actor, comparison=comparison, rows=rows)
    audit_record(
        actor=actor,
        action="workflow.comparison_record",
        summary=(
            f"{case.household.number}：部门比对 {sum(row.checked for row in rows)} 项，"
            f"登记排除情形 {facts} 项，{comparison.get_decision_display()}"
        ),
        target=comparison,
        region_path=case.region_path,
    )
    outcome = Outcome.REJECT if decision == ComparisonDecision.EXCLUDE else Outcome.PASS
    case_act(actor=actor, case=case, step_code=case_step.step.code, outcome=outcome, note=_note(rows, decision, reason))
    return comparison
