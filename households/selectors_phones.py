"""Which 监督电话 a printed notice or card carries (services.region_phones sets them), by one rule everywhere: a number
is printed under the name of the body it belongs to. A township's own number beside 某镇人民政府 (a blank line to
fill in by hand where it has none), the county's beside 某县乡村振兴部门, never the county's under the township's
name (printed-matter review, finding 3)."""

from households.choices import RegionLevel
from households.models import Region

COUNTY_BODY = "{name}乡村振兴部门"


def supervision_phone(region: Region | None) -> str:
    """The region's own number ("" when it has none): a township's for its 人民政府, a county's for its 乡村振兴部门."""
    return (region.supervision_phone or "") if region is not None else ""


def county_supervision(region: Region | None) -> tuple[str, str] | None:
    """For a township without a number of its own whose county has one: the county body's name and number, printed
    as a second place to turn to after the township's blank line. None otherwise (the township's own number is the
    notice's; a county's notice prints its own)."""
    if region is None or region.level != RegionLevel.TOWNSHIP or region.supervision_phone:
        return None
    county = region.parent
    if county is None or not county.supervision_phone:
        return None
    return COUNTY_BODY.format(name=county.name), county.supervision_phone


def phone_regions(*, actor: object) -> list[Region]:
    """The county and its townships in the actor's scope, for the county bureau's page."""
    levels = [RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
    return list(Region.objects.visible_to(actor).filter(level__in=levels).order_by("path"))
