"""What verifying an alert would refuse for its inputs, as the verification form checks it before it asks "提交后不能
撤回" (static/js/step_precheck.js, the case step forms' mechanism: workflow.services.step_inputs). A cadre who
confirmed an irreversible act and was then told that the health update had no status learns to tap through the
warning. The service refuses the same things with the same messages (services.verification, services.member_health,
the member edit's grade rule): a test holds the two together.

A check is a dict: `field`, the input it is about and where its message is said; `message`; `outcome`, the chosen
outcome it is for (absent: any); `when`, other inputs' values it needs ({name: value}, True for ticked); then it
refuses the field left empty, or a date before `min` or after `max` (ISO dates), or a text shorter than
`min_length`, or, with `always`, whatever the field holds."""

from typing import TypedDict

from django.utils import timezone

from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.services.member_gone import (
    GONE_STATUS,
    MSG_HEAD_FIRST,
    MSG_LEFT_ON_BEFORE_BIRTH,
    MSG_LEFT_ON_FUTURE,
    MSG_LEFT_ON_REQUIRED,
    gone_words,
    head_to_mark_first,
    member_to_mark,
)
from alerts.services.member_health import HEALTH_OUTCOMES, MSG_HEALTH_REQUIRED, MSG_OUTCOME, health_offer
from alerts.services.verification import (
    MSG_ALREADY_MONITORED,
    MSG_BAD_OUTCOME,
    MSG_CATEGORY_REQUIRED,
    MSG_DATE_BEFORE,
    MSG_DATE_FUTURE,
    MSG_MONITORED_NO_RISK,
    MSG_NOT_MONITORED,
    MSG_NOTE_REQUIRED,
    MSG_REASON_SHORT,
    MSG_WRONG_DATA_NOTE,
    REASON_MIN_LENGTH,
    household_case,
    joins_open_case,
    note_required_message,
)
from households.choices import Health
from households.member_reasons import LeaveReason
from households.services.member_reasons import LEAVE_FIELD, LEAVE_NOTE_FIELD, MSG_LEAVE_REQUIRED
from households.services.member_reasons import MSG_NOTE_REQUIRED as MSG_REASON_NOTE_REQUIRED
from households.services.members import MSG_DISABILITY_GRADE

TICKED: dict[str, str | bool] = {"update_member_health": True}
# The inputs each outcome needs (services.verification._validate): what the visit found, in the outcome's words,
# for every outcome (each records a visit), and the outcome's own.
OUTCOME_INPUTS = [
    *((outcome, "note", note_required_message(outcome)) for outcome in AlertOutcome),
    (AlertOutcome.WRONG_DATA, "department_note", MSG_WRONG_DATA_NOTE),
    (AlertOutcome.INCLUDE, "category", MSG_CATEGORY_REQUIRED),
]


class Check(TypedDict, total=False):
    outcome: str
    when: dict[str, str | bool]
    field: str
    message: str
    min: str
    max: str
    min_length: int
    always: bool


def _standing(alert: Alert) -> list[Check]:
    """The outcome the household's standing rules out: 纳入监测 and 无返贫致贫风险 of a monitored household,
    已是监测对象 of one that is neither monitored nor has an identification case (services.verification)."""
    household = alert.household
    if household.monitoring_category:
        return [
            {"outcome": AlertOutcome.INCLUDE, "field": "outcome", "always": True, "message": MSG_ALREADY_MONITORED},
            {"outcome": AlertOutcome.NOT_AT_RISK, "field": "outcome", "always": True, "message": MSG_MONITORED_NO_RISK},
        ]
    if household_case(household) is None:
        return [{"outcome": AlertOutcome.MONITORED, "field": "outcome", "always": True, "message": MSG_NOT_MONITORED}]
    return []


def _member_health(alert: Alert) -> list[Check]:
    """The health update, when the form offers it (services.member_health): ticked, it needs a status, an outcome
    that confirms the person, and for 残疾 a grade unless the member's grade on file is kept."""
    offer = health_offer(alert)
    if offer is None:
        return []
    checks: list[Check] = [{"when": TICKED, "field": "member_health", "message": MSG_HEALTH_REQUIRED}]
    for outcome in AlertOutcome:
        if outcome not in HEALTH_OUTCOMES:
            message = MSG_OUTCOME.format(outcome=outcome.label)
            checks.append(
                {"outcome": outcome, "when": TICKED, "field": "member_health", "always": True, "message": message}
            )
    member = offer.member
    if not (member.health == Health.DISABLED and member.disability_grade):
        disabled = {**TICKED, "member_health": Health.DISABLED.value}
        for outcome in HEALTH_OUTCOMES:
            checks.append(
                {
                    "outcome": outcome,
                    "when": disabled,
                    "field": "member_disability_grade",
                    "message": MSG_DISABILITY_GRADE,
                }
            )
    return checks


def _member_gone(alert: Alert) -> list[Check]:
    """已故 and 已迁出 (services.member_gone): the date, required, not in the future nor before the member's birth;
    refused outright for a 户主 who leaves others behind, to be marked on the member's own form first; 已迁出's
    迁出原因 when there is a member to mark. Not after the visit date, which the checks cannot compare: the service
    says it."""
    checks: list[Check] = []
    member, head = member_to_mark(alert), head_to_mark_first(alert)
    today = timezone.localdate().isoformat()
    for outcome in GONE_STATUS:
        what = gone_words(outcome)
        if head is not None:
            message = MSG_HEAD_FIRST.format(name=head.name, what=what)
            checks.append({"outcome": outcome, "field": "outcome", "always": True, "message": message})
        checks.append({"outcome": outcome, "field": "left_on", "message": MSG_LEFT_ON_REQUIRED.format(what=what)})
        checks.append(
            {"outcome": outcome, "field": "left_on", "max": today, "message": MSG_LEFT_ON_FUTURE.format(what=what)}
        )
        if member is not None and member.birth_date:
            birth = member.birth_date
            message = MSG_LEFT_ON_BEFORE_BIRTH.format(what=what, name=member.name, birth=birth)
            checks.append({"outcome": outcome, "field": "left_on", "min": birth.isoformat(), "message": message})
    if member is not None:  # 迁出原因, and the words for 其他 (households.services.member_reasons)
        moved = AlertOutcome.MOVED
        checks.append({"outcome": moved, "field": LEAVE_FIELD, "message": MSG_LEAVE_REQUIRED})
        other = {LEAVE_FIELD: LeaveReason.OTHER.value}
        checks.append({"outcome": moved, "when": other, "field": LEAVE_NOTE_FIELD, "message": MSG_REASON_NOTE_REQUIRED})
    return checks


def verification_inputs(alert: Alert) -> list[Check]:
    """The checks of this alert's verification form, in the order of its fields."""
    raised_on = alert.raised_on
    checks: list[Check] = [{"field": "outcome", "message": MSG_BAD_OUTCOME}, *_standing(alert)]
    checks += [
        {"field": "visited_on", "min": raised_on.isoformat(), "message": MSG_DATE_BEFORE.format(date=raised_on)},
        {"field": "visited_on", "max": timezone.localdate().isoformat(), "message": MSG_DATE_FUTURE},
        *_member_gone(alert),
    ]
    # 纳入监测 that joins the open identification case asks for no category (services.verification.joins_open_case),
    # nor does a monitored household's, where it is refused whatever its inputs (_standing) and not offered.
    unasked = joins_open_case(alert.household) or bool(alert.household.monitoring_category)
    checks += [
        {"outcome": outcome, "field": field, "message": message}
        for outcome, field, message in OUTCOME_INPUTS
        if not (unasked and field == "category")
    ]
    # 无返贫致贫风险 needs a reason of some length (services.verification.REASON_MIN_LENGTH), said after "empty".
    checks.append(
        {
            "outcome": AlertOutcome.NOT_AT_RISK,
            "field": "note",
            "min_length": REASON_MIN_LENGTH,
            "message": MSG_REASON_SHORT,
        }
    )
    # No outcome chosen yet: 核实情况 is said to be needed all the same, with the outcome, on the first tap.
    checks.append({"when": {"outcome": ""}, "field": "note", "message": MSG_NOTE_REQUIRED})
    return checks + _member_health(alert)
