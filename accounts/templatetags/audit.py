"""The audit log page's words: an action's category, a before/after record as lines rather than a dict."""

import json
from typing import Any

from django import template

from accounts.audit_labels import category_label, shown_summary, shown_values

register = template.Library()


@register.filter
def audit_category(action: str) -> str:
    return category_label(action or "")


@register.simple_tag(takes_context=True)
def audit_summary(context: dict[str, Any], summary: str) -> str:
    return shown_summary(context["request"].user, summary)


@register.simple_tag(takes_context=True)
def audit_values(context: dict[str, Any], values: Any) -> str:
    """{'is_active': True} → "is_active：是", one field a line (the codes stay: they are what was stored); ID
    numbers, phones and health values as the reader may see them (accounts.audit_labels.shown_values)."""
    values = shown_values(context["request"].user, values)
    if not isinstance(values, dict):
        return json.dumps(values, ensure_ascii=False, default=str)
    words = {True: "是", False: "否", None: "（空）", "": "（空）"}
    lines = []
    for name, value in values.items():
        shown = words.get(value, value) if isinstance(value, bool | str | None) else value
        if not isinstance(shown, str):
            shown = json.dumps(shown, ensure_ascii=False, default=str)
        lines.append(f"{name}：{shown}")
    return "\n".join(lines)
