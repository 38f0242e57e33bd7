"""A village cadre sets their own mobile number on a phone: from the folded user menu to 个人信息, a wrong number
refused beside the field, the right one saved, the page no wider than the screen. Headless Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.profile import MSG_MOBILE
from accounts.views_profile import MSG_PHONE_SAVED

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_cadre_sets_their_mobile_from_the_user_menu_on_a_phone(live_server, phone, personas, log_in, screenshot):
    log_in(phone, personas.cadre_a.username)

    phone.locator("label.nav-toggle-label", has_text="菜单").click()
    phone.get_by_role("group", name="当前用户").get_by_role("link", name="个人信息").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("个人信息")
    expect(phone.locator("dl.facts")).to_contain_text("涂埠镇城南村")
    field = phone.get_by_label("手机号")
    expect(field).to_have_attribute("inputmode", "tel")

    field.fill("12345")
    phone.get_by_role("button", name="保存手机号").click()
    expect(phone.locator("#id_phone_error")).to_have_text(MSG_MOBILE.format(value="12345"))
    screenshot(phone, "profile-phone-error")

    phone.get_by_label("手机号").fill("138 0792 1234")
    phone.get_by_role("button", name="保存手机号").click()
    expect(phone.locator(".messages")).to_contain_text(MSG_PHONE_SAVED)
    expect(phone.locator("dl.facts")).to_contain_text("13807921234")
    screenshot(phone, "profile-phone-saved")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
