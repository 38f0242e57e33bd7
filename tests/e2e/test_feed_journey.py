"""A health-bureau clerk uploads a GBK CSV, watches it processed to 100 %, downloads the error workbook; the
village cadre then finds the alert in the worklist and verifies it."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert
from households import idnumber
from tests.alerts.conftest import install_feed_presets
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_uploads_a_gbk_csv_and_the_cadre_sees_and_verifies_the_alert(
    live_server, phone, desktop, personas, county, log_in, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    install_feed_presets()
    household = HouseholdFactory(village=county.village_a, head_name="周建国")
    member = MemberFactory(
        household=household, name="周建国", id_number=idnumber.make("360425", dt.date(1969, 8, 15), 113)
    )
    bad = idnumber.make("360425", dt.date(1980, 1, 1), 31)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["永修县卫生健康委员会 未参保及高额医疗支出人员名单"])
    writer.writerow(["姓名", "公民身份号码", "参保状态", "当年累计医疗支出"])
    writer.writerow(["周建国", member.id_number, "已参保", "２６０００"])  # full-width digits
    writer.writerow(["错号", bad[:17] + ("0" if bad[17] != "0" else "1"), "未参保", "10"])
    upload = tmp_path / "卫健11月名单.csv"
    upload.write_bytes(text.getvalue().encode("gbk"))

    # given the clerk of the health commission on the upload page, on a phone
    log_in(phone, personas.clerk.username)
    phone.goto(f"{live_server.url}/alerts/uploads/")
    phone.select_option("#id_feed_type", label="未参保及累计医疗支出超过2万元人员（每月5日前报送上月数据）")
    phone.set_input_files("#id_file", str(upload))
    phone.get_by_role("button", name="上传").click()

    # then the upload's page shows the progress bar at 100 % and the result
    bar = phone.get_by_role("progressbar", name="处理进度")
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(phone.locator("[data-progress]")).to_have_text("100%")
    expect(phone.locator(".counts")).to_contain_text("新生成预警")
    screenshot(phone, "phone-feed-upload-done")

    # and the error workbook names the bad row and why
    with phone.expect_download() as download:
        phone.get_by_role("link", name="下载错误清单").click()
    assert download.value.suggested_filename == "错误清单_卫健11月名单.xlsx"
    with open(download.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    # quoting the file's own header, then the template's
    assert [c.value for c in sheet[2]][-2:] == [4, "公民身份号码（身份证号）：身份证号校验位不正确，请核对后重新输入"]

    # when the cadre of 城南村 opens the alert worklist
    log_in(desktop, personas.cadre_a.username)
    desktop.goto(f"{live_server.url}/alerts/")
    card = desktop.locator(".row-card").filter(has_text="周建国")
    expect(card).to_contain_text("当年累计医疗支出 26,000.00 元")
    screenshot(desktop, "desktop-alerts-worklist")

    # then they verify it: not at risk, with the reason
    card.get_by_role("link", name="入户核实").click()
    desktop.get_by_label("无返贫致贫风险").check()
    desktop.get_by_label("核实情况").fill("已获大病保险报销，家庭收入稳定")
    desktop.once("dialog", lambda dialog: dialog.accept())
    desktop.get_by_role("button", name="提交核实结果").click()
    expect(desktop.get_by_text("已核实：周建国，无返贫致贫风险。")).to_be_visible()
    alert = Alert.objects.get()
    assert (alert.outcome, alert.verified_on) == ("not_at_risk", timezone.localdate())
