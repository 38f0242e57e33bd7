"""Review rev-ux 3, in the browser: an alert's verification form on a phone shows the monitoring category and the
risk types only for 纳入监测, and the member's health box only for the outcomes that may update it; picking 已故
hides them (a box ticked before is then not sent, so the verification goes through), picking 纳入 shows them.
Without script the page shows every part (tests/alerts/test_verification_parts.py)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.choices import Department
from alerts.models import Alert
from households.models import Member
from tests.alerts.conftest import install_feed_presets
from tests.alerts.test_summary import _alert

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_picking_deceased_hides_the_inclusion_and_health_parts_and_picking_include_shows_them(
    phone: Page, live_server, log_in, personas, county
):
    install_feed_presets()  # the seeded feed types, emptied by an earlier transactional test's flush
    alert = _alert(county.village_a, Department.HEALTH)  # 卫健 新增大病患者, of a member on file as 健康
    health_before = alert.member.health
    phone.on("dialog", lambda dialog: dialog.accept())
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/alerts/{alert.pk}/")
    category = phone.locator("[data-include-fields]")
    health = phone.locator("[data-member-health]")

    phone.get_by_label("纳入监测（发起识别）").check()
    expect(category).to_be_visible()
    expect(phone.get_by_label("拟纳入的监测对象类别（纳入监测时填写）")).to_be_visible()
    expect(health).to_be_visible()
    phone.get_by_label("同时更新该成员的健康状况").check()
    tall = phone.evaluate("document.documentElement.scrollHeight")

    phone.get_by_label("已故").check()
    expect(category).to_be_hidden()
    expect(health).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollHeight") < tall - 600

    phone.get_by_label("无返贫致贫风险").check()
    expect(category).to_be_hidden()
    expect(health).to_be_visible()  # 确有疾病但有保障: the health may be updated

    # 已故 with the health box ticked before: the hidden box is not sent, and the verification goes through.
    phone.get_by_label("已故").check()
    phone.get_by_label("核实情况").fill("2026年11月病故")
    phone.get_by_label("去世或迁出日期").fill(f"{timezone.localdate():%Y-%m-%d}")
    phone.get_by_role("button", name="提交核实结果").click()
    expect(phone.get_by_text("核实结果", exact=True)).to_be_visible()
    alert.refresh_from_db()
    assert alert.outcome == "deceased"
    assert Member.objects.get(pk=alert.member_id).health == health_before
    assert Alert.objects.get(pk=alert.pk).status == "verified"
    assert Member.objects.get(pk=alert.member_id).living_status == "deceased"  # marked with the verification
