"""{% password_expiry_notice %}: the banner of a password about to expire (accounts.password_expiry), on every page
after login (templates/base.html, and the admin's templates/admin/base_site.html). Not on the password page itself,
which is where it leads."""

from typing import Any

from django import template
from django.urls import reverse

from accounts.password_expiry import password_expiry_notice as notice_for

register = template.Library()


@register.inclusion_tag("accounts/_password_expiry.html", takes_context=True)
def password_expiry_notice(context: template.Context, admin: bool = False) -> dict[str, Any]:
    """`admin`: in the admin's own message style (its pages do not load the app's stylesheet)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    change_url = reverse("accounts:password_change")
    if request is None or user is None or request.path == change_url:
        return {"notice": None}
    return {"notice": notice_for(user), "change_url": change_url, "admin": admin}
