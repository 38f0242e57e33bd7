"""The audit log on a phone (review finding 10): one card per event, with the summary and the changes on screen
rather than in a 1300-px table scrolled sideways; the table stays on a desk. Headless Chromium."""

import pytest
from playwright.sync_api import Page, expect

from accounts.audit import audit_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDEST = """() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right >
    document.documentElement.clientWidth + 1).slice(0, 3).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def user_change(personas, county):
    audit_record(
        actor=personas.system_admin,
        action="user.update",
        summary=f"修改用户 {personas.clerk.username}：角色改为行业部门，所属部门改为卫生健康委员会",
        target=personas.clerk,
        before={"role": "village_cadre", "department": "", "region_path": county.village_a.path},
        after={"role": "department_clerk", "department": "health", "region_path": county.county.path},
    )


def test_the_audit_log_is_one_card_per_event_on_a_phone(
    phone: Page, live_server, log_in, personas, user_change, screenshot
):
    log_in(phone, personas.audit_admin.username)
    phone.goto(f"{live_server.url}/accounts/audit/?category=users")
    screenshot(phone, "audit-log-phone")

    card = phone.locator(".audit-log tbody tr").filter(has_text="修改用户 clerk")
    expect(card.locator("td[data-label='变更']")).to_contain_text("角色：村干部/网格员 → 行业部门")
    expect(card.locator("td[data-label='区划']")).to_contain_text("永修县")
    expect(phone.locator(".audit-log thead")).to_be_hidden()
    for label in ("说明", "变更"):
        box = card.locator(f"td[data-label='{label}']").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    for label in ("操作人", "操作"):  # the name and the account, the category and the code: beside the label
        cell = card.locator(f"td[data-label='{label}']")
        assert cell.locator("> span").bounding_box()["x"] > cell.bounding_box()["x"] + 50, label
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391, phone.evaluate(WIDEST)


def test_the_audit_log_stays_a_table_on_a_desk(desktop: Page, live_server, log_in, personas, user_change, screenshot):
    log_in(desktop, personas.audit_admin.username)
    desktop.goto(f"{live_server.url}/accounts/audit/?category=users")
    screenshot(desktop, "audit-log-desktop")

    expect(desktop.locator(".audit-log thead")).to_be_visible()
    expect(desktop.locator(".audit-log tbody tr").filter(has_text="修改用户 clerk")).to_contain_text("用户")


def test_a_long_category_label_wraps_inside_its_card_on_a_phone(phone: Page, live_server, log_in, personas, county):
    """A reviewer found the log 494 px wide on a 390-px phone: the registry category's label
    (农户档案（户、成员、收支、走访、授权书、区划网格、导入）) was kept on one line and ran past every card."""
    audit_record(actor=personas.cadre_a, action="household.update", summary="修改农户 张三户：联系电话")
    log_in(phone, personas.audit_admin.username)
    phone.goto(f"{live_server.url}/accounts/audit/?category=registry")

    badge = phone.locator(".audit-log tbody tr").filter(has_text="修改农户 张三户").locator(".badge")
    expect(badge).to_contain_text("农户档案（户、成员")
    box = badge.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391, phone.evaluate(WIDEST)


@pytest.fixture
def long_rows(personas, county):
    """Rows as a county's log holds them (review labr, finding 2: the table 1274 px wide in its 1168-px box at
    1366×768, 变更 cut at the right edge): a registry category's long badge, a summary with a bank account number
    and a department's file name without a space in them, an address changed twice over, a user's fields changed."""
    for _ in range(3):
        audit_record(
            actor=personas.clerk,
            action="alerts.upload",
            summary="上传部门数据 低保对象（2026年11月）："
            "yongxiu_minzheng_dibao_tekun_renyuan_mingdan_2026-11_huizong_xiuding_final_v2.xlsx",
        )
        audit_record(
            actor=personas.cadre_a,
            action="household.update",
            summary="修改农户 张三户：联系电话、家庭住址、开户银行、银行账号 6217000000000000000000000000",
            region_path=county.village_a.path,
            before={"address": "江西省九江市永修县涂埠镇某某村某某组123号附456号" * 2},
            after={"address": "江西省九江市永修县涂埠镇某某村某某组1号"},
        )
        audit_record(
            actor=personas.system_admin,
            action="user.update",
            summary=f"修改用户 {personas.clerk.username}：角色改为行业部门，所属部门改为卫生健康委员会，区划改为永修县",
            target=personas.clerk,
            before={"role": "village_cadre", "department": "", "region_path": county.village_a.path},
            after={"role": "department_clerk", "department": "health", "region_path": county.county.path},
        )


def test_the_audit_log_table_fits_its_box_on_a_desk_with_long_rows(
    desktop: Page, live_server, log_in, personas, long_rows, screenshot
):
    log_in(desktop, personas.audit_admin.username)
    desktop.goto(f"{live_server.url}/accounts/audit/")
    screenshot(desktop, "audit-log-desktop-long-rows")

    box = desktop.locator(".audit-log").bounding_box()
    table = desktop.locator(".audit-log table").bounding_box()
    assert box is not None and table is not None
    assert table["width"] <= box["width"] + 1, (table["width"], box["width"])
    assert desktop.evaluate("document.querySelector('.audit-log').scrollWidth") <= box["width"] + 1
    # 变更, what an auditor reads most, whole inside the box and not the narrowest column.
    changes = (
        desktop.locator(".audit-log tbody tr").filter(has_text="6217000000").first.locator("td[data-label='变更']")
    )
    expect(changes).to_contain_text("住址")
    cell = changes.bounding_box()
    assert cell is not None and cell["x"] + cell["width"] <= box["x"] + box["width"] + 1
    assert cell["width"] >= 250
