"""分配网格 on a phone: from the household list's 本村有 N 户未分配网格, tick the village's households, choose a grid,
confirm; the grid worker then sees them."""

import pytest
from playwright.sync_api import expect

from households.models import Grid, Household
from tests.factories import HouseholdFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_village_cadre_assigns_the_villages_households_to_a_grid_on_a_phone(
    live_server, phone, personas, county, log_in
):
    village = county.village_a
    grid = Grid.objects.create(village=village, name="第一网格", region_path=village.path)
    for i, name in enumerate(["赵大", "钱二", "孙三"], start=1):
        HouseholdFactory(village=village, number=f"{village.code}{i:04d}", head_name=name)
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/")

    prompt = phone.locator("[data-grid-prompt]")
    expect(prompt).to_contain_text("本村有 3 户未分配网格")
    prompt.get_by_role("link", name="分配网格").click()
    expect(phone.get_by_text("共 3 户未分配网格")).to_be_visible()
    phone.get_by_label("全选本页").check()
    phone.get_by_label("分配到网格").select_option(label="第一网格")
    phone.get_by_role("button", name="下一步：确认").click()
    expect(phone.locator("[data-grid-assign-confirm]")).to_contain_text("确认：将 3 户分配到第一网格")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="确认分配").click()

    expect(phone.get_by_text("3 户已分配到第一网格。")).to_be_visible()
    expect(phone.get_by_text("本村的农户都已分配网格。")).to_be_visible()
    assert Household.objects.filter(grid=grid).count() == 3
