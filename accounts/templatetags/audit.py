"""The audit log page's words: each event of a page as the reader may read it, in Chinese rather than codes
(accounts.audit_labels: the category, the object, the place, the changes as lines)."""

from collections.abc import Iterable
from typing import Any

from django import template

from accounts.audit_labels import AuditRow, audit_rows, category_label

register = template.Library()


@register.filter
def audit_category(action: str) -> str:
    return category_label(action or "")


@register.simple_tag(takes_context=True)
def audit_page_rows(context: dict[str, Any], events: Iterable[Any]) -> list[AuditRow]:
    """{% audit_page_rows page as rows %}: the page's events in words, their places named in one query."""
    return audit_rows(context["request"].user, events)
