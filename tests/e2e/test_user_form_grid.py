"""The system admin's user form in a browser: 限定网格 lists only the grids of the village chosen as 管辖区划
(static/js/user_grid.js, loaded in <head>, runs once the form is parsed), and the user list fits its box on a
1366-px desk, 审核状态 and 上次登录 included. Headless Chromium."""

import pytest
from playwright.sync_api import Page

from households.models import Grid

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GRID_OPTIONS = "() => [...document.querySelectorAll('#id_grid option')].map(o => o.textContent.trim())"


@pytest.fixture
def grids(county):
    for village, names in ((county.village_a, ("第一网格", "第二网格")), (county.village_b, ("第三网格",))):
        for name in names:
            Grid.objects.create(village=village, name=name, region_path=village.path)


def test_choosing_a_village_narrows_the_grids_to_its_own(desktop: Page, live_server, log_in, personas, county, grids):
    log_in(desktop, personas.system_admin.username)
    desktop.goto(f"{live_server.url}/admin/accounts/user/{personas.cadre_a.pk}/change/")

    assert desktop.evaluate(GRID_OPTIONS) == ["不限网格（管辖全村）", "第一网格", "第二网格"]
    desktop.select_option("#id_region_path", county.village_b.path)
    assert desktop.evaluate(GRID_OPTIONS) == ["不限网格（管辖全村）", "第三网格"]
    desktop.select_option("#id_region_path", county.township.path)
    assert desktop.evaluate(GRID_OPTIONS) == ["不限网格（管辖全村）"]


def test_the_user_list_fits_its_box_on_a_desk(desktop: Page, live_server, log_in, personas, screenshot):
    log_in(desktop, personas.system_admin.username)
    desktop.goto(f"{live_server.url}/admin/accounts/user/")
    screenshot(desktop, "user-list-desktop")

    table, box = desktop.evaluate(
        """() => [document.querySelector('#result_list'), document.querySelector('#changelist .results')]
            .map(e => e.getBoundingClientRect().width)"""
    )
    assert table <= box
    last = desktop.locator("#result_list thead th.column-last_login").bounding_box()
    assert (
        last is not None
        and last["x"] + last["width"] <= desktop.locator("#changelist .results").bounding_box()["x"] + box
    )
