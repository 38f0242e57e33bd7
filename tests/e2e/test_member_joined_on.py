"""添加成员's 变动日期 in the browser (static/js/joined_on.js): today to start with; for a baby without an ID
number (暂无身份证号, a 新生儿) it follows the birth date typed, and for 新增原因 新生儿 the birth date read from the
ID number, until the cadre changes the day by hand. The day saved is the 新增 成员变动 row's."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from households.choices import HouseholdType, Relation
from households.models import Household
from households.models.activity import MemberChange
from households.services import registry
from tests.clock import today
from tests.households.conftest import make_id, member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def household(personas, county):
    made = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)],
        household_type=HouseholdType.LIFTED_OUT,
    )
    registered = dt.datetime.combine(today() - dt.timedelta(days=200), dt.time(10), tzinfo=dt.UTC)
    Household.objects.filter(pk=made.pk).update(created_at=registered)
    return made


def test_the_day_follows_a_newborns_birth_date_until_changed_by_hand(
    phone: Page, live_server, log_in, personas, household, screenshot
):
    born, later = today() - dt.timedelta(days=61), today() - dt.timedelta(days=40)
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/{household.pk}/members/new/")
    day = phone.get_by_label("变动日期")
    expect(day).to_have_value(f"{today():%Y-%m-%d}")

    phone.get_by_label("姓名").fill("张小宝")
    phone.get_by_label("暂无身份证号（一周岁以下未落户的婴儿）").check()
    phone.get_by_label("性别").select_option(label="女")
    phone.get_by_label("出生日期").fill(f"{born:%Y-%m-%d}")
    expect(day).to_have_value(f"{born:%Y-%m-%d}")
    phone.get_by_label("与户主关系").select_option(label="之孙女")
    screenshot(phone, "member_joined_on_phone")

    day.fill(f"{later:%Y-%m-%d}")
    phone.get_by_label("出生日期").fill(f"{born - dt.timedelta(days=1):%Y-%m-%d}")
    expect(day).to_have_value(f"{later:%Y-%m-%d}")
    phone.get_by_role("button", name="保存").click()

    expect(phone.get_by_text("已添加家庭成员 张小宝", exact=False)).to_be_visible()
    baby = household.members.get(name="张小宝")
    assert baby.changes.get(kind=MemberChange.Kind.JOINED).changed_on == later


def test_a_newborn_with_an_id_number_takes_the_birth_date_it_reads(
    desktop: Page, live_server, log_in, personas, household, screenshot
):
    born = today() - dt.timedelta(days=75)
    log_in(desktop, personas.cadre_a.username)
    desktop.goto(f"{live_server.url}/households/{household.pk}/members/new/")
    day = desktop.get_by_label("变动日期")

    desktop.get_by_label("姓名").fill("张小宝")
    desktop.locator("input[name=id_number]").fill(make_id(born, 75))
    expect(day).to_have_value(f"{today():%Y-%m-%d}")  # 新增原因 not chosen yet: not a 新生儿
    desktop.get_by_label("新增原因").select_option(label="新生儿")
    expect(day).to_have_value(f"{born:%Y-%m-%d}")
    desktop.get_by_label("新增原因").select_option(label="迁入")
    expect(day).to_have_value(f"{today():%Y-%m-%d}")
    desktop.get_by_label("新增原因").select_option(label="新生儿")
    desktop.get_by_label("与户主关系").select_option(label="之孙子")
    screenshot(desktop, "member_joined_on_desktop")
    desktop.get_by_role("button", name="保存").click()

    expect(desktop.get_by_text("已添加家庭成员 张小宝", exact=False)).to_be_visible()
    baby = household.members.get(name="张小宝")
    assert baby.changes.get(kind=MemberChange.Kind.JOINED).changed_on == born
