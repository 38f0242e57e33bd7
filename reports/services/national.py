"""国家系统标注: the township (or the county bureau) records that approved cases were entered in the national system.

000 §三(三)6: 乡镇对县级批复的名单在乡村两级公告，在国家系统对监测对象相关数据信息进行录入、标识 — the township
enters and marks its own households; the county bureau, which manages the county's data (§三(三)8), may mark any.
The announcement and the entry are that one step after the county's 批复, so a case still waiting at 公告并标识 is
due for marking (reports.ledgers.national.national_pending lists it from the 批复).

All or nothing, as the batch approvals (workflow.services.batches): a selection holding a case that cannot be marked
(unknown or out of scope, not decided, marked already) marks none and names each such case with its reason."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from config.errors import ApplicationError
from reports.ledgers.national import national_pending
from reports.models import ExportMark
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.decisions import decided
from workflow.models import Case, CaseStep
from workflow.services.case_opening import INCLUSION_KINDS

MSG_NOT_ALLOWED = "只有乡镇或县乡村振兴局工作人员可以标注国家系统录入情况。"
# Who marks; each only the cases in their scope (national_pending starts from visible_to).
MARKING_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
# A township's month is a few dozen cases, the county's list a few hundred: a page marks at most 50 at once.
MAX_CASES = 500

MSG_NONE_CHOSEN = "请至少选择一户。"
MSG_TOO_MANY = f"一次最多标注 {MAX_CASES} 户，请分批标注。"
# Names the case (its household where the user may see it), as the refusals of _problems do.
MSG_DUPLICATE = "{name}（案件{pk}）被重复选择，请只选一次后重新提交。"
MSG_REFUSED = "以下 {n} 户不能标注，本次未作任何标注：{names}。请取消勾选后重新提交。"
TITLE_REFUSED = "本次未标注：以下农户不能标注"
REASON_MISSING = "案件不存在或不在您的管辖范围内"
REASON_NOT_DECIDED = "尚未经县级批准，不需在国家系统录入"
REASON_MARKED = "已于 {day} 由 {who} 标注为已在国家系统录入"


def may_mark_national(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in MARKING_ROLES)


def _check_selection(actor: Any, case_ids: list[int]) -> None:
    if not case_ids:
        raise ValidationError({"cases": MSG_NONE_CHOSEN})
    if len(case_ids) > MAX_CASES:
        raise ValidationError({"cases": MSG_TOO_MANY})
    if (twice := _first_repeated(case_ids)) is not None:
        # Out of scope (or unknown), the case is named by its id alone, as _problems says it.
        case = Case.objects.visible_to(actor).filter(pk=twice).select_related("household").first()
        name = (case.household.head_name or case.household.number) + "户" if case else "该案件"
        raise ValidationError({"cases": MSG_DUPLICATE.format(name=name, pk=twice)})


def _first_repeated(case_ids: list[int]) -> int | None:
    seen: set[int] = set()
    for pk in case_ids:
        if pk in seen:
            return pk
        seen.add(pk)
    return None


def _problems(actor: Any, case_ids: list[int], pending: set[int]) -> list[dict]:
    """What keeps each chosen case that is not pending off the marking, in the order chosen. A case out of scope
    is said as one that does not exist: nothing of it is told, not even its household's name."""
    visible = {
        case.pk: case
        for case in Case.objects.visible_to(actor)
        .filter(pk__in=[pk for pk in case_ids if pk not in pending])
        .select_related("household", "national_mark__marked_by")
    }
    is_decided = set(Case.objects.filter(decided(), pk__in=list(visible)).values_list("pk", flat=True))
    problems = []
    for pk in case_ids:
        if pk in pending:
            continue
        case = visible.get(pk)
        if case is None:
            problems.append({"id": pk, "head_name": f"案件{pk}", "reason": REASON_MISSING})
            continue
        mark = getattr(case, "national_mark", None)
        if mark is not None:
            who = mark.marked_by.get_full_name() or mark.marked_by.username
            reason = REASON_MARKED.format(day=timezone.localtime(mark.marked_at).date().isoformat(), who=who)
        else:
            reason = REASON_NOT_DECIDED if pk not in is_decided else REASON_MISSING
        problems.append({"id": pk, "head_name": case.household.head_name or case.household.number, "reason": reason})
    return problems


@transaction.atomic
def national_mark(*, actor: Any, case_ids: list[int]) -> list[ExportMark]:
    """Mark the chosen decided cases as entered, all of them or (ApplicationError, extra["cases"]: [{id, head_name,
    reason}]) none. Locks the cases in primary-key order so two clerks marking the same list do not clash: the
    second is told who marked them."""
    if not may_mark_national(actor):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    _check_selection(actor, case_ids)
    locked = list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
    cases = list(national_pending(actor).filter(pk__in=locked).select_related("household").order_by("pk"))
    if problems := _problems(actor, case_ids, {case.pk for case in cases}):
        names = "；".join(f"{p['head_name']}（{p['reason']}）" for p in problems)
        raise ApplicationError(
            MSG_REFUSED.format(n=len(problems), names=names), extra={"cases": problems, "title": TITLE_REFUSED}
        )
    now = timezone.now()
    marks = ExportMark.objects.bulk_create(
        [ExportMark(case=case, region_path=case.region_path, marked_by=actor, marked_at=now) for case in cases]
    )
    for case in cases:
        audit_record(
            actor=actor,
            action="reports.national_mark",
            summary=f"国家系统已标注：{case.household.head_name}（{case.get_kind_display()}，案件{case.pk}）",
            target=case,
        )
    return marks


def _marks_national(case: Case, last: CaseStep | None) -> bool:
    """Whether the step that closed `case` is its national marking: an exit's announcement (the township's
    公告并标注风险消除, or Taogou's 区级备案公告并标注风险消除: 003 §二2(5) 备案公告，并在…系统中标注), or an
    inclusion's (纳入, 风险再标注) township 公告并标识 (000 §三(三)6 公告标识). Taogou's 区级备案公告 of an inclusion
    is not: 003 §二2(4) has the township enter and mark the household after the district's filing."""
    if last is None or last.step.kind != StepKind.ANNOUNCEMENT or last.outcome != Outcome.PASS:
        return False
    if case.kind == CaseKind.EXIT:
        return True
    return case.kind in INCLUSION_KINDS and last.step.role == Role.TOWNSHIP_OFFICER


@transaction.atomic
def national_mark_announced(*, case_id: int) -> ExportMark | None:
    """A case closed by the announcement that marks it in the national system (_marks_national: an exit's
    公告并标注风险消除, an inclusion's 公告并标识; 000 §三(三)6: 乡镇…公告，在国家系统对监测对象相关数据信息进行录入、
    标识): that step is the marking, so it is recorded as the township's, by whoever passed the step and when, as
    national_mark records it (audited). Called after the case's commit (reports.receivers); idempotent: a case
    marked already, or closed otherwise (a county approval with no announcement after it), is left alone."""
    case = Case.objects.select_for_update().select_related("household").filter(pk=case_id).first()
    if case is None or case.status != CaseStatus.APPROVED:
        return None
    last = (
        CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE, acted_by__isnull=False)
        .select_related("step", "acted_by")
        .order_by("-step__order")
        .first()
    )
    if not _marks_national(case, last):
        return None
    assert last is not None
    mark, created = ExportMark.objects.get_or_create(
        case=case,
        defaults={
            "region_path": case.region_path,
            "marked_by": last.acted_by,
            "marked_at": last.acted_at or timezone.now(),
        },
    )
    if created:
        audit_record(
            actor=last.acted_by,
            action="reports.national_mark",
            summary=f"国家系统已标注：{case.household.head_name}（{case.get_kind_display()}，案件{case.pk}，"
            f"随“{last.step.name}”办理）",
            target=case,
        )
    return mark if created else None
