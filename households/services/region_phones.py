"""The 监督电话 printed on the village's and township's 公示 and 公告 (the 异议 and 意见 lines: 000 §三(三)2 and 6),
set by the county bureau for the county and for each township (households.selectors_phones reads it back), and on
the 明白卡. Each is printed under its own body's name: a blank township keeps its line to be filled in by hand, and
the county's number follows under the county's 乡村振兴部门."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.audit import audit_record
from accounts.choices import Role
from households.choices import RegionLevel
from households.models import Region
from households.phone import LANDLINE, MOBILE

MSG_COUNTY_ONLY = "只有县乡村振兴局可以设置公示公告的监督电话。"
MSG_LEVEL = "监督电话按县或乡镇设置，{name}是{level}。"
MSG_PHONE = "{name}的监督电话应为11位手机号码、带区号的固定电话（如0792-1234567）或5位服务热线（如12317）。"
# A 5-digit public service line (12317: the national 防止返贫 hotline; 12345: the government's service line).
HOTLINE = re.compile(r"^1\d{4}$")
_SEPARATORS = re.compile(r"[\s\-－—()（）]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
PHONE_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)


def supervision_phone_clean(raw: str, *, name: str) -> str:
    """The number as stored (a landline as 0792-1234567), blank for blank, or the message naming the region."""
    phone = _SEPARATORS.sub("", (raw or "").translate(_FULL_WIDTH))
    if not phone or MOBILE.match(phone) or HOTLINE.match(phone):
        return phone
    if landline := LANDLINE.match(phone):
        return f"{landline.group(1)}-{landline.group(2)}"
    raise ValidationError({"supervision_phone": MSG_PHONE.format(name=name)})


@transaction.atomic
def region_phone_save(*, actor: Any, region: Region, phone: str) -> Region:
    """Set one county's or township's 监督电话 (the county bureau's, within its scope; audited when it changes)."""
    if getattr(actor, "role", "") != Role.COUNTY_OFFICER:
        raise PermissionDenied(MSG_COUNTY_ONLY)
    region = Region.objects.visible_to(actor).select_for_update().get(pk=region.pk)  # out of scope: DoesNotExist
    if region.level not in PHONE_LEVELS:
        raise ValidationError(
            {"supervision_phone": MSG_LEVEL.format(name=region.name, level=region.get_level_display())}
        )
    phone = supervision_phone_clean(phone, name=region.name)
    before = region.supervision_phone
    if phone == before:
        return region
    region.supervision_phone = phone
    region.save(update_fields=["supervision_phone"])
    audit_record(
        actor=actor,
        action="households.region_phone",
        target=region,
        region_path=region.path,
        before={"supervision_phone": before},
        after={"supervision_phone": phone},
        summary=f"{region.name}监督电话：{before or '未设置'} → {phone or '未设置'}",
    )
    return region


@transaction.atomic
def region_phones_save(*, actor: Any, phones: dict[int, str]) -> list[Region]:
    """The county bureau's page: every row checked first (errors keyed phone_<region id>, nothing saved when one is
    wrong), then each changed one saved and audited."""
    if getattr(actor, "role", "") != Role.COUNTY_OFFICER:
        raise PermissionDenied(MSG_COUNTY_ONLY)
    regions = {region.pk: region for region in Region.objects.visible_to(actor).filter(pk__in=list(phones))}
    errors = {}
    for pk, raw in phones.items():
        if pk not in regions:
            raise Region.DoesNotExist(pk)
        try:
            supervision_phone_clean(raw, name=regions[pk].name)
        except ValidationError as error:
            errors[f"phone_{pk}"] = error.message_dict["supervision_phone"]
    if errors:
        raise ValidationError(errors)
    return [region_phone_save(actor=actor, region=regions[pk], phone=raw) for pk, raw in phones.items()]
