"""{% supervision_phone region %}: the 监督电话 of the body a printed 公示 or 公告 names (households.selectors_phones),
else the blank line to be filled in by hand; {% county_supervision township %}: the county's number under the
county's name, after a township that has none of its own ("" otherwise)."""

from django import template

from households.models import Region
from households.selectors_phones import county_supervision as county_of
from households.selectors_phones import supervision_phone as phone_of

register = template.Library()
BLANK = "＿＿＿＿＿＿＿＿"


@register.simple_tag
def supervision_phone(region: Region | None) -> str:
    return phone_of(region) or BLANK


@register.simple_tag
def county_supervision(region: Region | None) -> str:
    found = county_of(region)
    return f"，或向{found[0]}反映（监督电话：{found[1]}）" if found else ""
