"""The name a posted publicity shows (workflow.selectors_posted_names), for the case page (the printed notice has it
from selectors.publicity_notice)."""

from django import template

from workflow.models import Case
from workflow.selectors_posted_names import PostedNameChange, case_posted_name_changes

register = template.Library()


@register.simple_tag
def posted_name_changes(case: Case) -> list[PostedNameChange]:
    return case_posted_name_changes(case)
