"""部门预警's status tabs keep the place its 范围 line names and the search (config.paging.tab_url, the one helper of
every list's tabs), and following one lists only the place's alerts."""

import pytest

from tests.reports.conftest import registry  # noqa: F401 (a fixture)
from tests.reports.fixtures_departments import departments  # noqa: F401 (a fixture)
from tests.workflow.test_list_tabs import params, tab_links

pytestmark = pytest.mark.django_db


def villages(response) -> set[str]:
    return {alert.household.village.name for alert in response.context["page"].object_list}


def test_the_status_tabs_keep_the_place_and_the_search_and_following_one_lists_only_the_place(
    personas,
    county,
    departments,  # noqa: F811
    login,
):
    client = login(personas.township)  # 涂埠镇: alerts of 城南村 (两条) and 城北村
    assert villages(client.get("/alerts/", {"status": "all"})) == {"城南村", "城北村"}

    page = client.get("/alerts/", {"village": county.village_a.code, "q": "信访", "page": "1"}).content.decode()

    tabs = tab_links(page, "预警状态")
    assert set(tabs) == {"待核实", "已逾期", "已核实", "全部"}
    for text, href in tabs.items():
        kept = params(href)
        assert kept["village"] == [county.village_a.code] and kept["q"] == ["信访"] and "page" not in kept, text
    every = client.get("/alerts/" + tabs["全部"])
    assert villages(every) == {"城南村"} and every.context["page"].paginator.count == 2
