"""The county's approving body (审批机关): the leading group whose 批复 the county approval records, named where a
printed document names it: the seal line of the 批准名单 and the 提请审批名单 the county bureau submits to it.

The seeds name it differently (000 §三(三)5: 报县委农村工作领导小组审批; 001: 涞源县巩固拓展脱贫攻坚成果领导小组;
004: 中共新丰县委农村工作领导小组), so it is the county's setting (Region.approving_body on the county, set by the
county bureau: services.region_bodies); a county that has not set it reads the default below."""

from typing import Any

from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel
from households.models import Region

# The name printed until the county sets its own (alerts.presets: 县防止返贫监测帮扶工作领导小组办公室).
DEFAULT_APPROVING_BODY = "{county}防止返贫监测帮扶工作领导小组"
COUNTY_PATH = 6


def approving_body(county: Region | None) -> str:
    """The county's approving body as printed: its own setting, else the default under its name ("" without one)."""
    if county is None:
        return ""
    return county.approving_body or DEFAULT_APPROVING_BODY.format(county=county.name)


def approving_body_at(path: str) -> str:
    """The approving body of the county a region path (a batch's, a case's) lies in."""
    return approving_body(Region.objects.filter(level=RegionLevel.COUNTY, path=path[:COUNTY_PATH]).first())


def approving_body_for(actor: Any) -> str:
    """The approving body of the actor's county (a county-wide user's first county, as scope_place_name reads it)."""
    prefix = user_scope_prefix(actor) or ""
    counties = Region.objects.filter(level=RegionLevel.COUNTY).order_by("path")
    return approving_body((counties.filter(path=prefix[:COUNTY_PATH]) if prefix else counties).first())
