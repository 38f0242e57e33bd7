"""static/js/session_keepalive.js in a browser (review "cadre phone" finding 1): typing a visit note on a phone sent
nothing to the server, the idle timeout ended the session, and 保存 lost all that was typed. Typing now keeps the
session open; once it has ended anyway, the page says so, holds 保存 back, and after a sign-in in another window
the same page saves what was typed."""

import time

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from accounts.middleware import LAST_SEEN_KEY
from accounts.policy import current_policy
from households.models import Visit
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def household_a(county):
    household = HouseholdFactory(village=county.village_a, head_name="张大山")
    MemberFactory(household=household, name="张大山")
    return household


def set_last_seen(seconds_ago: int) -> None:
    """Every session in the store (the test's one browser) as if its last request was `seconds_ago`."""
    for row in Session.objects.all():
        data = row.get_decoded()
        if LAST_SEEN_KEY in data:
            data[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
            Session.objects.save(row.session_key, data, row.expire_date)


def last_seen_ago() -> int:
    seen = [row.get_decoded().get(LAST_SEEN_KEY) for row in Session.objects.all()]
    return int(time.time()) - max(s for s in seen if s)


def test_typing_keeps_the_session_open_and_a_timed_out_page_keeps_its_text_until_signed_in_again(
    live_server, phone, personas, household_a, log_in, screenshot
):
    idle = current_policy().idle_minutes * 60
    log_in(phone, personas.cadre_a.username)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/households/{household_a.pk}/visits/new/")
    phone.evaluate("() => { document.body.dataset.sessionPingEvery = '0'; }")

    # given half an hour less a minute without a request, when the cadre types, the session counts as in use
    set_last_seen(idle - 60)
    with phone.expect_response(lambda r: "/accounts/session/ping/" in r.url):
        phone.get_by_label("走访情况").fill("母亲住院，")
    assert last_seen_ago() <= 5

    # given the session ended after all (the cadre put the phone down), the page says so when looked at again
    set_last_seen(idle + 60)
    phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    banner = phone.locator("[data-session-banner]")
    expect(banner).to_contain_text("登录已超时")
    phone.get_by_label("走访情况").fill("母亲住院，花费三万元，新农合报销一半")
    screenshot(phone, "session-ended-phone")
    # and 保存 is held back rather than sent to the login page
    phone.get_by_role("button", name="保存").click()
    expect(banner).to_contain_text("登录已超时")
    assert "/visits/new/" in phone.url and Visit.objects.count() == 0

    # when the cadre signs in again in another window and comes back, the same page saves what was typed
    other = phone.context.new_page()
    log_in(other, personas.cadre_a.username)
    other.wait_for_url(f"{live_server.url}/")
    other.close()
    phone.bring_to_front()
    phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    expect(banner).to_have_count(0)
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("本月已走访")).to_be_visible()
    assert Visit.objects.get(household=household_a).notes == "母亲住院，花费三万元，新农合报销一半"


def test_the_last_two_minutes_are_announced_and_continuing_keeps_the_session(
    live_server, desktop, personas, household_a, log_in, screenshot
):
    idle = current_policy().idle_minutes * 60
    log_in(desktop, personas.cadre_a.username)
    desktop.wait_for_url(f"{live_server.url}/")
    desktop.goto(f"{live_server.url}/households/{household_a.pk}/visits/new/")
    # given a minute left (another window's last request was long ago), when the page is looked at
    set_last_seen(idle - 60)
    desktop.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    # then it counts down
    banner = desktop.locator("[data-session-banner]")
    expect(banner).to_contain_text("后自动退出登录", timeout=10_000)
    screenshot(desktop, "session-warning-desktop")
    # and 继续使用 keeps the session open
    with desktop.expect_response(lambda r: "/accounts/session/ping/" in r.url and "check" not in r.url):
        banner.get_by_role("button", name="继续使用").click()
    expect(banner).to_have_count(0)
    assert last_seen_ago() <= 5
