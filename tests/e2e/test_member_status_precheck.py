"""Review, in the browser: a cadre marking a member 迁出 for 其他 with its words left blank is told so at 其他原因
before any "cannot be undone" question, nothing sent; with the words typed, the question comes and the mark is saved."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import Member
from households.services import registry
from households.services.member_reasons import MSG_NOTE_REQUIRED
from tests.households.conftest import member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_other_without_its_words_is_stopped_at_the_field_before_the_confirmation(
    phone: Page, live_server, log_in, personas, county
):
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
            member_row("张小军", Relation.SON, dt.date(1992, 5, 1), 33),
        ],
        household_type=HouseholdType.LIFTED_OUT,
    )
    son = household.members.get(name="张小军")
    asked: list[str] = []
    phone.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/members/{son.pk}/status/")

    phone.get_by_label("变更为").select_option(label="迁出")
    phone.get_by_label("迁出原因（迁出时必填）").select_option(label="其他")
    note = phone.get_by_label("其他原因")
    phone.get_by_role("button", name="确认").click()

    expect(phone.locator(".field", has=note).locator("[data-precheck-error]")).to_have_text(MSG_NOTE_REQUIRED)
    assert asked == []
    assert Member.objects.get(pk=son.pk).living_status == LivingStatus.LIVING

    note.fill("投靠亲属")
    phone.get_by_role("button", name="确认").click()
    expect(phone.get_by_text("已将 张小军 标记为迁出", exact=False)).to_be_visible()
    assert len(asked) == 1 and "张小军" in asked[0]
    son.refresh_from_db()
    assert (son.living_status, son.left_reason, son.left_note) == (LivingStatus.MOVED_OUT, "other", "投靠亲属")
