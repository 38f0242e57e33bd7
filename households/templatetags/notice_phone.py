"""{% supervision_phone region %}: the 监督电话 a printed 公示 or 公告 of this place carries
(households.selectors_phones), else the blank line to be filled in by hand."""

from django import template

from households.models import Region
from households.selectors_phones import supervision_phone as phone_of

register = template.Library()
BLANK = "＿＿＿＿＿＿＿＿"


@register.simple_tag
def supervision_phone(region: Region | None) -> str:
    return phone_of(region) or BLANK
