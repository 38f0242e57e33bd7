"""筛查结果's status tabs keep the place its 范围 line names and the search (the one helper every list's tabs use,
config.paging.tab_url), and following one lists only the place's results."""

import pytest

from tests.households.conftest import numbered
from tests.screening.test_place_line_worklist import URL, results, villages  # noqa: F401 (a fixture)
from tests.workflow.test_list_tabs import params, tab_links

pytestmark = pytest.mark.django_db


def test_the_status_tabs_keep_the_place_and_the_search_and_following_one_lists_only_the_place(
    personas,
    county,
    results,  # noqa: F811
    login,
):
    client = login(personas.township)  # 涂埠镇: 城南村 and 城北村
    head = numbered("户主", 1)

    page = client.get(URL, {"village": county.village_a.code, "q": head, "page": "1"}).content.decode()

    tabs = tab_links(page, "筛查结果状态")
    assert len(tabs) > 1
    for text, href in tabs.items():
        kept = params(href)
        assert kept["village"] == [county.village_a.code] and kept["q"] == [head] and "page" not in kept, text
    narrowed = client.get(URL, {"village": county.village_a.code}).content.decode()
    to_handle = client.get(URL + tab_links(narrowed, "筛查结果状态")["待处理"])
    assert villages(to_handle) == {"城南村"}, "城北村's result is not listed"
