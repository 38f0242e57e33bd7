"""The mark beside a form field that another record filled in (households.prefill.Reported), so the cadre sees
what to check: "来自申报：唯一的住房不安全"."""

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def from_source(reported: Any, field: str, value: Any = None) -> str:
    """{% from_source reported "housing_ok" %}, or for one choice of the risk types
    {% from_source reported "risk_types" choice.data.value %}; nothing when the record did not fill it."""
    words = reported.words(field, value) if reported else ""
    if not words:
        return ""
    return format_html('<span class="from-source">来自{}：{}</span>', reported.origin, words)
