"""Who sees personal numbers in full (DOMAIN.md "Privacy"): those who keep the registry (village cadres, township
and county staff with the registry's edit capability) see ID numbers and phones in full; read-only roles (officials,
the county leading group) see them masked, 3604**********123X and 138****1234. Pages, ledgers and the API all ask
here, so that no way in shows more than another."""

from typing import Any

from accounts.permissions import user_can
from accounts.roles import Capability
from households.idnumber import mask


def sees_personal_numbers(user: Any) -> bool:
    return user_can(user, Capability.REGISTRY_EDIT)


def mask_phone(number: str) -> str:
    if not number:
        return number
    return number[:3] + "****" + number[-4:] if len(number) >= 7 else "****"


def shown_id_number(user: Any, number: str) -> str:
    return number if not number or sees_personal_numbers(user) else mask(number)


def shown_phone(user: Any, number: str) -> str:
    return number if sees_personal_numbers(user) else mask_phone(number)
