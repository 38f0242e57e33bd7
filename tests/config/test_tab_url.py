"""A list's status tab keeps the list's other filters (config.paging.tab_url, {% tab_href %}): the place its 范围 line
names and the search stay, the page number and the status it replaces go (the tabs of 自主申报 dropped them all, and a
township user narrowed to a village got the whole township back on the next tab)."""

from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from config.paging import tab_url


def test_a_tab_keeps_the_other_filters_and_drops_the_page_and_the_status_it_replaces():
    query = QueryDict("village=360425100201&q=%E5%BC%A0&status=submitted&page=3")

    assert tab_url(query, "status", "declined") == "?village=360425100201&q=%E5%BC%A0&status=declined"
    assert tab_url(query, "status") == "?village=360425100201&q=%E5%BC%A0"  # 全部: no status at all


def test_a_tab_of_a_bare_list_links_to_the_status_alone_or_to_the_list_itself():
    assert tab_url(QueryDict(), "status", "pending") == "?status=pending"
    assert tab_url(QueryDict("page=2"), "status") == "?"
    assert tab_url(QueryDict("page=2"), "reason", path="/workflow/green/") == "/workflow/green/"


def test_a_tab_that_is_a_page_of_its_own_takes_the_filters_there():
    query = QueryDict("reason=past_limit&township=360425100000")

    assert tab_url(query, "reason", path="/workflow/green/") == "/workflow/green/?township=360425100000"


def test_a_next_address_is_no_filter_and_is_not_carried():
    assert tab_url(QueryDict("next=//evil.example/x&village=360425100201"), "status", "x") == (
        "?village=360425100201&status=x"
    )


def test_a_repeated_filter_keeps_every_value():
    assert tab_url(QueryDict("risk=a&risk=b&status=x"), "status", "y") == "?risk=a&risk=b&status=y"


def test_the_tag_reads_the_request_and_escapes_the_link_for_the_attribute():
    request = RequestFactory().get("/workflow/applications/", {"village": "360425100201", "q": "<b>", "page": "2"})
    template = Template('{% load list_tabs %}<a href="{% tab_href "status" value %}">')

    html = template.render(Context({"request": request, "value": "pending"}))

    assert html == '<a href="?village=360425100201&amp;q=%3Cb%3E&amp;status=pending">'
