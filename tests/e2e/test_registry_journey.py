"""A village cadre registers a family on a phone, records this month's visit and finds the family again."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from households import idnumber
from households.models import Household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_member(page, index: int, name: str, id_number: str, relation: str) -> None:
    page.fill(f"#id_members-{index}-name", name)
    page.fill(f"#id_members-{index}-id_number", id_number)
    page.select_option(f"#id_members-{index}-relation", label=relation)


def test_cadre_creates_a_household_records_a_visit_and_finds_it(live_server, phone, personas, log_in, screenshot):
    head_id = idnumber.make("360425", dt.date(1969, 8, 15), 113)
    spouse_id = idnumber.make("360425", dt.date(1971, 2, 3), 124)
    child_id = idnumber.make("360425", dt.date(2013, 10, 20), 135)
    bad_id = child_id[:17] + ("1" if child_id[17] != "1" else "2")

    # given the cadre of 城南村 on the new-household form
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/new/")
    # 户类型 is read-only for a village: its new household is 一般农户, 脱贫户 being the 建档立卡 roll's
    expect(phone.locator("#id_household_type")).to_be_disabled()
    expect(phone.locator("#id_household_type")).to_have_value("ordinary")
    expect(phone.get_by_text("脱贫户以建档立卡名单为准")).to_be_visible()
    phone.fill("#id_address", "城南村十组5号")

    # when they type the head's ID number, sex and birth date appear at once
    _fill_member(phone, 0, "周建国", head_id, "户主")
    expect(phone.locator("[data-member]").nth(0).locator(".id-derived")).to_contain_text(
        "性别：男　出生日期：1969-08-15"
    )

    # and two more members are added; a mistyped check digit is flagged before saving
    phone.get_by_role("button", name="＋ 添加成员").click()
    _fill_member(phone, 1, "吴淑芬", spouse_id, "配偶")
    phone.get_by_role("button", name="＋ 添加成员").click()
    _fill_member(phone, 2, "周小宇", bad_id, "之子")
    expect(phone.locator("[data-member]").nth(2).locator(".id-derived")).to_contain_text("校验位不正确")
    screenshot(phone, "phone-household-new-bad-id")
    # saved anyway, the page comes back with the server's error under the field, said once, the rest kept
    phone.get_by_role("button", name="保存").click()
    third = phone.locator("[data-member]").nth(2)
    expect(third.get_by_text("校验位不正确")).to_have_count(1)
    expect(phone.locator("#id_members-1-name")).to_have_value("吴淑芬")
    phone.fill("#id_members-2-id_number", child_id)
    expect(phone.locator("[data-member]").nth(2).locator(".id-derived")).to_contain_text("性别：男")
    # a school-age child: 更多信息 opens by itself to show 在校生情况, whose default 非在校生 would be asked about
    expect(third.locator("details.more")).to_have_attribute("open", "")
    phone.select_option("#id_members-2-student_stage", label="初中")
    phone.get_by_role("button", name="保存").click()

    # then the household page shows the family of three, not yet visited this month
    expect(phone.get_by_role("heading", level=1)).to_contain_text("周建国户")
    expect(phone.locator(".row-card")).to_have_count(3)
    expect(phone.get_by_text("本月未走访")).to_be_visible()
    screenshot(phone, "phone-household-detail")
    household = Household.objects.get(head_name="周建国")
    assert {m.name: (m.sex, m.birth_date) for m in household.members.all()} == {
        "周建国": ("male", dt.date(1969, 8, 15)),
        "吴淑芬": ("female", dt.date(1971, 2, 3)),
        "周小宇": ("male", dt.date(2013, 10, 20)),
    }

    # when the cadre records this month's visit, finding the drinking water unsafe
    phone.get_by_role("link", name="记录走访").click()
    phone.get_by_label("饮水安全有保障").uncheck()
    phone.get_by_label("走访情况").fill("家中水井水质浑浊，已报村委会。")
    screenshot(phone, "phone-visit-form")
    phone.get_by_role("button", name="保存").click()

    # then the household shows the visit and the water problem
    expect(phone.get_by_text("本月已走访")).to_be_visible()
    expect(phone.get_by_text("饮水不安全")).to_be_visible()

    # when the cadre later searches the list by the spouse's name
    phone.goto(f"{live_server.url}/households/")
    phone.get_by_label("查找").fill("吴淑芬")
    phone.get_by_role("button", name="查询").click()

    # then exactly that household is found, marked as visited this month
    expect(phone.get_by_text("共 1 户")).to_be_visible()
    card = phone.locator(".row-card")
    expect(card).to_contain_text("周建国")
    expect(card).to_contain_text("本月已走访")
    screenshot(phone, "phone-household-search")
    card.get_by_role("link").click()
    expect(phone).to_have_url(re.compile(rf"/households/{household.pk}/$"))


def test_an_official_reveals_a_masked_id_number_after_giving_a_reason(
    live_server, phone, personas, county, log_in, screenshot
):
    from accounts.models import AuditEvent
    from households.services import registry
    from tests.households.conftest import member_row

    rows = [
        member_row("张大山", "head", dt.date(1968, 3, 12), 11),
        member_row("李秀英", "spouse", dt.date(1970, 7, 2), 22),
    ]
    household_a = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type="lifted_out"
    )
    head = household_a.members.get(name="张大山")
    masked = head.id_number[:4] + "*" * 10 + head.id_number[-4:]

    # given an official on a family's page: the ID numbers are masked
    log_in(phone, personas.official.username)
    phone.goto(f"{live_server.url}/households/{household_a.pk}/")
    expect(phone.get_by_text(masked)).to_be_visible()
    expect(phone.get_by_text(head.id_number)).to_have_count(0)

    # when they ask for the head's full number, they are told it is audited and give their reason
    phone.locator(f"#id-{head.pk}").get_by_text("显示完整号码").click()
    field = phone.locator(f"#id-{head.pk}").get_by_label("查看理由（必填，将记入审计日志）")
    field.fill("核对医疗救助对象身份")
    phone.locator(f"#id-{head.pk}").get_by_role("button", name="查看").click()

    # then the number is shown in place, and the reveal is in the audit log
    expect(phone.locator(f"#id-{head.pk}")).to_have_count(0)
    expect(phone.locator("[data-revealed]")).to_have_text(head.id_number)
    screenshot(phone, "e2e-official-reveal-phone")
    assert AuditEvent.objects.filter(action="member.reveal_id_number", actor=personas.official).count() == 1
