"""The error summary above a form (partials/form_errors.html): the visible fields that have errors, each with the
id its link jumps to, so that a page sent back on a phone says at the top what to change and where."""

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

MULTI_WIDGETS = ("checkboxselectmultiple", "radioselect")


@register.filter
def error_fields(form: Any) -> list[tuple[BoundField, str]]:
    """(bound field, anchor id) of each visible field with errors, in the form's order; a group of boxes is reached
    by its first box."""
    if not getattr(form, "is_bound", False) or not form.errors:
        return []
    rows = []
    for field in form.visible_fields():
        if field.errors:
            anchor = f"{field.auto_id}_0" if field.widget_type in MULTI_WIDGETS else field.auto_id
            rows.append((field, anchor))
    return rows
