"""Whose an exclusion fact is (its source) and who may withdraw it by hand, one rule for the page and the API.

People record facts by hand (exclusion_record): a village or township cadre's are 村乡干部录入, county bureau staff's
县级录入. Neither is a finding: a county comparison's facts (县级比对, workflow.services.comparisons) and a department
feed's (部门数据) stand on the departments' data, and the county decides they do not apply with 不予排除 on the
screening result. A county hand entry is withdrawn by county bureau staff only: a village cadre may not undo what
the county recorded about a family in their village."""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.choices import Role
from households.services.common import ensure_can_edit
from screening.choices import ExclusionSource
from screening.models import ExclusionFact

MSG_WITHDRAW_SOURCE = (
    "该排除情形来源为“{source}”，不能撤销；如经核实不适用，请由县乡村振兴局对该户筛查结果作出“不予排除”的决定。"
)
MSG_WITHDRAW_COUNTY_ENTRY = "该排除情形为县乡村振兴局录入（县级录入），您不能撤销；如系误录，请联系县乡村振兴局撤销。"


def _county_bureau(actor: Any) -> bool:
    return getattr(actor, "role", None) == Role.COUNTY_OFFICER


def entry_source(actor: Any) -> str:
    """The source of a fact the actor records by hand: county bureau staff's is 县级录入, anyone else's 村乡干部录入."""
    return ExclusionSource.COUNTY_ENTRY if _county_bureau(actor) else ExclusionSource.CADRE


def exclusion_refusal(actor: Any, fact: ExclusionFact) -> str:
    """Why the actor may not withdraw the fact by hand for its source, or "" when the source allows it (the scope
    is ensure_can_edit's): a cadre's by whoever may record there, a county hand entry by county bureau staff (or
    a superuser), a comparison's or a feed's by no one."""
    if fact.source == ExclusionSource.CADRE:
        return ""
    if fact.source == ExclusionSource.COUNTY_ENTRY:
        return "" if _county_bureau(actor) or getattr(actor, "is_superuser", False) else MSG_WITHDRAW_COUNTY_ENTRY
    return MSG_WITHDRAW_SOURCE.format(source=fact.get_source_display())


def exclusion_may_retract(actor: Any, fact: ExclusionFact) -> bool:
    """Whether the actor may withdraw the fact (the household page's 撤销 link; results.exclusion_retract)."""
    if not fact.is_active or exclusion_refusal(actor, fact):
        return False
    try:
        ensure_can_edit(actor, fact.region_path)
    except PermissionDenied:
        return False
    return True
