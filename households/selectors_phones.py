"""Which 监督电话 a notice of a place prints (services.region_phones sets them): its township's, else its county's,
"" when neither is set (the notice keeps its blank line)."""

from households.choices import RegionLevel
from households.models import Region


def supervision_phone(region: Region | None) -> str:
    if region is None:
        return ""
    paths = [region.path[:9], region.path[:6]] if len(region.path) >= 9 else [region.path[:6]]
    phones = dict(Region.objects.filter(path__in=paths).values_list("path", "supervision_phone"))
    return next((phones[path] for path in paths if phones.get(path)), "")


def phone_regions(*, actor: object) -> list[Region]:
    """The county and its townships in the actor's scope, for the county bureau's page."""
    levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
    return list(Region.objects.visible_to(actor).filter(level__in=levels).order_by("path"))
