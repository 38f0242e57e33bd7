"""Where the new-household form may start from another app's record (a self-application's applicant, say).

The registry knows none of the apps above it (DESIGN.md: dependencies point one way), as with households.panels:
an app registers a source under a query parameter in its AppConfig.ready(); /households/new/?<parameter>=<id>
asks it, in the user's scope, for what to fill in and where to go back to after saving.

What the record says of the household's situation (Reported) is filled in as a suggestion only: every field it
fills is marked "来自<origin>：<the record's words>" so the cadre checks it rather than trusts it, and stays
editable; what the record holds that no field takes is listed in a note beside the form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from households.services.visits import FINDINGS

# The fields of the household form a Reported may fill: the risk types (one Filled per ticked code) and the
# 两不愁三保障 + 饮水 findings (value False: the record says it is not secured).
RISK_FIELD = "risk_types"
FILLABLE = (RISK_FIELD, *FINDINGS)


@dataclass(frozen=True)
class Filled:
    field: str  # one of FILLABLE
    value: Any  # a RiskType code for RISK_FIELD; the finding's value (True = secured) for the others
    words: str  # what the record says, in its own words, shown beside the field


@dataclass(frozen=True)
class Reported:
    """What a record (an application, say) reports about a household's risks and 两不愁三保障."""

    origin: str  # what the record is called beside a field it filled: "申报" gives "来自申报：…"
    filled: tuple[Filled, ...] = ()
    unplaced: tuple[str, ...] = ()  # what it holds that no field of the form takes, one line each

    def risk_types(self) -> list[str]:
        return [item.value for item in self.filled if item.field == RISK_FIELD]

    def findings(self) -> dict[str, bool]:
        return {item.field: bool(item.value) for item in self.filled if item.field in FINDINGS}

    def words(self, field: str, value: Any = None) -> str:
        """The record's words behind a field (for RISK_FIELD, behind one of its choices); "" if it filled none."""
        said = [i.words for i in self.filled if i.field == field and (field != RISK_FIELD or i.value == value)]
        return "；".join(dict.fromkeys(said))


@dataclass(frozen=True)
class Prefill:
    name: str  # the first member's (the head's) name
    id_number: str
    phone: str
    village: Any  # a Region, or None
    back_url: str  # a path of this site, shown as the way back and followed after saving
    back_label: str  # what the way back is, e.g. "自主申报 KUJ8D-P4NTD"
    reported: Reported | None = None  # the risks and 两不愁三保障 the record reports, if any
    who: str = "申报人"  # whose name and ID number were filled in, for the notice above the form
    returns_to: str = "该申报"  # where saving goes back to, for the same notice


# A source reads one record the actor may see and returns None for any other id (out of scope, unknown, done).
Source = Callable[[Any, str], Prefill | None]
_sources: dict[str, Source] = {}


def register(parameter: str, source: Source) -> None:
    _sources[parameter] = source


def prefill_for(actor: Any, query: Any) -> Prefill | None:
    """What the first registered parameter present in the query gives for the actor. The form posts back to the
    same address, so the parameter is still there when the household is saved."""
    for parameter, source in _sources.items():
        value = query.get(parameter, "")
        if value:
            return source(actor, value)
    return None


def household_initial(source: Prefill) -> dict[str, Any]:
    """The new-household form's initial values from a source; fields it does not report keep their defaults."""
    initial: dict[str, Any] = {"phone": source.phone, "village": source.village}
    if source.reported is not None:
        if risk_types := source.reported.risk_types():
            initial[RISK_FIELD] = risk_types
        initial.update(source.reported.findings())
    return initial
