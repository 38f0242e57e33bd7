"""{% tab_href "status" value %}: the link of a list's status tab, keeping the list's other filters (the place its
范围 line names, the search) and dropping only the page number and the status it replaces (config.paging.tab_url).
`path=` links a tab that is a page of its own (超期事项's 绿色通道欠办)."""

from django import template
from django.http import QueryDict

from config.paging import tab_url

register = template.Library()


@register.simple_tag(takes_context=True)
def tab_href(context: template.Context, name: str, value: object = "", path: str = "") -> str:
    request = context.get("request")
    query = request.GET if request is not None else QueryDict()
    return tab_url(query, name, "" if value is None else str(value), path=path)
