"""On the new-household form a member row added by mistake can be taken out again (删除此行), the rows after it
renumbered, and a row added and left empty does not stop the household from being saved (review freglist
finding 2: the only way out was reloading the page and losing what was typed)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from households import idnumber
from households.models import Household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_member(page, index: int, name: str, id_number: str, relation: str) -> None:
    page.fill(f"#id_members-{index}-name", name)
    page.fill(f"#id_members-{index}-id_number", id_number)
    page.select_option(f"#id_members-{index}-relation", label=relation)


def test_a_cadre_removes_a_mistaken_row_and_saves_with_an_empty_one_left(
    live_server, phone, personas, log_in, screenshot
):
    head_id = idnumber.make("360425", dt.date(1969, 8, 15), 113)
    spouse_id = idnumber.make("360425", dt.date(1971, 2, 3), 124)

    # given the cadre of 城南村 on the new-household form with the head filled in
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/new/")
    expect(phone.locator("#id_household_type")).to_have_value("ordinary")  # read-only for a village
    phone.fill("#id_address", "城南村十组6号")
    _fill_member(phone, 0, "周建国", head_id, "户主")
    rows = phone.locator("[data-member]")
    # the head's row, the formset's one required row, has no 删除此行
    expect(rows.nth(0).get_by_role("button", name="删除此行")).to_have_count(0)

    # when they add three rows, type a name into the second by mistake and take it out again
    add = phone.get_by_role("button", name="＋ 添加成员")
    add.click()
    add.click()
    add.click()
    phone.fill("#id_members-2-name", "误填")
    phone.once("dialog", lambda dialog: dialog.accept())  # a row with something typed is asked about
    rows.nth(2).get_by_role("button", name="删除此行").click()

    # then the row after it becomes 成员 3, with its fields renumbered, and the count follows
    expect(rows).to_have_count(3)
    expect(rows.nth(2).locator("legend")).to_have_text("成员 3")
    expect(rows.nth(2).locator("#id_members-2-name")).to_have_count(1)
    expect(phone.locator("#id_members-TOTAL_FORMS")).to_have_value("3")

    # and, with the spouse in row 2 and row 3 left empty, the household saves with two members
    _fill_member(phone, 1, "吴淑芬", spouse_id, "配偶")
    screenshot(phone, "phone-household-new-remove-row")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("周建国户")
    household = Household.objects.get(head_name="周建国")
    assert sorted(m.name for m in household.members.all()) == ["吴淑芬", "周建国"]


def test_an_empty_added_row_is_removed_without_asking(live_server, phone, personas, log_in):
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/new/")
    phone.get_by_role("button", name="＋ 添加成员").click()
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    phone.locator("[data-member]").nth(1).get_by_role("button", name="删除此行").click()

    expect(phone.locator("[data-member]")).to_have_count(1)
    expect(phone.locator("#id_members-TOTAL_FORMS")).to_have_value("1")
    assert dialogs == []
