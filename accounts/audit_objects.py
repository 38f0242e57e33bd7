"""The accounts an audit page's events are about, by name: 用户 lihm（李红梅） reads where 用户 28 did not."""

from collections.abc import Iterable
from typing import Any

from accounts.models import User

USER_OBJECT = "accounts.user"


def user_object_names(events: Iterable[Any]) -> dict[str, str]:
    """object_id → "username（姓名）" for the events about an account, in one query."""
    ids = {e.object_id for e in events if e.object_type == USER_OBJECT and str(e.object_id).isdigit()}
    if not ids:
        return {}
    rows = User.objects.filter(pk__in=[int(pk) for pk in ids]).values_list("pk", "username", "last_name", "first_name")
    return {
        str(pk): f"{username}（{last}{first}）" if f"{last}{first}".strip() else username
        for pk, username, last, first in rows
    }
