"""Who may see what: one queryset method, `visible_to(user)`, used by every scoped model.

Regions are materialised paths (households.Region.path: "360425" county, "360425100" township,
"360425100201" village, "360425100201001" group). A user's scope is one such path; a row is visible
when its own path starts with it. Out of scope is simply absent, so views and the API answer 404.
"""

from typing import Any, Self

from django.db import models

from accounts.roles import sees_registry


def user_scope_prefix(user: Any) -> str | None:
    """The path prefix a user may see, "" for everything (development superuser), None for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if not sees_registry(user.role) or not user.region_path:
        return None
    return str(user.region_path)


class ScopedQuerySet(models.QuerySet):
    # The field holding the row's region path; the column carries a varchar_pattern_ops index
    # so that `LIKE 'prefix%'` is an index range scan.
    scope_field = "region_path"

    def visible_to(self, user: Any) -> Self:
        prefix = user_scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        return self.filter(**{f"{self.scope_field}__startswith": prefix})


def region_path_index(name: str, field: str = "region_path") -> models.Index:
    """The index every scoped table carries for `visible_to`: LIKE 'prefix%' can only use a b-tree index under
    a non-C collation when it is built with varchar_pattern_ops."""
    return models.Index(fields=[field], name=f"{name}_region_path_like", opclasses=["varchar_pattern_ops"])
