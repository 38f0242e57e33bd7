"""The household list page leaves ?grid=2 without its village out and says so (ca077be); the API filtered by it: it
now refuses a group or grid without its village, in Chinese naming the parameter, where the caller has several
villages, and a one-village cadre's grid is hers, as on the page."""

import pytest

from households.models import Grid

pytestmark = pytest.mark.django_db


def test_a_grid_without_its_village_is_refused_naming_the_village_to_give(
    household_a, household_b, personas, login, county
):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    client = login(personas.township)

    alone = client.get("/api/v1/households/", {"grid": grid.pk})
    group = client.get("/api/v1/households/", {"group": county.group_a.code})
    in_village = client.get("/api/v1/households/", {"village": county.village_a.code, "grid": grid.pk})

    assert alone.status_code == 400
    assert "未选择村，不能按网格筛选：请同时给出村区划代码（village）。" in alone.content.decode()
    assert "grid" in alone.json()["errors"] if "errors" in alone.json() else "grid" in alone.json()
    assert group.status_code == 400 and "不能按村民小组筛选" in group.content.decode()
    assert in_village.status_code == 200 and in_village.json()["count"] == 0  # the grid applies with its village


def test_a_one_village_cadres_grid_applies_without_naming_the_village(household_a, personas, login, county):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    client = login(personas.cadre_a)
    assert client.get("/api/v1/households/", {"grid": grid.pk}).json()["count"] == 0
    assert client.get("/api/v1/households/").json()["count"] == 1


def test_the_schema_says_a_grid_needs_its_village(personas, login):
    schema = login(personas.township).get("/api/v1/schema/").content.decode()
    assert "管辖多个村的须同时给出 village" in schema
