"""The name a posted publicity shows (workflow.selectors_posted_names), for the case page and the printed notice."""

from django import template

from workflow.models import Case, CaseStep
from workflow.selectors_posted_names import PostedNameChange, case_posted_name_changes, posted_name_change

register = template.Library()


@register.simple_tag
def posted_name_changes(case: Case) -> list[PostedNameChange]:
    return case_posted_name_changes(case)


@register.filter
def renamed_since_posting(case_step: CaseStep) -> PostedNameChange | None:
    """The printed notice names the household as it is now, and as it was posted: 刘春兰（原公示户主龚志强）."""
    return posted_name_change(case_step)
