"""What acting on a step needs besides its outcome, as the step's form can check it before it asks "提交后不能撤回"
(static/js/step_precheck.js): a cadre who confirmed an irreversible act and was then told that the minutes were
missing learns to tap through the warning (review rev-cadre 8). The service refuses the same things with the same
messages (services.cases._check, services.case_return): a test holds the two together."""

from workflow.choices import Outcome, StepKind
from workflow.models import Step
from workflow.services.approval_records import DECISIONS, MSG_DOCUMENT_NUMBER, number_form_precheck, records_decision
from workflow.services.case_return import MSG_RETURN_NOTE_REQUIRED, MSG_RETURN_NOTE_REQUIRED_COUNTY
from workflow.services.cases import MSG_NOTE_REQUIRED
from workflow.services.review_rules import review_evidence_message, reviews_in

RETURN_NOTES = {
    StepKind.TOWNSHIP_AUDIT: MSG_RETURN_NOTE_REQUIRED,
    StepKind.COUNTY_APPROVAL: MSG_RETURN_NOTE_REQUIRED_COUNTY,
}


def required_inputs(step: Step) -> list[dict[str, str]]:
    """For a step acted on through its own form (not a review meeting): per outcome, the field it needs filled and
    the service's message when it is not; for an approval's 批复文号, also the form it must have (a `pattern`)."""
    needs = [{"outcome": Outcome.REJECT.value, "field": "note", "message": MSG_NOTE_REQUIRED}]
    if step.kind in RETURN_NOTES:
        needs.append({"outcome": Outcome.RETURN.value, "field": "note", "message": RETURN_NOTES[step.kind]})
    if reviews_in(step):
        needs.append({"outcome": Outcome.PASS.value, "field": "attachment", "message": review_evidence_message(step)})
    for outcome in DECISIONS:
        if records_decision(step, outcome):  # a 通过 and a 不通过 alike are the leading group's 批复
            needs.append({"outcome": outcome.value, "field": "document_number", "message": MSG_DOCUMENT_NUMBER})
            # Typed but no document number (〔2026〕, 号): refused by services.cases.case_act with the same message.
            needs.append({"outcome": outcome.value, "field": "document_number", **number_form_precheck()})
    return needs
