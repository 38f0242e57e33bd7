"""A village cadre's day starts and ends on a phone: log in, see the workbench, open the menu, log out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APP_RED = "rgb(180, 35, 24)"


def test_village_cadre_logs_in_and_out_on_a_phone(live_server, phone, personas, log_in, screenshot):
    # given the login page on a phone, with our stylesheet served by the live server
    phone.goto(f"{live_server.url}/accounts/login/")
    expect(phone.locator(".topbar")).to_have_css("background-color", APP_RED)
    screenshot(phone, "phone-login")

    # when the cadre of 城南村 logs in
    log_in(phone, personas.cadre_a.username)

    # then the workbench of a village cadre greets them, with the menu folded away
    expect(phone).to_have_url(f"{live_server.url}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("村干部/网格员工作台")
    expect(phone.get_by_text("管辖范围：城南村")).to_be_visible()
    logout = phone.get_by_role("button", name="退出")
    expect(logout).to_be_hidden()
    screenshot(phone, "phone-home")

    # when they open the menu
    phone.locator("label.nav-toggle-label", has_text="菜单").click()

    # then the menu shows their pages and the logout button
    expect(phone.get_by_role("navigation", name="主菜单").get_by_role("link", name="行政区划")).to_be_visible()
    expect(logout).to_be_visible()
    screenshot(phone, "phone-home-menu")

    # when they log out
    logout.click()

    # then they are back on the login page
    expect(phone).to_have_url(re.compile(r"/accounts/login/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("登录")
    expect(phone.get_by_role("button", name="退出")).to_have_count(0)


def test_wrong_password_shows_the_chinese_error(live_server, phone, personas, log_in, screenshot):
    # when the cadre mistypes the password
    log_in(phone, personas.cadre_a.username, password="Wrong@Pass2026")

    # then the login page says so in Chinese and keeps them there
    expect(phone.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(phone).to_have_url(re.compile(r"/accounts/login/$"))
    screenshot(phone, "phone-login-error")


def test_desktop_shows_the_menu_without_the_toggle(live_server, desktop, personas, log_in, screenshot):
    # when a township officer logs in on a desktop
    log_in(desktop, personas.township.username)

    # then the menu is open in the top bar and the phone toggle is hidden
    expect(desktop.get_by_role("heading", level=1)).to_have_text("乡镇工作人员工作台")
    expect(desktop.locator(".topbar")).to_have_css("background-color", APP_RED)
    expect(desktop.get_by_role("button", name="退出")).to_be_visible()
    expect(desktop.locator("label.nav-toggle-label")).to_be_hidden()
    screenshot(desktop, "desktop-home")
