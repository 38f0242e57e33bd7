"""The audit log's 区划 filter: the events filed under one township (its villages and groups included) or one village.

An act is filed under the place it happened in (AuditEvent.region_path); an act between two places, such as a
自主申报 moved to the applicant's village, writes a row under each (workflow.services.application_transfer), so the
log read for either place shows it. Places are named by their 12-digit code, as every other region filter takes
them (households.api_params). The audit admin reads no registry but reads places (accounts.audit_labels.place_names),
so the region tree is read unscoped, by model name: accounts sits below households (DESIGN.md)."""

from typing import Any

from django.apps import apps
from django.db.models import QuerySet

LEVELS = ("township", "village")  # households.choices.RegionLevel's codes


def audit_regions() -> QuerySet[Any]:
    """The townships and villages the log may be read for."""
    region = apps.get_model("households", "Region")
    return region.objects.filter(level__in=LEVELS).select_related("parent").order_by("path")


def region_choices() -> list[Any]:
    """The filter's drop-down: each township as a whole, then its villages, grouped under it."""
    townships: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for region in audit_regions():
        if region.level == "township":
            townships[region.path] = (region.name, [(region.code, f"{region.name}（全部村）")])
        elif region.parent is not None and region.parent.path in townships:
            townships[region.parent.path][1].append((region.code, region.name))
    return [("", "全部"), *townships.values()]


def region_path_of(code: str) -> str | None:
    """The path of the township or village with this code, None if there is none."""
    return audit_regions().filter(code=code).values_list("path", flat=True).first()
