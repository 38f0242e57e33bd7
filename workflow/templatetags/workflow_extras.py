"""The case pages' words that depend on the reader: the objector's name as they may see it
(workflow.models.Objection.objector_for) and whether they act a step (workflow.roles)."""

from typing import Any

from django import template

from workflow.roles import acts_step
from workflow.selectors_exit_evidence import exit_evidence as household_exit_evidence
from workflow.services.case_return import outcome_words as words_of_outcome

register = template.Library()


@register.filter
def objector(objection: Any, user: Any) -> str:
    return objection.objector_for(user)


@register.filter
def acted_by(step_role: str, user: Any) -> bool:
    """{% if cs.step.role|acted_by:user %}: the user acts steps of this role (a work team, the village's too)."""
    return acts_step(user, step_role)


@register.filter
def outcome_words(case_step: Any) -> str:
    """{{ cs|outcome_words }}: the step's outcome as the record says it (a county approval returns to the township)."""
    return words_of_outcome(case_step.step, case_step.outcome) if case_step.outcome else ""


@register.simple_tag
def exit_evidence(case: Any) -> Any:
    """An exit's guarantees and measures (workflow.selectors_exit_evidence), for its case page."""
    return household_exit_evidence(case.household)
