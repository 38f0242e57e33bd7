"""A household closed by mistake is found from the household list (review srch finding 1): its 户编号 searched on the
在册 list says it was closed and links to its page, where the township reopens it; the 已注销 tab lists it, and a
filter changed there (htmx, no reload) keeps the tab."""

import pytest
from playwright.sync_api import expect

from households.choices import ClosedReason
from tests.households.test_list_registry_state import closed_household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_township_finds_a_closed_household_by_its_number_and_on_the_closed_tab(
    live_server, phone, personas, county, log_in
):
    gone = closed_household(personas, county.village_a, "迁出甲", county.village_a.code + "0090")
    closed_household(personas, county.village_b, "亡故乙", county.village_b.code + "0090", ClosedReason.ALL_DECEASED)
    log_in(phone, personas.township.username)
    phone.goto(f"{live_server.url}/households/")

    phone.get_by_label("查找").fill(gone.number)
    phone.get_by_role("button", name="查询").click()
    notice = phone.locator("[data-closed-found]")
    expect(notice).to_contain_text(f"户编号 {gone.number}（户主迁出甲）已于")
    notice.get_by_role("link", name="查看").click()
    expect(phone.get_by_role("link", name="撤销注销")).to_be_visible()

    phone.goto(f"{live_server.url}/households/")
    phone.get_by_role("link", name="已注销", exact=True).click()
    expect(phone.get_by_text("共 2 户")).to_be_visible()
    phone.get_by_text("更多筛选条件").click()
    phone.get_by_label("村", exact=True).select_option(label="城南村")

    expect(phone.get_by_text("共 1 户")).to_be_visible()
    expect(phone.locator("[data-closed-badge]")).to_have_count(1)
    assert "registry_state=closed" in phone.url
