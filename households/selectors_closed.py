"""Closed households (农户注销, 合户: households.services.closing, merge) that a search of the 在册 list would find on
its 已注销 tab. The closing page promises that a closing made by mistake is undone by the township or the county
(撤销注销, from the household's page), so the household must be found again: a search for its 户编号 that lists no
在册 household says it was closed, when and why, and links to it, rather than nothing (or, for 16 digits, a hint
about ID numbers)."""

from dataclasses import dataclass
from typing import Any

from households.choices import RegistryState
from households.models import Household
from households.selectors import household_list
from households.selectors_search import former_number, household_match

# The list's wording: "户编号 3604251002010002（户主张三）已于2026-12-01注销（全户迁出）", then a link to the household.
MSG_CLOSED_ONE = "{named}已于{day}注销（{reason}）"
MSG_CLOSED_ONE_UNDATED = "{named}已注销（{reason}）"
MSG_CLOSED_MANY = "另有{count}户已注销的农户符合查找条件"
NO_REASON = "未注明原因"


@dataclass(frozen=True)
class ClosedFound:
    """What the 在册 list says of the closed households its search also names: `household` when it is one."""

    count: int
    household: Household | None

    @property
    def text(self) -> str:
        household = self.household
        if household is None:
            return MSG_CLOSED_MANY.format(count=self.count)
        head = f"户主{household.head_name}" if household.head_name else ""
        former = getattr(household, "former_number", None)
        if former:
            named = f"原户编号 {former} 的农户（现户编号 {household.number}{'，' + head if head else ''}）"
        else:
            named = f"户编号 {household.number}{f'（{head}）' if head else ' 的农户'}"
        reason = household.closed_reason or NO_REASON
        if household.closed_on is None:
            return MSG_CLOSED_ONE_UNDATED.format(named=named, reason=reason)
        return MSG_CLOSED_ONE.format(named=named, day=f"{household.closed_on:%Y-%m-%d}", reason=reason)


def closed_found(*, actor: Any, filters: dict[str, Any]) -> ClosedFound | None:
    """The closed households that the list's search (by 户编号, 原户编号 or the head's name) and filters name while it
    lists the 在册 ones: None without a search, on the 已注销 or 全部 tab, or when there are none. Closed households
    are few, so it is one count of the search's rows among them, and the one household read when it is one."""
    state = filters.get("registry_state") or RegistryState.ACTIVE
    q = (filters.get("q") or "").strip()
    if state != RegistryState.ACTIVE or not q:
        return None
    # By the household's own words (its number, a number it gave up, its head's name), not its members': a masked
    # role's search by a whole ID number is counted and audited (households.services.id_search), once per search.
    closed = household_list(actor=actor, filters={**filters, "q": "", "registry_state": RegistryState.CLOSED})
    closed = closed.filter(household_match(q)).annotate(former_number=former_number(q))
    count = closed.count()
    if not count:
        return None
    return ClosedFound(count=count, household=closed.first() if count == 1 else None)
