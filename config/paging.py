"""What the list pages share for paging: the query string of their filters, which the page links carry."""

from django.http import HttpRequest


def page_query(request: HttpRequest, *, drop: tuple[str, ...] = ()) -> str:
    """The current filters as a query string without the page number (nor the parameters in `drop`, e.g. an
    export request), for the pagination links."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()
