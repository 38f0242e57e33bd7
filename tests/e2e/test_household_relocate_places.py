"""整户迁移 in a browser (js/relocate_place.js): 村民小组 and 网格 offer only the chosen 迁入村's, and the confirmation
asked before acting names that village and says the 户编号 is made anew."""

import pytest
from playwright.sync_api import Page

from households.choices import RegionLevel, Relation
from households.models import Grid
from tests.factories import HouseholdFactory, MemberFactory, region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def options(page: Page, name: str) -> list[str]:
    return page.evaluate(f"() => [...document.querySelectorAll('#id_{name} option')].map(o => o.textContent.trim())")


def test_groups_and_grids_follow_the_village_and_the_question_names_it(
    live_server, phone: Page, personas, county, log_in, screenshot
):
    household = HouseholdFactory(village=county.village_a, head_name="迁户甲")
    MemberFactory(household=household, name="迁户甲", relation=Relation.HEAD)
    region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    region("360425101201001", "张公渡村一组", RegionLevel.GROUP, county.village_c)
    for village, names in ((county.village_b, ("第三网格", "第一网格", "第二网格")), (county.village_c, ("第一网格",))):
        for name in names:
            Grid.objects.create(village=village, name=name, region_path=village.path)
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/households/{household.pk}/relocate/")

    assert options(phone, "group") == ["请先选择迁入村"] and phone.locator("#id_group").is_disabled()
    phone.select_option("#id_village", str(county.village_b.pk))
    assert options(phone, "group") == ["不选", "城北村一组"]
    assert options(phone, "grid") == ["不选", "城北村第一网格", "城北村第二网格", "城北村第三网格"]
    phone.select_option("#id_grid", label="城北村第二网格")
    phone.select_option("#id_village", str(county.village_c.pk))
    assert options(phone, "grid") == ["不选", "张公渡村第一网格"] and phone.locator("#id_grid").input_value() == ""
    screenshot(phone, "household-relocate-phone")

    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    phone.get_by_label("迁入后住址").fill("张公渡村安置区1号")
    phone.get_by_label("易地扶贫搬迁").check()
    phone.get_by_role("button", name="确认迁移").click()

    assert len(dialogs) == 1 and "整户迁入虬津镇张公渡村？" in dialogs[0] and "重新编制户编号" in dialogs[0]
    household.refresh_from_db()
    assert household.village_id == county.village_a.pk  # dismissed: nothing was sent
