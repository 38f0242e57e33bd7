"""The county bureau checks a go-live file whose 人员状态 column gives a son as 死亡, a daughter as 迁出 and one
household as all gone: the check's result says how many members will be imported 已故 and 迁出 (not counted in
their household's size) and that the household with nobody living is not registered, on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from config.celery import app as celery_app
from tests.households.test_registry_import import xlsx_upload
from tests.households.test_registry_import_member_status import rows


@pytest.fixture(autouse=True)
def _eager(monkeypatch, settings, tmp_path):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_check_result_counts_the_members_imported_as_dead_or_moved_out(
    live_server, request, device, personas, county, log_in, screenshot, tmp_path
):
    page = request.getfixturevalue(device)
    path = tmp_path / f"国家系统导出_{device}.xlsx"
    path.write_bytes(xlsx_upload(rows()).read())

    # given the county bureau on the import page
    log_in(page, personas.county_officer.username)
    page.goto(f"{live_server.url}/households/import/")

    # when they upload the national system's file to check it only (the default)
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传").click()

    # then the check's result names the members the file gives as 已故 and 迁出, and the household nobody lives in
    progress = page.locator(".import-progress")
    expect(progress).to_contain_text("检查已完成")
    expect(progress.locator("[data-members-gone]")).to_have_text("，其中按人员状态已故 1 人、迁出 1 人，不计入户人数")
    expect(page.locator("main")).to_contain_text("其中 1 户成员均为已故或迁出，无在世成员，按农户注销的规则不建档。")
    screenshot(page, f"registry-import-member-status-{device}")

    # and the list of imports says the same beside the file
    page.get_by_role("link", name="全部导入记录").click()
    expect(page.locator("[data-members-gone]").first).to_contain_text("已故 1 人、迁出 1 人")
