"""An alert's rule, feed type, detail and verification note as the viewer may read them (alerts.privacy)."""

from typing import Any

from django import template

from alerts.privacy import (
    health_feed_ids,
    hides_health,
    masked_feed_ids,
    shown_alert_detail,
    shown_alert_note,
    shown_alert_rule_name,
    shown_feed_detail,
    shown_feed_name,
    shown_upload_message,
    shown_upload_names,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def alert_rule(context: dict[str, Any], alert: Any) -> str:
    return shown_alert_rule_name(context["request"].user, alert)


@register.simple_tag(takes_context=True)
def alert_feed(context: dict[str, Any], alert: Any) -> str:
    return shown_feed_name(context["request"].user, alert)


@register.simple_tag(takes_context=True)
def alert_detail(context: dict[str, Any], alert: Any) -> str:
    return shown_alert_detail(context["request"].user, alert)


@register.simple_tag(takes_context=True)
def alert_note(context: dict[str, Any], alert: Any) -> str:
    return shown_alert_note(context["request"].user, alert)


@register.simple_tag(takes_context=True)
def alert_department_note(context: dict[str, Any], alert: Any) -> str:
    return shown_alert_note(context["request"].user, alert, alert.department_note)


@register.simple_tag(takes_context=True)
def feed_detail(context: dict[str, Any], detail: str, feed_type_ids: list[int] | int) -> str:
    """The detail of a person the registry does not hold, by the feed type(s) that named them."""
    user = context["request"].user
    if not hides_health(user):
        return detail
    if "health_feed_ids" not in context.render_context:  # once per rendering, not once per row
        context.render_context["health_feed_ids"] = health_feed_ids()
    ids = list(feed_type_ids) if isinstance(feed_type_ids, list | tuple) else [feed_type_ids]
    return shown_feed_detail(user, detail, ids, context.render_context["health_feed_ids"])


def _upload_names(context: Any, upload: Any) -> tuple[str, str]:
    user = context["request"].user
    if "masked_feed_ids" not in context.render_context:  # once per rendering, not once per upload
        context.render_context["masked_feed_ids"] = masked_feed_ids(user)
    return shown_upload_names(user, upload, context.render_context["masked_feed_ids"])


@register.simple_tag(takes_context=True)
def upload_feed(context: Any, upload: Any) -> str:
    """An upload's feed type name; a health feed's is its department's label to a role that reads it so."""
    return _upload_names(context, upload)[0]


@register.simple_tag(takes_context=True)
def upload_file(context: Any, upload: Any) -> str:
    """An upload's file name (the department's, it may name a diagnosis), hidden with the feed's name."""
    return _upload_names(context, upload)[1]


@register.simple_tag(takes_context=True)
def upload_message(context: Any, upload: Any) -> str:
    """An upload's result message, the ID numbers it quotes masked to a role that reads them so."""
    return shown_upload_message(context["request"].user, upload)
