"""The home page's tiles and the dashboard's cards on the same topics say whose households and which month they
count, so the two figures are not read as two answers to one question (review reports finding 3)."""

import pytest

from accounts.tiles import tiles_for

pytestmark = pytest.mark.django_db


def test_the_home_tiles_and_the_dashboard_name_whose_households_and_which_month(personas, registry, login):
    client = login(personas.county_officer)
    tiles = {tile["label"]: tile for tile in tiles_for(personas.county_officer)}
    response = client.get("/reports/dashboard/")
    d, page = response.context["d"], response.content.decode()

    # The same selectors: this month's unvisited, and those needing a contact (the dashboard: the monitored only).
    assert tiles["本月尚未走访的监测户和脱贫户"]["count"] == d.visits.not_yet == 5
    assert tiles["监测户和脱贫户帮扶联系人需调整"]["count"] == 5 and d.no_contact == 4
    assert "本月尚未走访" not in tiles and "帮扶联系人需调整" not in tiles
    assert "监测对象帮扶联系人需调整" in page and ">未安排帮扶联系人<" not in page
    assert "<th>上月未走访的监测户和脱贫户（户）</th>" in page
    home = client.get("/").content.decode()
    assert "统计看板只计监测对象" in home and "上月一次也未走访" in home
