"""补充未落实帮扶措施的原因: an open exit (风险消除) whose household has no measure in place (实施中 or 已完成) and
whose case records no reason for it is refused at the township's audit and the county's approval
(services.exit_rules, services.pass_rules). One opened before the rule, or whose measure was stopped while it ran,
would otherwise have to be withdrawn and opened again: whoever may act on its current step (the village at its own
steps, the township at its audit, the county at its approval) records the reason on the case instead, with the
opening's validation (4–200 characters). The case's record, the household's history and the audit log say so.

修改未落实帮扶措施的原因: a reason on file (given at the opening or added since) may be changed by the same people
until the county approves the exit (its 批复, or a district's filing that closes it): from then on it is the reason the
exit was decided on. The case's record, the household's history and the audit log keep the text it replaced."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.scoping import user_scope_prefix
from config.errors import Conflict
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep
from workflow.roles import acts_step
from workflow.services.case_locks import PAGE, ReadBy, case_lock, deadlock_retried, version_check
from workflow.services.case_opening import MSG_NO_MEASURE_REASON_LONG, NO_MEASURE_REASON_MIN
from workflow.services.case_records import _event, event_detail, step_history_row
from workflow.services.exit_rules import (
    MSG_NO_MEASURE_REASON_SHORT,
    NO_MEASURE_REASON_LABEL,
    NO_MEASURE_REASON_LIMIT,
    without_measure,
)

REASON_ADD = "no_measure_reason"  # the case event's action
TITLE = "补充" + NO_MEASURE_REASON_LABEL
ANCHOR = "no-measure-reason"  # the case page's form, which a step's refusal links to
MSG_REASON_ROLE = "只有正在办理本案当前环节的人员（村级环节为本村村干部、驻村工作队）可以补充未落实帮扶措施的原因。"
MSG_REASON_NOT_OPEN = "只有进行中的风险消除案件可以补充未落实帮扶措施的原因。"
MSG_REASON_ON_FILE = "本案已写明未落实帮扶措施的原因，无需补充。"
MSG_REASON_NOT_NEEDED = "该户帮扶方案中已有实施中或已完成的帮扶措施，无需补充未落实帮扶措施的原因。"
REASON_CHANGE = "no_measure_reason_change"  # the case event's action
CHANGE_TITLE = "修改" + NO_MEASURE_REASON_LABEL
MSG_CHANGE_ROLE = "只有正在办理本案当前环节的人员（村级环节为本村村干部、驻村工作队）可以修改未落实帮扶措施的原因。"
MSG_CHANGE_NOT_OPEN = "只有进行中的风险消除案件可以修改未落实帮扶措施的原因。"
MSG_CHANGE_APPROVED = "本案已经县级审批通过，未落实帮扶措施的原因不能再修改。"
MSG_CHANGE_NONE = "本案尚未写明未落实帮扶措施的原因，请先补充原因。"
MSG_CHANGE_SAME = "所填原因与原来的相同，未作修改。"
CHANGED_FROM = "{reason}（原为：{previous}）"
# A step's refusal of an exit for want of a measure (services.pass_rules): how to go on without withdrawing it.
MSG_EXIT_NO_MEASURE_AT_STEP = (
    "该户帮扶方案中没有实施中或已完成的帮扶措施，本案也未写明未落实帮扶措施的原因，不能标注“风险消除”："
    "请先落实帮扶措施；确未落实措施而风险已消除的（如风险自然消除），请在{page}补充未落实帮扶措施的原因{address}。"
)
PAGE_WORDS = "案件页面"


class LinkedMessage(str):
    """A message that names the case page: as text (the API, a form's error, a flash message) it gives the page's
    address; a template renders it with the words 案件页面 linked instead (Django's templates call __html__)."""

    html: str

    def __html__(self) -> str:
        return self.html


def no_measure_refusal(case: Case) -> LinkedMessage:
    """The step's refusal of `case` for want of a measure in place, with the way to its reason's form."""
    url = f"{reverse('workflow:case_detail', args=[case.pk])}#{ANCHOR}"
    message = LinkedMessage(MSG_EXIT_NO_MEASURE_AT_STEP.format(page=PAGE_WORDS, address=f"（{url}）"))
    before, after = MSG_EXIT_NO_MEASURE_AT_STEP.split("{page}")
    link = format_html('<a href="{}" data-reason-link>{}</a>', url, PAGE_WORDS)
    message.html = format_html("{}{}{}", before, link, after.format(address=""))
    return message


def reason_error(reason: str) -> str:
    """What is wrong with a reason typed (the opening's rule, services.case_opening.exit_errors), "" when nothing."""
    if len(reason) > NO_MEASURE_REASON_LIMIT:
        return MSG_NO_MEASURE_REASON_LONG.format(limit=NO_MEASURE_REASON_LIMIT)
    if len(reason) < NO_MEASURE_REASON_MIN:
        return MSG_NO_MEASURE_REASON_SHORT
    return ""


def reason_missing(case: Case, today: dt.date) -> bool:
    """An open exit the township's audit or county's approval would refuse for want of a measure: its household is
    still monitored (not yet marked 风险消除) with no measure in place, and the case records no reason."""
    return (
        case.kind == CaseKind.EXIT
        and case.status == CaseStatus.OPEN
        and not case.no_measure_reason
        and bool(case.household.monitoring_category)
        and case.household_id in without_measure([case.household], today)
    )


def reason_check(*, actor: Any, case: Case) -> None:
    """The refusals before anything is read from the request: another place or a user acting no open step of the
    case 403; a case that no longer needs the reason 409."""
    prefix = user_scope_prefix(actor)
    if prefix is None or not case.region_path.startswith(prefix):
        raise PermissionDenied(MSG_REASON_ROLE)
    if case.kind != CaseKind.EXIT or case.status != CaseStatus.OPEN:
        raise Conflict(MSG_REASON_NOT_OPEN)
    roles = CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).values_list("step__role", flat=True)
    if not any(acts_step(actor, role) for role in roles):
        raise PermissionDenied(MSG_REASON_ROLE)
    if case.no_measure_reason:
        raise Conflict(MSG_REASON_ON_FILE)
    if not reason_missing(case, timezone.localdate()):
        raise Conflict(MSG_REASON_NOT_NEEDED)


def may_add_reason(actor: Any, case: Case) -> bool:
    """Whether the case page offers this user the form now (reason_check's answer, without the reason)."""
    try:
        reason_check(actor=actor, case=case)
    except (PermissionDenied, Conflict):
        return False
    return True


@deadlock_retried
@transaction.atomic
def case_no_measure_reason_add(
    *, actor: Any, case: Case, reason: str, expected_version: str = "", read_by: ReadBy = PAGE
) -> Case:
    """Record why an open exit has no measure in place. The township's audit and the county's approval then read it
    as one given at the opening (services.pass_rules). Typed words that may name an illness: the audit row keeps
    them apart from its summary (case_records._event's note)."""
    case = case_lock(case.pk, "household")
    reason_check(actor=actor, case=case)
    version_check(case, expected_version, read_by)
    reason = (reason or "").strip()
    if error := reason_error(reason):
        raise ValidationError({"no_measure_reason": error})
    case.no_measure_reason = reason
    case.save(update_fields=["no_measure_reason", "updated_at"])
    row = step_history_row(case=case, actor=actor, summary=f"{TITLE}：{reason}")
    row.save()
    detail = event_detail(household_event=row.pk)
    _event(case=case, actor=actor, action=REASON_ADD, summary=TITLE, note=reason, detail=detail)
    case.refresh_from_db()
    return case


def county_approved(case: Case) -> bool:
    """The county approved the exit (its 批复 passed), or a district's filing closed it approved."""
    if case.status == CaseStatus.APPROVED:
        return True
    approval = CaseStep.objects.filter(case=case, step__kind=StepKind.COUNTY_APPROVAL, outcome=Outcome.PASS)
    return approval.exists()


def change_check(*, actor: Any, case: Case) -> None:
    """The refusals of a change before anything is read from the request: another place or a user acting no open
    step of the case 403; a case approved, closed, not an exit or with no reason to change 409."""
    prefix = user_scope_prefix(actor)
    if prefix is None or not case.region_path.startswith(prefix):
        raise PermissionDenied(MSG_CHANGE_ROLE)
    if case.kind != CaseKind.EXIT:
        raise Conflict(MSG_CHANGE_NOT_OPEN)
    if county_approved(case):
        raise Conflict(MSG_CHANGE_APPROVED)
    if case.status != CaseStatus.OPEN:
        raise Conflict(MSG_CHANGE_NOT_OPEN)
    roles = CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).values_list("step__role", flat=True)
    if not any(acts_step(actor, role) for role in roles):
        raise PermissionDenied(MSG_CHANGE_ROLE)
    if not case.no_measure_reason:
        raise Conflict(MSG_CHANGE_NONE)


def may_change_reason(actor: Any, case: Case) -> bool:
    """Whether the case page offers this user the change of the reason now (change_check's answer)."""
    try:
        change_check(actor=actor, case=case)
    except (PermissionDenied, Conflict):
        return False
    return True


@deadlock_retried
@transaction.atomic
def case_no_measure_reason_change(
    *, actor: Any, case: Case, reason: str, expected_version: str = "", read_by: ReadBy = PAGE
) -> Case:
    """Replace the reason on file of an open exit the county has not approved, checked as at the opening; the
    case's record and the household's history read the new text with the one it replaced, the audit row keeps
    both (its before and after notes) and CaseEvent.detail["previous"] the replaced one."""
    case = case_lock(case.pk, "household")
    change_check(actor=actor, case=case)
    version_check(case, expected_version, read_by)
    reason = (reason or "").strip()
    if error := reason_error(reason):
        raise ValidationError({"no_measure_reason": error})
    previous = case.no_measure_reason
    if reason == previous:
        raise ValidationError({"no_measure_reason": MSG_CHANGE_SAME})
    case.no_measure_reason = reason
    case.save(update_fields=["no_measure_reason", "updated_at"])
    told = CHANGED_FROM.format(reason=reason, previous=previous)
    row = step_history_row(case=case, actor=actor, summary=f"{CHANGE_TITLE}：{told}")
    row.save()
    detail = event_detail(household_event=row.pk, previous=previous)
    _event(
        case=case,
        actor=actor,
        action=REASON_CHANGE,
        summary=CHANGE_TITLE,
        note=told,
        detail=detail,
        before_note=previous,
    )
    case.refresh_from_db()
    return case
