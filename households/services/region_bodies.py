"""The county bureau sets its county's approving body (households.county_bodies): the name printed on the 批准名单's
seal line and on the 提请审批名单, audited when it changes, as the 监督电话 are (services.region_phones)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.choices import Role
from households.choices import RegionLevel
from households.county_bodies import DEFAULT_APPROVING_BODY
from households.models import Region

MSG_COUNTY_ONLY = "只有县乡村振兴局可以设置审批机关名称。"
MSG_LEVEL = "审批机关按县设置，{name}是{level}。"
MAX_LENGTH = Region._meta.get_field("approving_body").max_length
MSG_LENGTH = f"审批机关名称不能超过{MAX_LENGTH}个字。"
MSG_SEAL = "请只填写审批机关的名称，不要加“（盖章）”：打印时自动加在名称后。"
MSG_ONE_LINE = "审批机关名称请填写在一行内。"


def approving_body_clean(raw: str) -> str:
    """The name as stored (blank for the default), or the message saying what is wrong with it."""
    name = (raw or "").strip()
    if "\n" in name or "\r" in name:
        raise ValidationError({"approving_body": MSG_ONE_LINE})
    if len(name) > MAX_LENGTH:
        raise ValidationError({"approving_body": MSG_LENGTH})
    if "盖章" in name:
        raise ValidationError({"approving_body": MSG_SEAL})
    return name


@transaction.atomic
def county_approving_body_save(*, actor: Any, county: Region, name: str) -> Region:
    """Set the county's approving body (the county bureau's, within its scope; blank restores the default name)."""
    if getattr(actor, "role", "") != Role.COUNTY_OFFICER:
        raise PermissionDenied(MSG_COUNTY_ONLY)
    county = Region.objects.visible_to(actor).select_for_update().get(pk=county.pk)  # out of scope: DoesNotExist
    if county.level != RegionLevel.COUNTY:
        raise ValidationError({"approving_body": MSG_LEVEL.format(name=county.name, level=county.get_level_display())})
    name = approving_body_clean(name)
    before = county.approving_body
    if name == before:
        return county
    county.approving_body = name
    county.save(update_fields=["approving_body"])
    default = DEFAULT_APPROVING_BODY.format(county=county.name)
    audit_record(
        actor=actor,
        action="households.approving_body",
        target=county,
        region_path=county.path,
        before={"approving_body": before},
        after={"approving_body": name},
        summary=f"{county.name}审批机关：{before or f'未设置（{default}）'} → {name or f'未设置（{default}）'}",
    )
    return county
