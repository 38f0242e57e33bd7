"""Enabling and disabling many accounts at once (the system admin's list actions, accounts.admin): one audited
user_update per account, so each account's row in the audit log says who switched it and when, and an account the
rules protect (the three administrators) is left out of the confirmation up front, saying why (users_protected), and
refused (and audited, accounts.refusals) should a posted list still name it."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from accounts.choices import ADMIN_ROLES
from accounts.models import User
from accounts.services import user_update


@dataclass
class BulkOutcome:
    changed: list[User] = field(default_factory=list)
    refused: list[tuple[User, str]] = field(default_factory=list)


def users_to_switch(users: Iterable[User], *, active: bool) -> list[User]:
    """The accounts among `users` that the switch would change (the confirmation page lists them): not the three
    administrators, whose state is changed only on the server."""
    return [user for user in users if user.is_active != active and user.role not in ADMIN_ROLES]


def users_protected(users: Iterable[User], *, active: bool) -> list[User]:
    """The administrators among `users` the switch would have changed: the confirmation names them as left out."""
    return [user for user in users if user.is_active != active and user.role in ADMIN_ROLES]


def users_set_active(*, actor: User, users: Iterable[User], active: bool) -> BulkOutcome:
    """Enable or disable each account, each in its own transaction (user_update): one refused account leaves the
    others switched."""
    outcome = BulkOutcome()
    for user in [user for user in users if user.is_active != active]:
        try:
            user_update(actor=actor, user=user, is_active=active)
        except ValidationError as error:
            outcome.refused.append((user, "；".join(error.messages)))
        else:
            outcome.changed.append(user)
    return outcome
