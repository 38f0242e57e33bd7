"""核实不纳入 as a person does it now (screening.services.dismissal): after a household visit, with a 核实说明 and the
conditions of 003 §二2(2) confirmed."""

from screening.services import dismissal
from tests.clock import today

NOTE = "入户核实：家中两人外出务工，收入稳定"
CONFIRMED = {"income_stable": True, "guarantees_ok": True, "children_well_off": True}


def dismiss(*, actor, result, reason=NOTE, visited_on=None):
    return dismissal.result_dismiss(
        actor=actor, result=result, reason=reason, visited_on=visited_on or today(), **CONFIRMED
    )


def dismiss_form(reason=NOTE, visited_on=None):
    """The dismissal page's POST."""
    return {"reason": reason, "visited_on": f"{visited_on or today():%Y-%m-%d}", **{k: "on" for k in CONFIRMED}}
