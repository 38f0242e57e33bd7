"""Query parameters naming a region by its 12-digit code, for the registry's, workflow's and alerts' lists.

A code that does not exist, is out of the caller's scope or is of another level is a 400 in Chinese naming the
parameter (config.api.choice_param's rule): it matched nothing, and an empty list read like an empty county to a
script. config.api has no such helper (it knows no region), so it lives here, beside the region model."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions

from households.choices import RegionLevel
from households.models import Region

MSG_REGION_CODE = "“{value}”不是您管辖范围内的{levels}区划代码。"


def region_levels_label(levels: Iterable[str]) -> str:
    return "或".join(RegionLevel(level).label for level in levels)


def region_lookup(user: Any, value: str, levels: Iterable[str], regions: QuerySet[Region] | None = None) -> str:
    """The message for a code that names no region of `levels` among `regions` (default: the user's), or ""."""
    levels = list(levels)
    base = Region.objects.visible_to(user) if regions is None else regions
    if base.filter(code=value, level__in=levels).exists():
        return ""
    return MSG_REGION_CODE.format(value=value[:20], levels=region_levels_label(levels))


def region_param(
    request: Any, name: str, levels: Iterable[str], regions: QuerySet[Region] | None = None
) -> Region | None:
    """The region a query parameter names: None when absent, a 400 naming the parameter when it names no region
    of `levels` the user may see (or among `regions`, for a role that reads no registry, such as a clerk)."""
    value = (request.query_params.get(name) or "").strip()
    if not value:
        return None
    levels = list(levels)
    base = Region.objects.visible_to(request.user) if regions is None else regions
    region = base.filter(code=value, level__in=levels).first()
    if region is None:
        message = MSG_REGION_CODE.format(value=value[:20], levels=region_levels_label(levels))
        raise exceptions.ValidationError({name: [message]})
    return region


class RegionCodeFilterMixin:
    """For a django-filter FilterSet whose CharFilters take region codes: `region_code_filters` maps each such
    filter's name to the levels it takes; a code that names no such region in the requesting user's scope is an
    error at that filter (DjangoFilterBackend answers it as a 400 naming the parameter)."""

    region_code_filters: dict[str, tuple[str, ...]] = {}

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        form: Any = self.form  # type: ignore[attr-defined]
        if getattr(self, "_region_codes_checked", False):
            return valid and not form.errors
        self._region_codes_checked = True
        user = self.request.user  # type: ignore[attr-defined]
        for name, levels in self.region_code_filters.items():
            value = (form.cleaned_data.get(name) or "").strip()
            if value and (message := region_lookup(user, value, levels)):
                filter_error(form, name, message)
        return not form.errors


def filter_error(form: Any, name: str, message: str) -> None:
    """An error at a filter set's field: django-filter formats each message with %, so a % the caller typed (and
    the message repeats) is escaped, lest it be a 500."""
    form.add_error(name, message.replace("%", "%%"))


# The list page's notice for the same link (households.forms.MSG_PLACE_WITHOUT_VILLAGE), as a refusal.
MSG_PLACE_WITHOUT_VILLAGE = "未选择村，不能按{label}筛选：请同时给出村区划代码（village）。"
NEEDS_VILLAGE_HELP = "；管辖多个村的须同时给出 village，否则为400（与网页一致）"
GROUP_HELP = f"村民小组代码（须在本人管辖范围内，否则为400）{NEEDS_VILLAGE_HELP}"
GRID_HELP = f"网格ID（须在本人管辖范围内，否则为400）{NEEDS_VILLAGE_HELP}"
PLACE_LABELS = {"group": "村民小组", "grid": "网格"}


class PlaceNeedsVillageMixin:
    """The household list page leaves a group or grid without its village out (households.forms, ?grid=2): the API
    refuses it, naming the village to give, rather than filter where the page would not. A caller whose scope is a
    single village has it chosen, as on the page."""

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        data = self.form.cleaned_data if valid else {}  # type: ignore[attr-defined]
        given = [name for name in PLACE_LABELS if data.get(name) not in (None, "")]
        if given and not data.get("village"):
            user = self.request.user  # type: ignore[attr-defined]
            if Region.objects.visible_to(user).filter(level=RegionLevel.VILLAGE).count() != 1:
                for name in given:
                    self.form.add_error(name, MSG_PLACE_WITHOUT_VILLAGE.format(label=PLACE_LABELS[name]))  # type: ignore[attr-defined]
        return not self.form.errors  # type: ignore[attr-defined]
