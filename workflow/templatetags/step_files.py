"""{% step_files cs as files %}: a step's files for the case page, earlier versions first
(workflow.selectors_step_files)."""

from django import template

from workflow.models import CaseStep
from workflow.selectors_step_files import StepFile
from workflow.selectors_step_files import step_files as _step_files

register = template.Library()


@register.simple_tag
def step_files(case_step: CaseStep) -> list[StepFile]:
    return _step_files(case_step)
