"""整户迁移 in a browser (js/relocate_place.js): 村民小组 and 网格 offer only the chosen 迁入村's, and the confirmation
asked before acting names that village and says the 户编号 is made anew."""

import pytest
from playwright.sync_api import Page, expect

from households.choices import RegionLevel, Relation
from households.forms_relocate import MSG_CHOOSE_VILLAGE
from households.models import Grid
from households.services.relocation import MSG_ADDRESS_REQUIRED
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


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_what_is_missing_is_said_at_its_field_before_the_move_is_asked(
    request, device, live_server, personas, county, log_in, screenshot
):
    page: Page = request.getfixturevalue(device)
    household = HouseholdFactory(village=county.village_a, head_name="迁户乙")
    MemberFactory(household=household, name="迁户乙", relation=Relation.HEAD)
    log_in(page, personas.county_officer.username)
    page.goto(f"{live_server.url}/households/{household.pk}/relocate/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # nothing chosen: each missing field says so, nothing is asked or sent
    page.get_by_role("button", name="确认迁移").click()
    errors = page.locator("[data-precheck-error]")
    expect(errors).to_have_text([MSG_CHOOSE_VILLAGE, MSG_ADDRESS_REQUIRED, "请选择迁移原因。"])
    # only the village chosen, as the reviewer did: still no question before the address and the reason
    page.select_option("#id_village", str(county.village_b.pk))
    page.get_by_role("button", name="确认迁移").click()
    expect(errors).to_have_text([MSG_ADDRESS_REQUIRED, "请选择迁移原因。"])
    expect(page.locator("#id_address")).to_be_focused()
    screenshot(page, f"household_relocate_prechecks_{device}")
    assert dialogs == []

    # all given: the question is asked (and dismissed: nothing moves)
    page.get_by_label("迁入后住址").fill("城北村安置区2号")
    page.get_by_label("易地扶贫搬迁").check()
    page.get_by_role("button", name="确认迁移").click()
    expect(errors).to_have_count(0)
    assert len(dialogs) == 1 and "整户迁入涂埠镇城北村？" in dialogs[0]
    household.refresh_from_db()
    assert household.village_id == county.village_a.pk
