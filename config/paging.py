"""What the list pages share for paging: the query string of their filters, which the page links and the status
tabs' links carry."""

from django.http import HttpRequest, QueryDict


def page_query(request: HttpRequest, *, drop: tuple[str, ...] = ()) -> str:
    """The current filters as a query string without the page number (nor the parameters in `drop`, e.g. an
    export request), for the pagination links."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()


def tab_url(query: QueryDict, name: str, value: str = "", *, path: str = "") -> str:
    """A status tab's link: the list at `path` ("" for the page itself) with the query's other filters kept (the
    place its 范围 line names, the search, the dates) and `name` set to `value` (left out for ""), without the page
    number (page 3 of one tab is not page 3 of another). Every list's tabs link through it ({% tab_href %}): a tab
    that drops the place sends a township user narrowed to a village back to the whole township."""
    kept = query.copy()
    # Nor a ?next= (never a filter of a list): a link on the page must not carry an address someone else wrote.
    for param in ("page", "next", name):
        kept.pop(param, None)
    if value:
        kept[name] = value
    encoded = kept.urlencode()
    return f"{path}?{encoded}" if encoded else (path or "?")
