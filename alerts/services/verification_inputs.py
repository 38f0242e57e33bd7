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


def verification_inputs(alert: Alert) -> list[Check]:
    """The checks of this alert's verification form, in the order of its fields."""
    raised_on = alert.raised_on
    checks: list[Check] = [{"field": "outcome", "message": MSG_BAD_OUTCOME}, *_standing(alert)]
    checks += [
        {"field": "visited_on", "min": raised_on.isoformat(), "message": MSG_DATE_BEFORE.format(date=raised_on)},
        {"field": "visited_on", "max": timezone.localdate().isoformat(), "message": MSG_DATE_FUTURE},
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
