"""A village cadre opens 数据逻辑问题 from the home page, finds a deceased member still registered on 低保 and ends the
registration after the browser's question."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from households.choices import AssistanceStatus, LivingStatus, Relation
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_cadre_ends_a_deceased_members_dibao_from_the_data_checks(
    live_server, phone, personas, county, log_in, screenshot
):
    household = HouseholdFactory(village=county.village_a, head_name="程大勇")
    MemberFactory(household=household, name="程大勇", birth_date=dt.date(1966, 2, 3))
    gone = MemberFactory(household=household, name="程老伯", relation=Relation.FATHER, birth_date=dt.date(1940, 1, 9),
                         living_status=LivingStatus.DECEASED, assistance_status=AssistanceStatus.DIBAO)  # fmt: skip

    # given the cadre of 城南村 on the home page, on a phone
    log_in(phone, personas.cadre_a.username)
    phone.get_by_role("link", name="数据逻辑问题").click()
    card = phone.locator(".row-card").filter(has_text="已故或迁出成员仍登记享受低保/特困")
    expect(card).to_contain_text("1 人")
    screenshot(phone, "phone-data-checks")

    # when they open the check and end the registration, answering the browser's question
    card.get_by_role("link").first.click()
    row = phone.locator(".row-card").filter(has_text="程老伯")
    expect(row).to_contain_text("仍登记为低保")
    phone.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="停止登记低保/特困").click()

    # then the member is off the list and off 低保
    expect(phone.get_by_text("已停止登记：程老伯（已故）不再登记享受低保/特困。")).to_be_visible()
    expect(phone.get_by_text("没有发现该问题。")).to_be_visible()
    gone.refresh_from_db()
    assert gone.assistance_status == AssistanceStatus.NONE
