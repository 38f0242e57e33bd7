"""A group or grid in the household list's link without its village (?grid=2: their lists are offered once a village
is chosen) is left out with a notice, instead of an empty list (共 0 户)."""

import pytest

from households.models import Grid

pytestmark = pytest.mark.django_db


def test_a_grid_without_its_village_is_left_out_and_said(household_a, household_b, personas, login, county):
    grid = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    client = login(personas.township)

    page = client.get(f"/households/?grid={grid.pk}").content.decode()
    in_village = client.get(f"/households/?village={county.village_a.code}&grid={grid.pk}").content.decode()

    assert "未选择村，已忽略网格条件：请先选择村，再选择网格。" in page
    assert "共 2 户" in page and "张大山" in page and "王五" in page
    assert "共 0 户" in in_village and "已忽略" not in in_village  # the grid applies once its village is chosen
