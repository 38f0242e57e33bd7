"""Review ux1, item 1, in the browser: on a monitored household's alert nothing is ticked, and one tap on 提交核实结果
asks for the outcome and for 核实情况 at their fields before any "提交后不能撤回" question; nothing is verified."""

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import Department
from alerts.models import Alert
from alerts.services.verification import MSG_BAD_OUTCOME, MSG_NOTE_REQUIRED
from households.choices import MonitoringCategory
from households.models import Household
from tests.alerts.conftest import install_feed_presets
from tests.alerts.test_summary import _alert

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_one_tap_on_a_monitored_households_alert_asks_for_the_outcome_and_the_note(
    phone: Page, live_server, log_in, personas, county
):
    install_feed_presets()
    alert = _alert(county.village_a, Department.HEALTH)
    Household.objects.filter(pk=alert.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/alerts/{alert.pk}/")

    expect(phone.locator("input[name=outcome]:checked")).to_have_count(0)
    phone.get_by_role("button", name="提交核实结果").click()

    errors = phone.locator("[data-precheck-error]")
    expect(errors).to_have_text([MSG_BAD_OUTCOME, MSG_NOTE_REQUIRED])
    assert asked == []
    phone.get_by_label("已是监测对象").check()
    phone.get_by_label("核实情况").fill("户主在家，医保已续缴")
    phone.get_by_role("button", name="提交核实结果").click()
    expect(phone.get_by_text("已核实：", exact=False)).to_be_visible()
    assert asked == ["确认提交核实结果？提交后不能撤回。"]
    assert Alert.objects.get(pk=alert.pk).outcome == "monitored"
