"""Who may withdraw (撤回) a case: the one who opened it, to undo their own mistake (the wrong household, kind or
category) or because the household's risk resolved at once (services.cases.case_withdraw).

No seed names a withdrawal; what the seeds name is each level's decision at its own step (000 §三(三)2-6): the
village reviews and publicises, the township "汇总并初步审核" and later "审核" (不通过 with reasons, or 退回村级补正),
the county compares and approves. A withdrawal by anyone else would end a case outside those steps: the township's
refusal would never be recorded as 不通过 with its reasons, and it could end a village case still at the village's
review. So it is the opener's alone. The village acts as one (DOMAIN.md "People": its cadres, grid workers and the
resident work team all enter the cases of their village), so a case a village user opened may be withdrawn by any of
that village's users who may edit the household (the opener away or gone). A case opened at the township or county
(a green channel, say) is withdrawn by its opener only; the others decide at their steps."""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.choices import VILLAGE_ROLES
from accounts.permissions import user_can
from accounts.roles import Capability
from accounts.scoping import user_scope_prefix
from workflow.models import Case

MSG_WITHDRAW_NOT_OPENER = (
    "只有本案的发起人可以撤回（村级发起的案件，本村村干部、驻村工作队均可撤回）。"
    "审核中发现问题的，请在您办理的环节选择“不通过”（乡镇审核环节也可“退回村级补正”）并写明理由。"
)


def _in_scope(actor: Any, case: Case) -> bool:
    prefix = user_scope_prefix(actor)
    return prefix is not None and case.region_path.startswith(prefix)


def may_withdraw(actor: Any, case: Case) -> bool:
    """Whether the actor may withdraw the case, state aside (selectors.case_withdrawable says whether it still can be
    withdrawn at all): may edit the household, and opened it, or is of the village that opened it."""
    if not getattr(actor, "is_authenticated", False) or not user_can(actor, Capability.REGISTRY_EDIT):
        return False
    if not _in_scope(actor, case):
        return False
    if case.opened_by_id == actor.pk:
        return True
    return case.opened_by.role in VILLAGE_ROLES and actor.role in VILLAGE_ROLES


def ensure_may_withdraw(actor: Any, case: Case) -> None:
    """Raise PermissionDenied (403, in Chinese) unless may_withdraw; the caller has checked the scope first."""
    if not may_withdraw(actor, case):
        raise PermissionDenied(MSG_WITHDRAW_NOT_OPENER)
