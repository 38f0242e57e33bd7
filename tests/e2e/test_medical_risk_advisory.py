"""Review alerts finding 2 in the browser: on a phone, 纳入监测 of a 新增大病患者 alert with the
medical risk ticked and the health update unticked says that the member stays 健康 before the confirmation; ticked
it says nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alerts.models import Alert
from alerts.services.member_health import MSG_MEDICAL_RISK_HEALTHY
from tests.alerts.conftest import csv_file, header_of, ingest, install_feed_presets, pid
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ILLNESS = "health-serious-illness"


def test_include_with_the_medical_risk_while_the_member_stays_healthy_is_said(
    phone: Page, live_server, log_in, personas, county
):
    install_feed_presets()
    household = HouseholdFactory(village=county.village_a, head_name="张大山")
    zhang = MemberFactory(household=household, name="张大山", id_number=pid(dt.date(1968, 3, 12), 11))
    today = timezone.localdate()
    row = ["张大山", zhang.id_number, "白血病", f"{today - dt.timedelta(days=3):%Y-%m-%d}"]
    ingest(personas.clerk, ILLNESS, csv_file([row], header=header_of(ILLNESS)), today=today)
    alert = Alert.objects.get(member=zhang)
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/alerts/{alert.pk}/")

    phone.get_by_label("纳入监测（发起识别）").check()
    tick = phone.get_by_label("同时更新该成员的健康状况")
    expect(tick).not_to_be_checked()  # nothing chosen for the cadre (review fx_verify 4)
    advice = phone.locator("[data-health-advisory]")
    message = MSG_MEDICAL_RISK_HEALTHY.format(risk="大病重病重残医疗支出大", name="张大山")
    expect(advice).to_have_text(message)
    tick.check()
    expect(advice).to_be_hidden()
    tick.uncheck()
    expect(advice).to_have_text(message)
    phone.screenshot(path="var/screenshots/e2e_medical_risk_advisory_phone.png", full_page=True)
    phone.get_by_label("拟纳入的监测对象类别（纳入监测时填写）").select_option(index=1)
    phone.get_by_label("核实情况").fill("入户核实，确诊白血病")
    phone.get_by_role("button", name="提交核实结果").click()

    expect(phone.locator("[data-precheck-error]")).to_have_count(0)
    assert asked and asked[0].startswith(message)
    assert Alert.objects.get(pk=alert.pk).status == "pending"  # dismissed: nothing sent
