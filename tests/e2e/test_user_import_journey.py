"""The system admin opens a township's accounts from one sheet: from the user list to the import page, the upload,
the result with its one bad row, and the initial-password list downloaded from the page; the security admin approves
the new accounts, and a new cadre then logs in with that password and is made to choose their own."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sheet(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["永修县 防返贫监测系统账号申请表"])
    sheet.append(["用户名", "姓名", "角色", "管辖区划", "所属部门", "手机号"])
    sheet.append(["chengnan_li", "李红梅", "村干部", "涂埠镇城南村", "", "13807921234"])
    sheet.append(["chengbei_zhao", "赵刚", "驻村工作队", "360425100202", "", ""])
    sheet.append(["chengbei_qian", "钱多", "村长", "360425100202", "", ""])
    workbook.save(path)


def test_system_admin_imports_accounts_and_a_cadre_logs_in_with_the_initial_password(
    live_server, desktop, personas, log_in, screenshot, tmp_path
):
    # given the system admin on the user list
    log_in(desktop, personas.system_admin.username)
    desktop.goto(f"{live_server.url}/admin/accounts/user/")

    # when they open the import page and upload the township's sheet
    desktop.get_by_role("link", name="批量导入用户").click()
    expect(desktop.get_by_role("heading", name="批量导入用户")).to_be_visible()
    _sheet(tmp_path / "账号.xlsx")
    desktop.set_input_files("input[type=file]", str(tmp_path / "账号.xlsx"))
    desktop.get_by_role("button", name="导入").click()

    # then two accounts are made and the bad row is named with its reason
    result = desktop.locator("#import-result")
    expect(result).to_contain_text("新建账号 2 个，有误 1 行未导入")
    expect(result.get_by_role("row", name="第5行")).to_contain_text("角色：“村长”不是可选的角色")
    screenshot(desktop, "admin-user-import-result")

    # when they try to leave before saving the passwords, the browser asks first; they stay
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    desktop.on("dialog", stay)
    desktop.locator(".breadcrumbs").get_by_role("link", name="用户").click()
    desktop.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    desktop.remove_listener("dialog", stay)
    expect(desktop.locator("#import-result")).to_be_visible()

    # when they download the initial-password list from the page
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="下载初始密码单").click()
    assert download.value.suggested_filename == "初始密码单.xlsx"
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0].iter_rows(values_only=True))
    passwords = {row[0]: row[5] for row in rows[2:]}
    assert set(passwords) == {"chengnan_li", "chengbei_zhao"}

    # then the security admin checks the new accounts' roles and scopes and approves them (三员分立)
    desktop.context.clear_cookies()
    log_in(desktop, personas.security_admin.username)
    desktop.goto(f"{live_server.url}/accounts/security/approvals/")
    expect(desktop.locator("#pending")).to_contain_text("chengnan_li")
    desktop.locator("#pending").get_by_label("全选").check()
    # Enter in the refusal reason starts a new line: it used to press the first button, 批准
    desktop.locator("#id_reason").press("Enter")
    expect(desktop.locator("#pending")).to_contain_text("chengnan_li")
    desktop.locator("#id_reason").fill("")
    confirmed = []
    desktop.once("dialog", lambda dialog: (confirmed.append(dialog.message), dialog.accept()))
    desktop.locator("#pending").get_by_role("button", name="批准所选账号").click()
    expect(desktop.get_by_text("已批准 2 个账号")).to_be_visible()
    assert confirmed == ["确认批准所选的 2 个账号？批准后这些账号即可登录。"]

    # then the new cadre logs in with it and must choose a password of their own first
    desktop.context.clear_cookies()
    log_in(desktop, "chengnan_li", passwords["chengnan_li"])
    expect(desktop).to_have_url(f"{live_server.url}/accounts/password/")
