"""Village review meetings (民主评议, seed 000 §三(三)2 and 003 §二2(4)): one meeting of the village committees,
the resident work team, the supervisory committee and villager representatives reviews several cases of the
village; recording it acts the village-review step of every case through the one transition service
(services.cases.case_act), all in one transaction: either every case moves, or none and no meeting is kept.

The majority rule: a case passes when more than half of the people present vote for it ("到会人员的过半数同意",
the rule for decisions of a villagers' representative meeting, 村民委员会组织法 第二十六条); votes not cast count
as not agreeing. Otherwise it is refused, with the votes as the note.

Who must attend, what is asked first ("仍要提交") and the minutes a pass needs are services.review_rules, which the
single-case step applies too. What case_act asks of each case's pass or 不通过 (the family's signed consent, an open
objection, ...) is services.outcome_rules.act_refusals, asked of every case by the same checks before the
confirmation page (meeting_validate) and when recording: the page never says a case will pass that case_act refuses.

A page or API submission carries a token (config.once): the same meeting posted again (BACK after 确认提交, a double
tap, a client retrying) is answered with the meeting its first post recorded, and nothing is recorded again."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from config.errors import ApplicationError
from config.once import Once, once_create
from households.models import Region
from households.services.common import ensure_can_edit
from workflow.choices import CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, MeetingReview, VillageMeeting
from workflow.models.meetings import ATTENDEE_GROUPS
from workflow.roles import acts_step
from workflow.services.attachments import upload_check
from workflow.services.case_locks import cases_lock
from workflow.services.cases import case_act
from workflow.services.outcome_rules import act_refusals
from workflow.services.review_rules import (
    CONFIRM_FIELD,
    MSG_CONFIRM,
    MSG_MINUTES_FOR_PASS,
    attendance_questions,
    attendance_refusals,
    confirmed_note,
    review_minutes_missing,
)

MSG_FUTURE = "会议日期不能晚于今天。"
MSG_PLACE = "请填写会议地点。"
MSG_NO_CASE = "请至少选择一户进行评议。"
CASES_FIELD = "cases"  # the page's list of cases to review; a case's own errors are at _case_key
MSG_DUPLICATE = "{name}户重复列入。"
MSG_NOT_AT_STEP = "{name}户当前不在本村的民主评议环节，不能列入本次会议。"
MSG_VOTES_OVER = "{name}户：赞成、反对、弃权票合计 {cast} 票，超过参会人数 {total} 人。"
MSG_NEGATIVE = "票数不能为负数。"
MSG_NAMES = "请填写{label}姓名。"
MSG_CASE_FAILED = "{name}户：{message}"
MSG_MINUTES_REQUIRED = "请选择会议记录文件。"
MSG_MINUTES_EXIST = "该会议已上传会议记录，不能替换。"
MSG_WRONG_ROLE = "{name}户的“{step}”须由{role}办理。"
MSG_CONCLUSION_LONG = "评议结论不能超过 200 字。"
MSG_CASE_NUMBER = "案件 {pk} 所属农"
MSG_BEFORE_DISCOVERY = "{name}户的发现日期是 {discovered_on}，会议日期不能早于该日期。"


@dataclass(frozen=True)
class ReviewInput:
    case_id: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    conclusion: str = ""


def majority_passes(*, votes_for: int, attendees: int) -> bool:
    """More than half of the people present agree (村民委员会组织法 第二十六条: 到会人员的过半数同意)."""
    return votes_for * 2 > attendees


def _case_key(case_id: int) -> str:
    return f"case_{case_id}"


def _outcome(review: ReviewInput, total: int) -> str:
    return Outcome.PASS if majority_passes(votes_for=review.votes_for, attendees=total) else Outcome.REJECT


def _validate_meeting(
    *, held_on: dt.date, place: str, attendees: dict[str, tuple[int, str]], passes: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = MSG_FUTURE
    if not place.strip():
        errors["place"] = MSG_PLACE
    for prefix, label in ATTENDEE_GROUPS:
        count, names = attendees.get(prefix, (0, ""))
        if count < 0:
            errors[f"{prefix}_count"] = MSG_NEGATIVE
        elif count > 0 and not names.strip():
            errors[f"{prefix}_names"] = MSG_NAMES.format(label=label)
    for key, message in attendance_refusals(attendees, passes=passes).items():
        errors.setdefault(key, message)
    return errors


def _passes(reviews: list[ReviewInput], total: int) -> bool:
    return any(majority_passes(votes_for=review.votes_for, attendees=total) for review in reviews)


def _review_steps(
    *, actor: Any, village: Region, held_on: dt.date, reviews: list[ReviewInput], total: int, lock: bool
) -> tuple[dict[int, CaseStep], dict[str, str]]:
    """Find each case's open village-review step; to record, lock the cases first (primary-key order, as every
    move locks)."""
    errors: dict[str, str] = {}
    ids = [review.case_id for review in reviews]
    if lock:
        cases = cases_lock(ids, "household")  # their households first (services.case_locks)
    else:
        cases = {case.pk: case for case in Case.objects.select_related("household").filter(pk__in=ids)}
    open_steps = {
        cs.case_id: cs
        for cs in CaseStep.objects.select_related("step").filter(
            case_id__in=ids, status=CaseStepStatus.OPEN, step__kind=StepKind.VILLAGE_REVIEW
        )
    }
    seen: set[int] = set()
    for review in reviews:
        case = cases.get(review.case_id)
        # A case of another village is named by its number only: its household is not the actor's to see.
        in_village = case is not None and case.household.village_id == village.pk
        name = case.household.head_name if in_village else MSG_CASE_NUMBER.format(pk=review.case_id)
        key = _case_key(review.case_id)
        if review.case_id in seen:
            errors[key] = MSG_DUPLICATE.format(name=name)
            continue
        seen.add(review.case_id)
        if not in_village or case.status != CaseStatus.OPEN or review.case_id not in open_steps:
            errors[key] = MSG_NOT_AT_STEP.format(name=name)
            continue
        step = open_steps[review.case_id].step
        if not acts_step(actor, step.role):
            errors[key] = MSG_WRONG_ROLE.format(name=name, step=step.name, role=step.get_role_display())
            continue
        if held_on < case.discovered_on:
            errors[key] = MSG_BEFORE_DISCOVERY.format(name=name, discovered_on=f"{case.discovered_on:%Y-%m-%d}")
            continue
        if len(review.conclusion.strip()) > 200:
            errors[key] = MSG_CONCLUSION_LONG
            continue
        if min(review.votes_for, review.votes_against, review.votes_abstain) < 0:
            errors[key] = MSG_NEGATIVE
            continue
        cast = review.votes_for + review.votes_against + review.votes_abstain
        if cast > total:
            errors[key] = MSG_VOTES_OVER.format(name=name, cast=cast, total=total)
    # What case_act will ask of each case's pass or 不通过 (the signed consent, an objection, ...), asked now, in
    # its words (services.outcome_rules.act_refusals): never learnt after 确认提交, one case at a time.
    asked = [cases[case_id] for case_id in dict.fromkeys(ids) if _case_key(case_id) not in errors]
    outcomes = {review.case_id: _outcome(review, total) for review in reviews}
    for case_id, refusal in act_refusals(asked, open_steps, outcomes, timezone.localdate()).items():
        errors[_case_key(case_id)] = MSG_CASE_FAILED.format(name=cases[case_id].household.head_name, message=refusal)
    return open_steps, errors


def _checked(
    *,
    actor: Any,
    village: Region,
    held_on: dt.date,
    place: str,
    attendees: dict[str, tuple[int, str]],
    reviews: list[ReviewInput],
    minutes: UploadedFile | None,
    confirm_unusual: bool,
    lock: bool,
) -> dict[int, CaseStep]:
    """Every check of a meeting, every error in one round (a cadre on a phone fixed the names, then learnt of the
    votes, then of the file), the questions with them unless `confirm_unusual`: raise ValidationError, or return
    each reviewed case's open village-review step."""
    ensure_can_edit(actor, village.path)
    total = sum(attendees.get(prefix, (0, ""))[0] for prefix, _ in ATTENDEE_GROUPS)
    passes = _passes(reviews, total)
    errors = _validate_meeting(held_on=held_on, place=place, attendees=attendees, passes=passes)
    if not reviews:
        errors[CASES_FIELD] = MSG_NO_CASE
    open_steps, review_errors = _review_steps(
        actor=actor, village=village, held_on=held_on, reviews=reviews, total=total, lock=lock
    )
    for key, message in review_errors.items():
        errors.setdefault(key, message)
    try:
        upload_check(minutes, "minutes")
    except ValidationError as error:
        errors.setdefault("minutes", error.message_dict["minutes"][0])
    if review_minutes_missing(passes=passes, minutes=minutes):
        errors.setdefault("minutes", MSG_MINUTES_FOR_PASS)
    if not confirm_unusual:
        questions = attendance_questions(attendees)
        for key, message in questions.items():
            errors.setdefault(key, message)
        if questions:
            errors[CONFIRM_FIELD] = MSG_CONFIRM
    if errors:
        raise ValidationError(errors)
    return open_steps


def meeting_validate(
    *,
    actor: Any,
    village: Region,
    held_on: dt.date,
    place: str,
    attendees: dict[str, tuple[int, str]],
    reviews: list[ReviewInput],
    host: str = "",
    minutes: UploadedFile | None = None,
    confirm_unusual: bool = False,
) -> None:
    """meeting_record's checks, writing and locking nothing: run before the confirmation page, so that what the
    cadre confirms is recorded (unless a case moved on meanwhile, which meeting_record still refuses)."""
    _checked(
        actor=actor,
        village=village,
        held_on=held_on,
        place=place,
        attendees=attendees,
        reviews=reviews,
        minutes=minutes,
        confirm_unusual=confirm_unusual,
        lock=False,
    )


def _note(meeting: VillageMeeting, review: ReviewInput, passed: bool) -> str:
    verdict = "过半数同意" if passed else "未获过半数同意"
    note = (
        f"民主评议会议（{meeting.held_on:%Y-%m-%d}，{meeting.place}）：参会 {meeting.attendee_total} 人，"
        f"赞成 {review.votes_for} 票，反对 {review.votes_against} 票，弃权 {review.votes_abstain} 票，{verdict}"
    )
    return f"{note}。{review.conclusion}" if review.conclusion else note


def meeting_record(**kwargs: Any) -> VillageMeeting:
    """meeting_record_once without a submission token: the meeting recorded."""
    return meeting_record_once(once=None, **kwargs).record


def _made_with(*, village: Region, once: uuid.UUID | None) -> VillageMeeting | None:
    """The village's meeting recorded by the submission with this token (config.once), if any."""
    return None if once is None else VillageMeeting.objects.filter(village=village, once=once).first()


@transaction.atomic
def meeting_record_once(
    *,
    actor: Any,
    village: Region,
    held_on: dt.date,
    place: str,
    attendees: dict[str, tuple[int, str]],
    reviews: list[ReviewInput],
    once: uuid.UUID | None,
    host: str = "",
    minutes: UploadedFile | None = None,
    confirm_unusual: bool = False,
) -> Once[VillageMeeting]:
    """Record a village review meeting and act the village-review step of each reviewed case. What review_rules asks
    about is refused unless `confirm_unusual`; the audit row says what was confirmed. `once`: the submission's token
    (config.once); the meeting it recorded already is given back (repeated), before the checks that its own
    recording would now fail (its cases have left the review step)."""
    ensure_can_edit(actor, village.path)
    if (made := _made_with(village=village, once=once)) is not None:
        return Once(made, repeated=True)
    try:
        open_steps = _checked(
            actor=actor,
            village=village,
            held_on=held_on,
            place=place,
            attendees=attendees,
            reviews=reviews,
            minutes=minutes,
            confirm_unusual=confirm_unusual,
            lock=True,
        )
    except ValidationError:
        # A concurrent post of the same page recorded the meeting while this one waited for the cases' locks.
        if (made := _made_with(village=village, once=once)) is not None:
            return Once(made, repeated=True)
        raise
    total = sum(attendees.get(prefix, (0, ""))[0] for prefix, _ in ATTENDEE_GROUPS)
    counts = {f"{prefix}_count": attendees.get(prefix, (0, ""))[0] for prefix, _ in ATTENDEE_GROUPS}
    names = {f"{prefix}_names": attendees.get(prefix, (0, ""))[1].strip() for prefix, _ in ATTENDEE_GROUPS}
    done = once_create(
        VillageMeeting,
        once,
        lambda once: VillageMeeting.objects.create(
            village=village,
            region_path=village.path,
            held_on=held_on,
            place=place.strip(),
            host=host.strip(),
            minutes=minutes or "",
            recorded_by=actor,
            once=once,
            **counts,
            **names,
        ),
        scope={"village": village},
    )
    if done.repeated:
        return done
    meeting = done.record
    passed_count = 0
    for review in sorted(reviews, key=lambda r: r.case_id):
        case_step = open_steps[review.case_id]
        outcome = _outcome(review, total)
        passed = outcome == Outcome.PASS
        passed_count += passed
        try:
            case = case_act(
                actor=actor,
                case=case_step.case,
                step_code=case_step.step.code,
                outcome=outcome,
                note=_note(meeting, review, passed),
                meeting=meeting,
            )
        except ApplicationError as error:
            name = case_step.case.household.head_name
            raise ApplicationError(MSG_CASE_FAILED.format(name=name, message=error.message)) from error
        MeetingReview.objects.create(
            meeting=meeting,
            case=case,
            case_step=case_step,
            region_path=case.region_path,
            votes_for=review.votes_for,
            votes_against=review.votes_against,
            votes_abstain=review.votes_abstain,
            outcome=outcome,
            conclusion=review.conclusion.strip(),
        )
    audit_record(
        actor=actor,
        action="workflow.meeting_record",
        summary=(
            f"{village.name}民主评议会议（{held_on:%Y-%m-%d}）：评议 {len(reviews)} 户，"
            f"通过 {passed_count} 户，未通过 {len(reviews) - passed_count} 户"
            f"{confirmed_note(attendance_questions(attendees))}"
        ),
        target=meeting,
        region_path=village.path,
    )
    return done


@transaction.atomic
def meeting_minutes_attach(*, actor: Any, meeting: VillageMeeting, minutes: UploadedFile | None) -> VillageMeeting:
    """The minutes of a meeting recorded without them (the scan made after the meeting). Only a missing file is
    added: the minutes on file are part of the record and are not replaced."""
    ensure_can_edit(actor, meeting.region_path)
    if minutes is None:
        raise ValidationError({"minutes": MSG_MINUTES_REQUIRED})
    upload_check(minutes, "minutes")
    meeting = VillageMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes:
        raise ApplicationError(MSG_MINUTES_EXIST)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    audit_record(
        actor=actor,
        action="workflow.meeting_minutes",
        summary=f"{meeting.village.name}民主评议会议（{meeting.held_on:%Y-%m-%d}）：补充上传会议记录",
        target=meeting,
        region_path=meeting.region_path,
    )
    return meeting
