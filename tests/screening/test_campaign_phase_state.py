"""A campaign's phases say where they stand: by their dates while the campaign runs, and 已结束 once the county ended
it (结束排查), on the page and in the API, even when a phase's dates still run past today; a phase due to begin after
the day it was ended reads 未进行 (it never took place), not 已结束."""

import datetime as dt

import pytest

from screening.choices_campaigns import PhaseState
from screening.services import campaign_close, campaigns
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="冬季集中排查",
        region=county.county,
        villages=[county.village_a],
        phases=[
            {
                "kind": "mobilization",
                "starts_on": today() - dt.timedelta(days=20),
                "ends_on": today() - dt.timedelta(days=11),
            },
            {
                "kind": "field_screening",
                "starts_on": today() - dt.timedelta(days=10),
                "ends_on": today() + dt.timedelta(days=5),
            },
            {
                "kind": "rectification",
                "starts_on": today() + dt.timedelta(days=6),
                "ends_on": today() + dt.timedelta(days=20),
            },
        ],
    )


def _phase_badges(page: str) -> list[str]:
    section = page.split('<ol class="phases">', 1)[1].split("</ol>", 1)[0]
    return [chunk.split("</span>", 1)[0] for chunk in section.split('<span class="badge')[1:]]


def test_an_open_campaign_shows_each_phase_by_its_dates(campaign, personas, login):
    page = login(personas.county_officer).get(f"/campaigns/{campaign.pk}/").content.decode()
    phases = login(personas.county_officer).get(f"/api/v1/campaigns/{campaign.pk}/").json()["phases"]

    assert [badge.rsplit(">", 1)[1] for badge in _phase_badges(page)] == ["已结束", "进行中"]
    assert [(p["state"], p["state_display"]) for p in phases] == [
        (PhaseState.DONE, "已结束"),
        (PhaseState.CURRENT, "进行中"),
        (PhaseState.UPCOMING, "未开始"),
    ]


def test_a_closed_campaign_shows_every_phase_ended_on_the_page_and_in_the_api(campaign, personas, login):
    campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign, acknowledged=True)
    client = login(personas.county_officer)

    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    phases = client.get(f"/api/v1/campaigns/{campaign.pk}/").json()["phases"]

    assert [badge.rsplit(">", 1)[1] for badge in _phase_badges(page)] == ["已结束", "已结束", "未进行"]
    assert 'class="current"' not in page.split('<ol class="phases">', 1)[1].split("</ol>", 1)[0]
    assert [(p["state"], p["state_display"]) for p in phases] == [
        (PhaseState.DONE, "已结束"),
        (PhaseState.DONE, "已结束"),
        (PhaseState.NOT_HELD, "未进行"),
    ]
