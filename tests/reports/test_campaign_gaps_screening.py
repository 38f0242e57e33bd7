"""排查中 is not 未开展: a village whose campaign's 入户排查 phase is still under way (涂埠镇, 2026-11-28 to 12-27,
新山村 10/20 filled) is left out of the red 近期未开展集中排查 count until that phase has ended; after it, a village
whose forms are still missing is counted as now."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.selectors.campaign_gaps import campaign_window, unscreened_count, villages_unscreened
from tests.factories import HouseholdFactory
from tests.reports.test_campaign_gaps import campaign

pytestmark = pytest.mark.django_db

RUNNING = dt.date(2026, 12, 7)
AFTER = dt.date(2026, 12, 28)


@pytest.fixture
def today(monkeypatch):
    day = {"today": RUNNING}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["today"])
    return day


@pytest.fixture
def running(county, personas, today):
    """Village A in a campaign screening from 28 November to 27 December, one household of its two filled."""
    c = campaign(county, personas, "冬季集中排查", [county.village_a], dt.date(2026, 11, 28), dt.date(2026, 12, 27))
    HouseholdFactory(village=county.village_a)
    return c


def codes(actor):
    return {v.code for v in villages_unscreened(actor, window=campaign_window(), region=None)}


def test_a_village_screening_is_not_counted_until_its_field_phase_has_ended(running, county, personas, today, login):
    officer = personas.county_officer
    assert county.village_a.code not in codes(officer)
    during = unscreened_count(officer)

    today["today"] = dt.date(2026, 12, 27)  # the phase's last day: still under way
    assert unscreened_count(officer) == during

    today["today"] = AFTER  # ended with a form missing: 未开展, as before
    assert county.village_a.code in codes(officer)
    assert unscreened_count(officer) == during + 1


def test_the_pages_count_it_apart_as_screening_until_the_phases_end(running, county, personas, login):
    client = login(personas.county_officer)
    page = client.get("/reports/campaign-gaps/").content.decode()
    listed = page[page.index("未开展集中排查的村（") :]
    assert f'data-village="{county.village_a.code}"' not in listed
    card = page[page.index('data-gaps="screening"') :].split("</div></div>")[0]
    assert "排查中" in card and 'stat-value">1' in card
    t1 = page[page.index(f'data-unit="{county.township.code}"') :].split("</tr>")[0]
    assert "1 个村排查中" in t1

    township = login(personas.township).get("/reports/campaign-gaps/").content.decode()
    row = township[township.index(f'data-unit="{county.village_a.code}"') :].split("</tr>")[0]
    assert "排查中（入户排查至12月27日）" in row and "已排查 1/2 户（50%）" in row

    home = client.get("/reports/dashboard/").content.decode()
    tile = home[home.index('data-duty="campaigns"') :].split("</a>")[0]
    api = client.get("/api/v1/reports/campaign-gaps/").json()
    assert f">{api['total']['unscreened']}<" in tile.replace(" ", "")
    assert county.village_a.code not in {v["code"] for v in api["results"]}
    assert api["total"]["screening"] == 1
    unit = next(u for u in api["units"] if u["code"] == county.township.code)
    assert (unit["screening"], unit["screening_until"]) == (1, None)
    by_village = login(personas.township).get("/api/v1/reports/campaign-gaps/").json()
    village = next(u for u in by_village["units"] if u["code"] == county.village_a.code)
    assert (village["screening"], village["screening_until"]) == (1, "2026-12-27")


def test_a_campaign_ended_early_is_no_longer_screening(running, county, personas):
    running.closed_at = timezone.now()
    running.save(update_fields=["closed_at"])
    assert county.village_a.code in codes(personas.county_officer)
