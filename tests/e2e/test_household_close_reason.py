"""农户注销 with no reason ticked: the page says 请选择注销原因 at the reasons and asks nothing, instead of asking to
confirm and then answering with a generic error (review freglist finding 3)."""

import pytest
from playwright.sync_api import expect

from tests.factories import HouseholdFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_closing_with_no_reason_is_said_before_any_confirmation(live_server, phone, personas, county, log_in):
    # No member on record, so the page preselects no reason (e89425ed preselects the one the members' statuses name).
    household = HouseholdFactory(village=county.village_a, head_name="迁出甲")
    log_in(phone, personas.township.username)
    phone.goto(f"{live_server.url}/households/{household.pk}/close/")
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    phone.get_by_role("button", name="确认注销").click()

    expect(phone.get_by_text("请选择注销原因。")).to_be_visible()
    assert dialogs == [] and phone.url.endswith(f"/households/{household.pk}/close/")

    # 其他 without a note is said at the note, still before asking
    phone.get_by_label("其他").check()
    phone.get_by_role("button", name="确认注销").click()
    expect(phone.get_by_text("原因为“其他”时，请填写说明。")).to_be_visible()
    assert dialogs == []

    # a reason chosen: now it asks to confirm (dismissed here: nothing is sent)
    phone.get_by_label("全户迁出").check()
    phone.get_by_role("button", name="确认注销").click()
    expect(phone.get_by_text("请选择注销原因。")).to_have_count(0)
    assert len(dialogs) == 1 and "确认注销" in dialogs[0]
