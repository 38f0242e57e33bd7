"""An application's free text as the viewer may read it (workflow.application_privacy), for its detail page."""

from typing import Any

from django import template

from workflow.application_privacy import shown_application_text

register = template.Library()


@register.simple_tag(takes_context=True)
def application_text(context: dict[str, Any], text: str) -> str:
    """`{% application_text application.situation as situation %}{{ situation|linebreaksbr }}`."""
    return shown_application_text(context["request"].user, text)
