"""What the list pages share for paging: the query string of their filters, which the page links carry."""

from django.http import HttpRequest


def page_query(request: HttpRequest) -> str:
    """The current filters as a query string without the page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
