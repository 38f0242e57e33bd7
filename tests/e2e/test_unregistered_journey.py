"""The county checks a person a department feed named but the registry does not hold, hands them to 城南村 to be
registered, and the village cadre finds them on the home page and in the village's list."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from alerts.models import UnregisteredEntry
from households import idnumber
from tests.alerts.conftest import csv_file, header_of, ingest, install_feed_presets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_county_hands_an_unregistered_person_to_the_village_which_sees_them(
    live_server, phone, desktop, personas, county, log_in, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    install_feed_presets()
    stranger = idnumber.make("360425", dt.date(1979, 5, 6), 77)
    rows = [["柳如意", stranger, "未参保", "0"]]
    ingest(personas.clerk, "health-uninsured-cost", csv_file(rows, header=header_of("health-uninsured-cost")))

    # given the county officer on the list of unregistered persons, on a phone
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/alerts/unregistered/")
    card = phone.locator(".row-card").filter(has_text="柳如意")
    expect(card).to_contain_text("待核查")
    expect(card).to_contain_text("报送 1 次")

    # when they check the person: a rural resident of 城南村 who should be registered
    card.get_by_role("link", name="核查").click()
    phone.get_by_label("应纳入档案（交村建档）").check()
    phone.get_by_label("建档村（应纳入档案时选择）").select_option(label="涂埠镇 城南村")
    phone.get_by_label("核查情况").fill("经公安户籍比对，户籍在城南村，长期外出务工未建档")
    screenshot(phone, "phone-unregistered-check")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="提交核查结果").click()

    # then the finding is shown and recorded
    expect(phone.get_by_text("已记录核查结果：柳如意，应纳入档案（交村建档）。")).to_be_visible()
    expect(phone.locator("h1")).to_contain_text("待建档")
    entry = UnregisteredEntry.objects.get()
    assert (entry.outcome, entry.village, entry.checked_by) == ("register", county.village_a, personas.county_officer)

    # and the cadre of 城南村 sees the person on the home page and in the village's list
    log_in(desktop, personas.cadre_a.username)
    desktop.goto(f"{live_server.url}/")
    desktop.get_by_role("link", name="待建档人员").click()
    expect(desktop.locator(".row-card").filter(has_text="柳如意")).to_contain_text("建档村：涂埠镇 城南村")
    screenshot(desktop, "desktop-to-register")


def test_the_county_records_one_finding_for_the_persons_it_ticks(
    live_server, phone, personas, log_in, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    install_feed_presets()
    born = {"甲某": dt.date(1961, 2, 3), "乙某": dt.date(1972, 4, 5), "丙某": dt.date(1983, 6, 7)}
    rows = [[name, idnumber.make("360428", day, 11), "未参保", "0"] for name, day in born.items()]
    ingest(personas.clerk, "health-uninsured-cost", csv_file(rows, header=header_of("health-uninsured-cost")))

    # given the county officer on the list of unregistered persons, on a phone
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/alerts/unregistered/")
    expect(phone.get_by_text("共 3 人")).to_be_visible()

    # when they tick all but 丙某, and record that the department's rows were wrong
    phone.get_by_label("全选本页").check()
    phone.locator(".row-card").filter(has_text="丙某").get_by_label("选择").uncheck()
    expect(phone.locator(".selected-count").first).to_have_text("2")
    phone.get_by_label("部门数据有误").check()
    phone.get_by_label("核查情况").fill("医保局复核：两人为外省参保人员，误报")
    screenshot(phone, "phone-unregistered-bulk-check")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="记录所选人员的核查结果").click()

    # then both are recorded, and only 丙某 is still to be checked
    expect(phone.get_by_text("已记录 2 人的核查结果：部门数据有误。")).to_be_visible()
    expect(phone.get_by_text("共 1 人")).to_be_visible()
    expect(phone.locator(".row-card")).to_contain_text("丙某")
    found = dict(UnregisteredEntry.objects.values_list("person_name", "outcome"))
    assert found == {"甲某": "wrong_data", "乙某": "wrong_data", "丙某": ""}


def test_the_county_finds_a_person_by_the_last_digits_or_an_earlier_name(
    live_server, phone, personas, log_in, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    install_feed_presets()
    stranger = idnumber.make("360425", dt.date(1979, 5, 6), 77)
    header = header_of("health-uninsured-cost")
    ingest(personas.clerk, "health-uninsured-cost", csv_file([["柳如意", stranger, "未参保", "0"]], header=header))
    later = csv_file([["柳茹意", stranger, "未参保", "0"]], header=header, name="later.csv")
    ingest(personas.clerk, "health-uninsured-cost", later)

    # given the county officer on the list, on a phone; when they search by the last 4 digits of the number
    log_in(phone, personas.county_officer.username)
    phone.goto(f"{live_server.url}/alerts/unregistered/")
    phone.get_by_label("姓名或身份证号").fill(stranger[-4:])
    phone.get_by_role("button", name="查询").click()
    # then the person is found
    expect(phone.locator(".row-card").filter(has_text="柳茹意")).to_contain_text("报送 2 次")
    screenshot(phone, "phone-unregistered-search-digits")

    # and by the name the department gave in its first file
    phone.get_by_label("姓名或身份证号").fill("柳如意")
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator(".row-card").filter(has_text="柳茹意")).to_be_visible()
