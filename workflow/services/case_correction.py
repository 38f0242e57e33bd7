"""补正风险类型和拟定类别: while a township's return (退回村级补正, services.case_return) has reopened the village's
step, the village (its cadres and work team, who act that step) may correct the case's risk types and proposed
category, which the township's audit may have questioned (e.g. 以收入低于监测范围申报但收入高于标准 … 请核实风险类型).
At any other step, and for anyone else, they stay as the case was opened with.

The checks are case_opening.validate_open's, the ones the case was opened with (the category within what the
household's type allows, households.choices.categories_for; the national codes from the seed types).

Whether the publicities run again: seed 003 §二2(4) publicises the village's 初选名单 and reports it "公示无异议的",
and 000 §三(三)4 has the township "将符合条件的对象再次予以公示 … 无异议后上报"; both notices print each household's
proposed category and reasons (publicity_print.html, Case.notice_reason_labels). So what goes up must be what was
publicised: a correction that changes what the notice prints puts every passed publicity after the reopened step back
to 未开始, the village's and the township's second one alike (a county's return to the township, then the township's
to the village, leaves the second publicity passed), to run again with the corrected list, each in its order once the
step before it passes again (services.case_moves._advance opens it). The department comparison of the family's
assets, which neither changes, stays done. A correction the notice does not show (a national code only) keeps them."""

from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.choices import Role
from config.errors import Conflict
from config.stale import stale_check
from households.choices import NATIONAL_RISK_TYPES, MonitoringCategory, NationalRiskType, RiskType
from households.services.common import ensure_can_edit, record_event
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep, Objection, StepAttachment
from workflow.roles import acts_step
from workflow.services.case_locks import PAGE, ReadBy, case_lock, version_check
from workflow.services.case_opening import chosen_national, validate_open
from workflow.services.case_records import _event, event_detail, step_history_row
from workflow.services.guarantee_restore import correction_guarantees

MSG_CORRECT_NOT_RETURNED = (
    "只有乡镇退回村级补正、正在村级重新办理的案件，才能更正风险类型和拟定类别；"
    "其他环节请按程序办理（如确有错误，可撤回本案后重新发起）。"
)
MSG_CORRECT_EXIT = "风险消除案件没有风险类型和拟定类别，无需更正。"
MSG_CORRECT_ROLE = "只有本村村干部或驻村工作队可以更正风险类型和拟定类别。"
MSG_CORRECT_UNCHANGED = "风险类型和拟定类别均未改变，无需更正。"
NONE = "无"
CORRECT = "case_correct"  # the case event's action (the case page lists them for the township)
# Said on the correction form and in the case's record: the publicised list must match what is reported.
REPUBLISH_RULE = (
    "公示名单载明拟定类别和风险类型：更正后与已公示的内容不一致的，{steps}须按更正后的内容重新公示"
    "（各在其前一环节重新办理通过后开始，公示期重新计算）；部门比对等其他已完成的环节保留。"
)
# Said at the risk types of the correction form and the API, as RISK_GUARANTEE_HELP at the case form's
# (services.guarantee_restore.correction_guarantees).
CORRECT_GUARANTEE_HELP = (
    "更正后新增“唯一住房存在安全问题”或“饮水安全问题”（因安全住房、因安全饮水）的，保存时该户档案的“住房安全有保障”"
    "或“饮水安全有保障”同时改为“否”；去掉的，本案改为“否”的恢复为“是”（此后有人改过或走访仍记录为“否”的除外）。"
)
# The file a publicity that runs again had passed with (the photo of the notice as first posted): kept in the step's
# files under this name (selectors_step_files), no longer the step's own, which the new notice's will be.
REPUBLISHED_FILE = "更正前公示的材料"


def correction_step(case: Case) -> CaseStep | None:
    """The village step a township's return reopened and the village has not passed again: the only time the
    case's risk types and category may be corrected."""
    if case.status != CaseStatus.OPEN or case.kind == CaseKind.EXIT:
        return None
    return (
        CaseStep.objects.select_related("step")
        .filter(
            case=case,
            status=CaseStepStatus.OPEN,
            step__kind__in=[StepKind.VILLAGE_REVIEW, StepKind.HOUSEHOLD_VERIFICATION],
            returned_at__isnull=False,
        )
        .exclude(return_note="")
        .order_by("-step__order")
        .first()
    )


def may_correct(actor: Any, case: Case) -> bool:
    """Whether the page offers the correction to this user now (correction_check's answer, without the reason)."""
    try:
        correction_check(actor=actor, case=case)
    except (PermissionDenied, Conflict):
        return False
    return True


def correction_check(*, actor: Any, case: Case) -> CaseStep:
    """The refusals, before anything is read from the request: another role or place 403, another step 409."""
    ensure_can_edit(actor, case.region_path)
    if getattr(actor, "role", None) not in (Role.VILLAGE_CADRE, Role.WORK_TEAM):
        raise PermissionDenied(MSG_CORRECT_ROLE)
    if case.kind == CaseKind.EXIT:
        raise Conflict(MSG_CORRECT_EXIT)
    target = correction_step(case)
    if target is None:
        raise Conflict(MSG_CORRECT_NOT_RETURNED)
    if not acts_step(actor, target.step.role):
        raise PermissionDenied(MSG_CORRECT_ROLE)
    return target


def republish_steps(case: Case, target: CaseStep) -> list[CaseStep]:
    """The publicities after the reopened step that ran and passed, whoever posts them (the village's, the township's
    second one): those a changed list runs again, since each printed the list as it was."""
    return list(
        CaseStep.objects.select_related("step")
        .filter(
            case=case,
            step__kind=StepKind.PUBLICITY,
            step__order__gt=target.step.order,
            status=CaseStepStatus.DONE,
            outcome=Outcome.PASS,
        )
        .order_by("step__order")
    )


def republish_names(case: Case) -> str:
    """The passed publicities a correction changing the notice would run again, quoted ("" when none)."""
    target = correction_step(case)
    steps = republish_steps(case, target) if target is not None else []
    return "、".join(f"“{cs.step.name}”" for cs in steps)


def republish_rule(case: Case) -> str:
    """The notice the correction form shows ("" when no passed publicity would run again)."""
    names = republish_names(case)
    return REPUBLISH_RULE.format(steps=names) if names else ""


class Correction(NamedTuple):
    case: Case
    republish: list[str]  # the names of the publicities that run again (the village's, the township's second)
    guarantees: list[str] = []  # what it did to the household's 住房/饮水安全有保障 (guarantee_restore), in words


def corrected_values(case: Case) -> dict[str, Any]:
    """The values a correction may change, by the correction form's field names (what config.stale compares)."""
    return {
        "risk_types": list(case.risk_types),
        "national_risk_types": list(case.national_risk_types),
        "category": case.category,
    }


def _labels(codes: list[str], choices: Any) -> str:
    return "、".join(str(choices(code).label) for code in codes if code in choices.values) or NONE


def _printed(case: Case) -> tuple[str, frozenset[str]]:
    """What the publicity notice prints of the case: its category and its reasons (no health detail), in any order."""
    return case.category, frozenset(case.notice_reason_labels())


def _as_before(new: list[str], old: list[str]) -> list[str]:
    """The codes chosen, in the case's order when they are the same ones: the page sends ticked boxes in the code
    list's order, an API client in its own, and neither reorders what the case and its notice say."""
    return list(old) if set(new) == set(old) else new


def _national_chosen(case: Case, risk_types: list[str], national: list[str] | None) -> list[str]:
    """The national codes to check the corrected risk types with. Left out (None), they stay: each ambiguous risk
    type the case already had keeps the codes chosen for it (因残 for a medical cost), a new one takes the usual
    codes; an empty list asks for the usual codes of all (households.national), as the case form does. Income below
    the line left alone has no usual code (case_opening.chosen_national): its cause is chosen, or kept.

    Income below the line may take any code, so it cannot tell its cause from the code of a risk type removed
    beside it (因病 of a medical cost): that code goes with the removed type, and income left without another
    cause is asked for it again (MSG_INCOME_CAUSE_REQUIRED), as at the opening."""
    if national is not None:
        return chosen_national(case.household, risk_types, national)
    usual = chosen_national(case.household, risk_types, [])
    removed = {code for old in set(case.risk_types) - set(risk_types) for code in NATIONAL_RISK_TYPES.get(old, ())}
    chosen: list[str] = []
    for risk_type in risk_types:
        allowed = set(NATIONAL_RISK_TYPES.get(risk_type, ()))
        kept = allowed.intersection(case.national_risk_types) if risk_type in case.risk_types else set()
        if risk_type == RiskType.LOW_INCOME:
            kept -= removed
        chosen += sorted(kept or allowed.intersection(usual))
    return list(dict.fromkeys(chosen))


def _archive_publicity_file(case: Case, case_step: CaseStep) -> None:
    """Keep the file of a publicity that runs again in the step's files; the step's own is then empty."""
    if case_step.attachment:
        StepAttachment.objects.create(
            case_step=case_step,
            region_path=case.region_path,
            file=case_step.attachment.name,
            label=REPUBLISHED_FILE,
            acted_by=case_step.acted_by,
            acted_at=case_step.acted_at,
            note=case_step.note,
        )


def _carry_objections(again: list[CaseStep]) -> str:
    """The objections to the notices that run again, marked as raised before the correction (Objection.earlier_run),
    and what the record says of them. Seed 003 §二2(4) reports the list 公示无异议的: a verified one belongs to the
    first notice's history (the case page keeps it, as such) and holds nothing; one still open is not dropped with
    the notice it was about, but carried into the new run (Objection.carried), whose pass it holds until verified and,
    found true, after."""
    earlier = Objection.objects.filter(case_step__in=again)
    # Not told again: one a correction before this one already left with its notice's history.
    verified = earlier.filter(resolved_at__isnull=False).exclude(earlier_run=True, carried=False).count()
    waiting = earlier.filter(resolved_at__isnull=True).count()
    earlier.filter(resolved_at__isnull=False).update(earlier_run=True, carried=False)
    earlier.filter(resolved_at__isnull=True).update(earlier_run=True, carried=True)
    said = f"；原公示期间的异议已核实{verified}件，留作原公示记录" if verified else ""
    return said + (f"；原公示期间未核实的异议{waiting}件转入重新公示，核实前不得通过" if waiting else "")


@transaction.atomic
def case_correct(
    *,
    actor: Any,
    case: Case,
    risk_types: list[str] | None = None,
    category: str | None = None,
    national_risk_types: list[str] | None = None,
    expected: dict[str, Any] | None = None,
    expected_version: str = "",
    read_by: ReadBy = PAGE,
) -> Correction:
    """Correct a returned case's risk types (with their national codes) and proposed category; the case's record
    and the audit log say old → new, and whether the village publicity runs again. What is left out (None) stays
    as the case has it: the API's body is partial, the page sends what the user changed.

    Two village users correcting at once: the page sends `expected`, the values it showed of the fields changed,
    and a field someone else corrected since is refused (config.stale.StaleEdit, naming it); an API client sends
    the `version` it read (services.case_locks.CaseChanged, 409, when the case has moved since)."""
    case = case_lock(case.pk, "household", "procedure")
    target = correction_check(actor=actor, case=case)
    version_check(case, expected_version, read_by)
    stale_check(current=corrected_values(case), expected=expected or {})
    risk_types = case.risk_types if risk_types is None else list(dict.fromkeys(risk_types))
    risk_types = _as_before(risk_types, case.risk_types)
    category = case.category if category is None else category
    national = validate_open(
        household=case.household,
        kind=case.kind,
        channel=case.channel,
        risk_types=risk_types,
        category=category,
        discovered_on=case.discovered_on,
        national_risk_types=_national_chosen(case, risk_types, national_risk_types),
    )
    national = _as_before(national, case.national_risk_types)
    before = (list(case.risk_types), list(case.national_risk_types), case.category)
    if before == (risk_types, national, category):
        raise Conflict(MSG_CORRECT_UNCHANGED)
    printed = _printed(case)
    changes = []
    if before[0] != risk_types:
        changes.append(f"风险类型 {_labels(before[0], RiskType)} → {_labels(risk_types, RiskType)}")
    if before[1] != national:
        changes.append(
            f"国家系统风险类型 {_labels(before[1], NationalRiskType)} → {_labels(national, NationalRiskType)}"
        )
    if before[2] != category:
        old, new = _labels([before[2]], MonitoringCategory), _labels([category], MonitoringCategory)
        changes.append(f"拟定类别 {old} → {new}")
    case.risk_types, case.national_risk_types, case.category = risk_types, national, category
    case.save(update_fields=["risk_types", "national_risk_types", "category", "updated_at"])
    # An unsafe house or water added is 否 on the household's record as at an opening; one removed gives the case's 否
    # back (services.guarantee_restore, which a later withdrawal or refusal reads through this act's event).
    guarantees = correction_guarantees(case.household, case, before[:2])
    summary = f"村级补正，更正{'；'.join(changes + guarantees.said)}"
    again = republish_steps(case, target) if _printed(case) != printed else []
    if again:
        for cs in again:
            _archive_publicity_file(case, cs)
        CaseStep.objects.filter(pk__in=[cs.pk for cs in again]).update(
            status=CaseStepStatus.PENDING,
            opened_at=None,
            ends_on=None,
            posted_on=None,
            acted_by=None,
            acted_at=None,
            outcome="",
            note="",
            attachment="",
        )
        names = "、".join(f"“{cs.step.name}”" for cs in again)
        summary += f"；公示内容已改变，{names}须按更正后的内容重新公示" + _carry_objections(again)
    limit = CaseEvent._meta.get_field("summary").max_length
    if len(summary) > limit:  # every risk type swapped for others: the case page shows the new ones whole
        summary = summary[: limit - 1] + "…"
    # Which notices run again, by their case steps (selectors_reruns reads it); the corrected step is the one acted on.
    rerun = [cs.pk for cs in again]
    # The household's history row, with the guarantees' changes (re-screened then, as any change of the record);
    # the case event is the act's audit event and names the row, as an opening's does.
    row = step_history_row(case=case, actor=actor, summary=summary)
    if guarantees.changes:
        row = record_event(
            actor=actor,
            household=case.household,
            action=f"workflow.{CORRECT}",
            target=case,
            summary=row.summary,
            changes=guarantees.changes,
            audited=True,
        )
    else:
        row.save()
    detail = event_detail(target, rerun=rerun, household_event=row.pk)
    _event(case=case, actor=actor, action=CORRECT, summary=summary, detail=detail)
    case.refresh_from_db()
    return Correction(case, [cs.step.name for cs in again], guarantees.said)
