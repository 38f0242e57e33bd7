"""The case pages' words that depend on the reader: the objector's name as they may see it
(workflow.models.Objection.objector_for) and whether they act a step (workflow.roles)."""

from typing import Any

from django import template

from workflow.roles import acts_step

register = template.Library()


@register.filter
def objector(objection: Any, user: Any) -> str:
    return objection.objector_for(user)


@register.filter
def acted_by(step_role: str, user: Any) -> bool:
    """{% if cs.step.role|acted_by:user %}: the user acts steps of this role (a work team, the village's too)."""
    return acts_step(user, step_role)
