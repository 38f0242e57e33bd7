"""Acting on screening results (the worklist), exclusion facts and cadre-entered risk flags.

Result status changes go through `_transition`, which holds the one table of allowed moves and updates
with the old status in the WHERE clause, so two people acting at once cannot both succeed."""

import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from accounts.audit import SERVER_COMMAND, audit_record, server_summary
from accounts.choices import Role
from config.errors import AlreadyRecorded, ApplicationError, Conflict
from config.once import Once, once_create
from households import idnumber
from households.models import Household, HouseholdEvent, Member
from households.services.common import ensure_can_edit, record_event
from screening.choices import ExclusionKind, ExclusionSource, ResultStatus, RiskSource
from screening.models import ExclusionFact, RiskFlag, ScreeningResult
from screening.services.exclusion_sources import entry_source, exclusion_refusal
from screening.services.in_procedure import results_take_up
from screening.services.in_procedure import status_change as _status_change
from screening.services.overrides import fact_label, override_decide
from screening.services.overrides import fact_who as _who

logger = logging.getLogger(__name__)

MSG_STALE = "该筛查结果已被他人处理或已更新，请刷新后重试。"
MSG_JUSTIFICATION_REQUIRED = "请填写不予排除的书面理由。"
MSG_OVERRIDE_ROLE = "只有县乡村振兴局工作人员可以对排除情形作出不予排除的决定。"
MSG_MEMBER_OTHER_HOUSEHOLD = "所选成员不属于该农户。"
MSG_CHILD_NAME = "分户子女须填写姓名。"
MSG_TARGET = "排除情形须对应一名家庭成员、一名分户子女或整户，三者只能选一。"
MSG_SAME_EXCLUSION = (
    "{who}已有有效的排除情形“{kind}”（ID {fact.pk}，{fact.recorded_on:%Y-%m-%d} 登记），本次未重复登记。"
)
MSG_FLAG_EXISTS = "该户已有同一来源的“{risk}”风险标记。"
MSG_WITHDRAW_REASON = "请填写撤销理由。"
WITHDRAW_REASON_LIMIT = 150  # the history row (200 characters) holds the kind, the person and all of it
WITHDRAWN_REASON_CHARS = 200  # ExclusionFact.withdraw_reason (a county comparison's reason is shorter)
MSG_ALREADY_WITHDRAWN = "该排除情形已撤销，无需再次撤销。"

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # action: (allowed from, to)
    "propose": ({ResultStatus.HIT}, ResultStatus.PROPOSED),
    "dismiss": ({ResultStatus.HIT, ResultStatus.BELOW_LINE_STABLE, ResultStatus.EXCLUDED}, ResultStatus.DISMISSED),
    "override": ({ResultStatus.EXCLUDED}, ResultStatus.HIT),
    # Not a person's act on the worklist: the case the proposal opened ended without inclusion (result_reopen).
    "reopen": ({ResultStatus.PROPOSED}, ResultStatus.HIT),
    # The township or county undoes a dismissal (services.dismissal).
    "undismiss": ({ResultStatus.DISMISSED}, ResultStatus.HIT),
    # Not a person's act either: the household's inclusion case was approved (screening.receivers).
    "monitor": ({ResultStatus.PROPOSED, ResultStatus.HIT}, ResultStatus.MONITORED),
}
ACTION_LABELS = {
    "propose": "提议纳入监测",
    "dismiss": "核实不纳入",
    "override": "不予排除",
    "reopen": "退回待处理",
    "undismiss": "撤销核实不纳入",
    "monitor": "已纳入监测",
}
NOTE_LIMIT = ScreeningResult._meta.get_field("handle_note").max_length or 500
SUMMARY_LIMIT = HouseholdEvent._meta.get_field("summary").max_length or 200
SERVER_SUMMARY_ROOM = 400  # of the audit summary's 500 characters, leaving room for the server command's words


def _cut(summary: str) -> str:
    return summary if len(summary) <= SUMMARY_LIMIT else summary[: SUMMARY_LIMIT - 1] + "…"


def result_move(*, actor: Any, result: ScreeningResult, action: str, note: str, what: str = "", **extra: Any) -> bool:
    """The one change of a result's status: `action`'s move (TRANSITIONS) by a conditional update on the status read,
    with the household's history row. No scope check: people's acts come through _transition; the system's own
    moves (in_procedure.results_take_up, for a run or the county's 不予排除) call it directly. False when the result
    is no longer in a status the action takes (someone acted meanwhile)."""
    allowed, target = TRANSITIONS[action]
    if result.status not in allowed:
        return False
    updated = ScreeningResult.objects.filter(pk=result.pk, status=result.status).update(
        status=target, handled_by=actor, handled_at=timezone.now(), handle_note=note, **extra
    )
    if updated == 0:
        return False
    record_event(
        actor=actor,
        household=Household.objects.get(pk=result.household_id),
        action=f"screening.{action}",
        target=result,
        summary=_cut(f"筛查结果：{ACTION_LABELS[action]}{what}{('，' + note) if note else ''}"),
        changes=_status_change(result.status, target),
    )
    return True


def _transition(
    *, actor: Any, result: ScreeningResult, action: str, note: str, what: str = "", **extra: Any
) -> ScreeningResult:
    ensure_can_edit(actor, result.region_path)
    if not result_move(actor=actor, result=result, action=action, note=note, what=what, **extra):
        raise ApplicationError(MSG_STALE)
    result.refresh_from_db()
    return result


@transaction.atomic
def result_propose(*, actor: Any, result: ScreeningResult, note: str = "") -> ScreeningResult:
    """Propose the household for monitoring. (The identification case is opened by the workflow app.)"""
    return _transition(actor=actor, result=result, action="propose", note=note.strip())


@transaction.atomic
def result_reopen(
    *, actor: Any, household_id: int, note: str, server_user: str | None = None
) -> ScreeningResult | None:
    """A household proposed for monitoring whose case ended without inclusion (refused or withdrawn) goes back to
    待处理 with the note of how and why the case ended: the risk that made it a hit is still there, and the
    worklist is how 000 §三(三)1 初步筛选 finds households, so the cadre decides again (propose anew, or dismiss
    with a reason). `actor` is whoever closed the case (None: the system); it is not checked here, as the case's
    own service checked it. Returns the result, or None when there is no proposal left to reopen (someone acted on
    it meanwhile). A run then treats it as any pending hit (screening.services.run_apply). With `server_user` (the
    login that ran manage.py reopen_stranded_hits, actor None) no person did it: the result and its history row
    name no one, and the audit event names the server command and that login, as every server command's does
    (accounts.audit)."""
    allowed, target = TRANSITIONS["reopen"]
    updated = ScreeningResult.objects.filter(household_id=household_id, status__in=allowed).update(
        status=target, handled_by=actor, handled_at=timezone.now(), handle_note=note[:NOTE_LIMIT]
    )
    if updated == 0:
        return None
    result = ScreeningResult.objects.select_related("household").get(household_id=household_id)
    # The history row also re-screens the household on commit (households.signals.household_changed), so the
    # reopened hit shows today's reasons, or leaves the list if no rule fires any more.
    changes = _status_change(ResultStatus.PROPOSED, target)
    record_event(
        actor=actor,
        household=result.household,
        action="screening.reopen",
        target=result,
        summary=_cut(f"筛查结果：{ACTION_LABELS['reopen']}，{note}"),
        changes=changes,
        audited=server_user is not None,
    )
    if server_user is not None:
        said = f"把农户 {result.household.number} 的筛查结果退回待处理：{note.rstrip('。')}"
        audit_record(
            actor=None,
            actor_username=SERVER_COMMAND,
            action="screening.reopen",
            summary=server_summary(said[:SERVER_SUMMARY_ROOM], server_user),
            target=result,
            region_path=result.household.region_path,
            before={c["field"]: c["old"] for c in changes},
            after={c["field"]: c["new"] for c in changes},
        )
    return result


@transaction.atomic
def result_override_exclusion(*, actor: Any, result: ScreeningResult, justification: str) -> ScreeningResult:
    """A county officer decides the household's barring facts on file do not apply (e.g. the car is a farm vehicle):
    the decision is its own record over those facts (services.overrides); one recorded later bars again."""
    if getattr(actor, "role", None) != Role.COUNTY_OFFICER and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(MSG_OVERRIDE_ROLE)
    if not (reason := justification.strip()):
        raise ValidationError({"justification": MSG_JUSTIFICATION_REQUIRED})
    ensure_can_edit(actor, result.region_path)
    _, facts = override_decide(actor=actor, household_id=result.household_id, reason=reason)
    what = f"（{'、'.join(fact_label(fact) for fact in facts)}）"
    result = _transition(
        actor=actor, result=result, action="override", note=reason, what=what, override_by=actor, override_reason=reason
    )
    # No longer excluded, the hit is the open case's, if there is one (services.in_procedure).
    if results_take_up(actor=actor, results=ScreeningResult.objects.filter(pk=result.pk)):
        result.refresh_from_db()
    return result


def _rescreen(household: Household, *, now: bool) -> None:
    """Re-screen the household after its exclusion facts changed. `now`: in this transaction (a person's record or
    withdrawal: one household's run takes some milliseconds), so the household page the person lands on already
    shows the new result and not the old "待研判" badge beside the new fact; a run that fails there is left to the
    worker. Otherwise (a county comparison's many facts) on the worker after commit."""
    if now:
        from screening.services.runs import screening_run_household

        try:
            with transaction.atomic():
                screening_run_household(household=household)
            return
        except DatabaseError:
            logger.exception("could not re-screen household %s in the request; left to the worker", household.pk)
    from screening.tasks import screen_household

    transaction.on_commit(lambda: screen_household.delay(household.pk))


@transaction.atomic
def exclusion_add(
    *,
    actor: Any,
    household: Household,
    kind: str,
    member: Member | None = None,
    child_name: str = "",
    child_id_number: str = "",
    note: str = "",
    source: str = ExclusionSource.CADRE,
    once: uuid.UUID | None = None,
    rescreen_now: bool = False,
) -> ExclusionFact:
    """Record an exclusion fact and re-screen the household (`rescreen_now`: see _rescreen). Unchecked against the
    facts on file: a county comparison records what the departments found (workflow.services.comparisons); people
    use exclusion_record."""
    ensure_can_edit(actor, household.region_path)
    member, child_name, child_id_number = _exclusion_target(household, member, child_name, child_id_number)
    fact = ExclusionFact.objects.create(
        household=household,
        member=member,
        child_name=child_name,
        child_id_number=child_id_number,
        region_path=household.region_path,
        kind=kind,
        note=note.strip(),
        source=source,
        recorded_by=actor,
        once=once,
    )
    record_event(
        actor=actor,
        household=household,
        action="screening.exclusion_add",
        target=fact,
        summary=f"登记排除情形：{ExclusionKind(kind).label}（{_who(fact)}）{('，' + fact.note) if fact.note else ''}",
    )
    _rescreen(household, now=rescreen_now)
    return fact


@transaction.atomic
def exclusion_record(
    *, actor: Any, household: Household, kind: str, once: uuid.UUID | None = None, **values: Any
) -> Once[ExclusionFact]:
    """A person's exclusion fact (the page, the API), of their role's source (entry_source). `once`: the request's
    token (config.once): a retry gives back the fact it recorded, `repeated`. One the same as an active fact (same
    person, kind and source; note and date aside: screening excludes on either) is refused with AlreadyRecorded
    naming it (the API's 409): recorded twice it would only re-screen the household, and neither could be withdrawn."""
    household = Household.objects.select_for_update().get(pk=household.pk)  # two posts at once queue here
    ensure_can_edit(actor, household.region_path)
    values["source"] = entry_source(actor)

    def make(token: uuid.UUID | None) -> ExclusionFact:
        member, child_name, child_id = _exclusion_target(
            household, values.get("member"), values.get("child_name", ""), values.get("child_id_number", "")
        )
        same = ExclusionFact.objects.filter(household=household, kind=kind, source=values["source"], is_active=True)
        # A child is the same child by ID number when there is one, else by name.
        same = same.filter(member=member, child_id_number=child_id, **({} if child_id else {"child_name": child_name}))
        if (fact := same.order_by("pk").first()) is not None:
            message = MSG_SAME_EXCLUSION.format(who=_who(fact), kind=fact.get_kind_display(), fact=fact)
            raise AlreadyRecorded("kind", message, fact)
        return exclusion_add(actor=actor, household=household, kind=kind, once=token, rescreen_now=True, **values)

    return once_create(ExclusionFact, once, make, scope={"household": household})


def _exclusion_target(
    household: Household, member: Member | None, child_name: str, child_id_number: str
) -> tuple[Member | None, str, str]:
    """Who the fact is about, checked: a member of the household, a separately-registered child, or neither."""
    errors: dict[str, str] = {}
    if member is not None and member.household_id != household.pk:
        errors["member"] = MSG_MEMBER_OTHER_HOUSEHOLD
    if member is not None and (child_name or child_id_number):
        errors["member"] = MSG_TARGET
    if child_id_number:
        try:
            child_id_number = idnumber.parse(child_id_number).number
        except ValidationError as error:
            errors["child_id_number"] = error.messages[0]
        if not child_name.strip():
            errors["child_name"] = MSG_CHILD_NAME
    if errors:
        raise ValidationError(errors)
    return member, child_name.strip(), child_id_number


@transaction.atomic
def exclusion_withdraw(*, actor: Any, fact: ExclusionFact, reason: str, rescreen_now: bool = False) -> ExclusionFact:
    """Withdraw an active exclusion fact with the reason: the household's history row and audit event say which
    fact and why, and the household is re-screened (it is no longer excluded on that fact). One already withdrawn
    is refused with Conflict (the API's 409): nothing is written twice. Unchecked as to who recorded it: a county
    comparison withdraws its own facts (workflow.services.comparisons); people use exclusion_retract."""
    ensure_can_edit(actor, fact.region_path)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": MSG_WITHDRAW_REASON})
    withdrawn = ExclusionFact.objects.filter(pk=fact.pk, is_active=True).update(
        is_active=False,
        withdrawn_at=timezone.now(),
        withdrawn_by=actor if getattr(actor, "pk", None) else None,
        withdraw_reason=reason[:WITHDRAWN_REASON_CHARS],
    )
    if withdrawn == 0:
        raise Conflict(MSG_ALREADY_WITHDRAWN)
    fact.refresh_from_db()
    record_event(
        actor=actor,
        household=fact.household,
        action="screening.exclusion_withdraw",
        target=fact,
        summary=_cut(f"撤销排除情形：{fact.get_kind_display()}（{_who(fact)}），{reason}"),
        changes=[{"field": "is_active", "label": "有效", "old": "是", "new": "否"}],
    )
    _rescreen(fact.household, now=rescreen_now)
    return fact


@transaction.atomic
def exclusion_retract(*, actor: Any, fact: ExclusionFact, reason: str) -> ExclusionFact:
    """A person withdraws an exclusion fact recorded by mistake (the page's 撤销, the API's withdraw): whoever may
    record one in the household's place may withdraw it (ensure_can_edit), with a reason, if its source allows
    (exclusion_sources: a county hand entry only county bureau staff, a comparison's or a feed's no one)."""
    fact = ExclusionFact.objects.select_for_update(of=("self",)).select_related("member", "household").get(pk=fact.pk)
    ensure_can_edit(actor, fact.region_path)
    if fact.is_active and (refusal := exclusion_refusal(actor, fact)):
        raise ApplicationError(refusal)
    if not reason.strip():
        raise ValidationError({"reason": MSG_WITHDRAW_REASON})
    if not fact.is_active:
        raise Conflict(MSG_ALREADY_WITHDRAWN)
    return exclusion_withdraw(actor=actor, fact=fact, reason=reason, rescreen_now=True)


def _same_flag(household: Household, risk_type: str, source: str) -> AlreadyRecorded | None:
    """The household's active flag of that type and source: the API answers 409 with its id."""
    flag = RiskFlag.objects.filter(household=household, risk_type=risk_type, source=source, is_active=True).first()
    if flag is None:
        return None
    return AlreadyRecorded("risk_type", MSG_FLAG_EXISTS.format(risk=flag.get_risk_type_display()), flag)


@transaction.atomic
def risk_flag_add(
    *, actor: Any, household: Household, risk_type: str, note: str = "", source: str = RiskSource.CADRE
) -> RiskFlag:
    ensure_can_edit(actor, household.region_path)
    if (refusal := _same_flag(household, risk_type, source)) is not None:
        raise refusal
    try:
        with transaction.atomic():
            flag = RiskFlag.objects.create(
                household=household,
                region_path=household.region_path,
                risk_type=risk_type,
                source=source,
                detected_on=timezone.localdate(),
                note=note.strip(),
            )
    except IntegrityError:
        # The same flag sent twice at once: the unique constraint (one active flag a source) decides.
        label = dict(RiskFlag._meta.get_field("risk_type").choices)[risk_type]
        raise _same_flag(household, risk_type, source) or ValidationError(MSG_FLAG_EXISTS.format(risk=label)) from None
    record_event(
        actor=actor,
        household=household,
        action="screening.flag_add",
        target=flag,
        summary=f"标记风险：{flag.get_risk_type_display()}（{flag.get_source_display()}）",
    )
    return flag


@transaction.atomic
def risk_flags_from_visit(*, household_id: int, risk_types: list[str], visited_on: Any) -> list[RiskFlag]:
    """Risks a cadre found at a visit become flags with source "visit" (the visit itself is the audited act)."""
    household = Household.objects.get(pk=household_id)
    created = []
    for risk_type in risk_types:
        flag, made = RiskFlag.objects.get_or_create(
            household=household,
            risk_type=risk_type,
            source=RiskSource.VISIT,
            is_active=True,
            defaults={
                "region_path": household.region_path,
                "detected_on": visited_on,
                "note": f"{visited_on:%Y-%m-%d} 走访发现",
            },
        )
        if made:
            created.append(flag)
    return created
