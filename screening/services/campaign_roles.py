"""Who organises a screening campaign (集中排查) and where.

Seed 003 is a township's own campaign: 按照区乡村振兴局统一部署，桃沟乡决定在全乡范围内开展集中排查 (§二: 在全乡范围内,
对所有农村人口全面开展排查), run by its villages and township departments; seed 004 has townships screen every quarter.
So the county bureau organises a campaign for the county (any of its villages), and township staff one for their own
township (its villages only). No seed has a county keep campaigns to itself, so this is no county setting. Every
later act on a campaign (edit its phases and villages, end or delete it) is its organiser's or the county's: the
actor's scope must hold the campaign's organising region, so a township cannot change another township's campaign
or the county's, and the county reaches all of them."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length

from accounts.choices import Role
from accounts.scoping import user_scope_prefix
from households.choices import RegionLevel
from households.models import Region
from households.services.common import ensure_can_edit

ORGANISING_ROLES = frozenset({Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER})
ORGANISING_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)
MSG_ORGANISER_ROLE = "只有县乡村振兴局或乡镇工作人员可以发起集中排查。"
MSG_CLOSE_ROLE = "只有发起集中排查的乡镇或县乡村振兴局工作人员可以结束或删除集中排查。"
MSG_EDIT_ROLE = "只有发起集中排查的乡镇或县乡村振兴局工作人员可以修改集中排查。"


def is_organiser(actor: Any) -> bool:
    """Whether the actor's role may organise campaigns at all (county bureau or township staff)."""
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in ORGANISING_ROLES)


def organising_region(actor: Any) -> Region | None:
    """The region a campaign the actor starts is organised by: the county for the county bureau, the township for
    township staff (the widest county or township in their scope); None for anyone else."""
    if not is_organiser(actor):
        return None
    regions = Region.objects.visible_to(actor).filter(level__in=ORGANISING_LEVELS)
    return regions.order_by(Length("path"), "path").first()


def can_organise(actor: Any, campaign: Any) -> bool:
    """Whether the actor may edit, end or delete `campaign`: an organising role whose scope holds its region."""
    prefix = user_scope_prefix(actor)
    return is_organiser(actor) and prefix is not None and campaign.region_path.startswith(prefix)


def ensure_can_organise(actor: Any, campaign: Any, message: str) -> None:
    """PermissionDenied(message) unless the actor may edit, end or delete `campaign` (can_organise): the page and the
    API give a township acting on the county's campaign, which it can read, the same words."""
    if not can_organise(actor, campaign):
        raise PermissionDenied(message)
    ensure_can_edit(actor, campaign.region_path)


def ensure_organiser(actor: Any, region_path: str, message: str = MSG_ORGANISER_ROLE) -> None:
    """PermissionDenied unless the actor organises campaigns and its scope holds `region_path`."""
    if not is_organiser(actor):
        raise PermissionDenied(message)
    ensure_can_edit(actor, region_path)
