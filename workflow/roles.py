"""Who acts a procedure's step: the step's role, and for a village step also the resident work team.

DOMAIN.md "People": the 驻村工作队 / 第一书记 does in its village what the village cadres do (seed 003 §二2(4) seats
it at the village review), so a step given to the village cadres is the work team's as well. A step a county gives to
the work team alone stays theirs."""

from typing import Any

from accounts.choices import Role

# A role → the step roles it also acts.
ALSO_ACTS: dict[str, frozenset[str]] = {Role.WORK_TEAM: frozenset({Role.VILLAGE_CADRE})}


def acting_roles(actor: Any) -> frozenset[str]:
    """The step roles this user acts: their own, and those their role also acts."""
    role = getattr(actor, "role", None)
    if not role:
        return frozenset()
    return frozenset({role}) | ALSO_ACTS.get(role, frozenset())


def acts_step(actor: Any, step_role: str) -> bool:
    return step_role in acting_roles(actor)
