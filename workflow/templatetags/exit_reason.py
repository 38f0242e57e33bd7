"""{% no_measure_reason_form case as form %}: the case page's form 补充未落实帮扶措施的原因, for a user who may add
the reason to this open exit now (services.exit_reason), else None. {% no_measure_reason_changeable case as can %}:
whether the page links to 修改未落实帮扶措施的原因 for this user."""

from typing import Any

from django import template

from workflow.forms_exit_reason import NoMeasureReasonForm
from workflow.models import Case
from workflow.services.case_locks import case_version
from workflow.services.exit_reason import may_add_reason, may_change_reason

register = template.Library()


@register.simple_tag(takes_context=True)
def no_measure_reason_form(context: Any, case: Case) -> NoMeasureReasonForm | None:
    if not may_add_reason(context["request"].user, case):
        return None
    return NoMeasureReasonForm(initial={"version": case_version(case)}, auto_id="reason_%s")


@register.simple_tag(takes_context=True)
def no_measure_reason_changeable(context: Any, case: Case) -> bool:
    return may_change_reason(context["request"].user, case)
