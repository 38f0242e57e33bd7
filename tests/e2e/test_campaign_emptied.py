# ruff: noqa: F811 (the fixtures imported from test_campaign_journey are parameters here)
"""A household whose only member died is left out of the campaign's households to screen (households.services.closing
.nobody_living): the progress says how many were left out and why, on a phone and on a desktop, and lists them, so a
total that shrank is not read as households forgotten (review camp 1)."""

import pytest
from playwright.sync_api import expect

from households.choices import LivingStatus
from households.models import Household, Member
from screening.selectors_progress import MSG_EMPTIED
from tests.e2e.test_campaign_journey import campaign, families  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_progress_says_who_was_left_out_and_lists_them(
    live_server, phone, desktop, personas, campaign, families, log_in, screenshot
):
    # given 刘德明, who lived alone, has died
    liu = Household.objects.get(head_name="刘德明")
    Member.objects.filter(household=liu).update(living_status=LivingStatus.DECEASED)

    # when the cadre of 城南村 opens the campaign on a phone
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/")

    # then the progress counts the two households to screen and says the third was left out, and why
    expect(phone.locator(".progress-table")).to_contain_text("0 / 2 户")
    expect(phone.locator("[data-emptied]")).to_contain_text(MSG_EMPTIED.format(count=1))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "campaign-emptied-cadre-phone")
    # and the link lists that household, with no form to fill for nobody
    phone.get_by_role("link", name="查看这1户").click()
    expect(phone.get_by_text("共 1 户")).to_be_visible()
    card = phone.locator(".row-card", has_text="刘德明")
    expect(card).to_contain_text("无在世在户人员")
    expect(card.get_by_role("link", name="填写排查表")).to_have_count(0)
    screenshot(phone, "campaign-emptied-list-phone")

    # when the township officer opens it on a desktop, the village's line says it too, and they may close the household
    log_in(desktop, personas.township.username)
    desktop.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    expect(desktop.locator(".progress-table tr", has_text="城南村")).to_contain_text("另有1户无在世在户人员，未列入")
    screenshot(desktop, "campaign-emptied-township-desktop")
    desktop.locator(".progress-table tr", has_text="城南村").get_by_role("link", name="另有1户无在世在户人员").click()
    expect(desktop.locator(".row-card", has_text="刘德明").get_by_role("link", name="办理农户注销")).to_be_visible()
