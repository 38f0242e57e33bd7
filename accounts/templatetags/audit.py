"""The audit log page's words: an action's category, a before/after record as lines rather than a dict."""

import json
from typing import Any

from django import template

from accounts.audit_labels import category_label

register = template.Library()


@register.filter
def audit_category(action: str) -> str:
    return category_label(action or "")


@register.filter
def audit_values(values: Any) -> str:
    """{'is_active': True} → "is_active：是", one field a line (the codes stay: they are what was stored)."""
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
