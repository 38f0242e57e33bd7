"""The household list's 在册 / 已注销 / 全部 tabs (households.selectors.household_list's registry_state), and what its
search says of the closed households it would find on the 已注销 tab (households.selectors_closed).

Every role that reads the registry reads a closed household's page (its 变更记录 are the registry's), so the tabs are
theirs too: the village finds the household it reports closed by mistake, the township or the county the one to
reopen (撤销注销). The default, 在册, is what every count and ledger reads; the tabs keep the search and the other
filters (config.paging.tab_url), and the filters keep the tab (a hidden field of the form)."""

from functools import cached_property
from typing import Any

from households.choices import RegistryState
from households.selectors_closed import ClosedFound, closed_found

# "" is 在册: the list's own address, unchanged for the many who never leave it.
STATE_TABS = [
    ("", RegistryState.ACTIVE.label),
    *[(s.value, s.label) for s in (RegistryState.CLOSED, RegistryState.ALL)],
]
# What the form's hidden field takes: the tabs' values, and the API's "active" for 在册.
STATE_CHOICES = [("", RegistryState.ACTIVE.label), *RegistryState.choices]


class RegistryStateMixin:
    """For households.forms.HouseholdFilterForm: state_tabs, state_chosen and closed_found, read by the list's
    templates."""

    actor: Any
    fields: dict[str, Any]

    def filters(self) -> dict[str, Any]:
        raise NotImplementedError

    state_tabs = STATE_TABS

    @property
    def state_chosen(self) -> str:
        state = self.filters().get("registry_state") or ""
        return "" if state == RegistryState.ACTIVE else state

    @cached_property
    def closed_found(self) -> ClosedFound | None:
        """The closed households the 在册 list's search also names (said above the rows, with a link)."""
        return closed_found(actor=self.actor, filters=self.filters())
