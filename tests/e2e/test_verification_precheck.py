"""Review, in the browser: the cadre who ticks 同时更新该成员的健康状况 on an alert's verification and leaves the
status empty is told so at the status field (and of any other input the verification would refuse, at its own) before
any "提交后不能撤回" question; with a status chosen, the question comes and the verification goes through with the
update."""

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import Department
from alerts.models import Alert
from alerts.services.member_health import MSG_HEALTH_REQUIRED
from alerts.services.verification import MSG_REASON_REQUIRED
from households.choices import Health
from households.models import Member
from tests.alerts.conftest import install_feed_presets
from tests.alerts.test_summary import _alert

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_health_update_without_a_status_is_stopped_at_its_field_before_the_confirmation(
    phone: Page, live_server, log_in, personas, county
):
    install_feed_presets()  # the seeded feed types, emptied by an earlier transactional test's flush
    alert = _alert(county.village_a, Department.HEALTH)  # 卫健 新增大病患者, of a member on file as 健康
    member = alert.member
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/alerts/{alert.pk}/")

    phone.get_by_label("无返贫致贫风险").check()
    note = phone.get_by_label("核实情况")
    health = phone.get_by_label("更新为", exact=True)
    health.select_option("")
    phone.get_by_label("同时更新该成员的健康状况").check()
    phone.get_by_role("button", name="提交核实结果").click()

    # Each refusal at its own field: the status, and this outcome's reason left empty too.
    expect(phone.locator(".field", has=health).locator("[data-precheck-error]")).to_have_text(MSG_HEALTH_REQUIRED)
    expect(phone.locator(".field", has=note).locator("[data-precheck-error]")).to_have_text(MSG_REASON_REQUIRED)
    expect(phone.locator("[data-precheck-error]")).to_have_count(2)
    assert asked == []
    assert Alert.objects.get(pk=alert.pk).status == "pending"

    note.fill("已获大病保险报销，家庭收入稳定")
    health.select_option(label="患有大病")
    phone.get_by_role("button", name="提交核实结果").click()
    expect(phone.get_by_text(f"已将{member.name}的健康状况更新为“患有大病”", exact=False)).to_be_visible()
    assert asked == ["确认提交核实结果？提交后不能撤回。"]
    assert Member.objects.get(pk=member.pk).health == Health.SERIOUS
