"""近期未开展集中排查 names the villages 排查中 (review: the tile and the units' table counted "N 个村排查中", but a
county officer could not see which): a section 排查中的村（入户排查尚未结束） lists them with their township, the
phase's last day and their progress, scoped as the list of villages not reached, and is left out when none is; the
API gives the same villages (screening_villages)."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.views import duties
from tests.factories import HouseholdFactory
from tests.reports.test_campaign_gaps import campaign
from tests.reports.test_campaign_gaps_screening import RUNNING

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: RUNNING)


@pytest.fixture
def running(county, personas, today):
    """Village A in a campaign screening from 28 November to 27 December, one household of its two filled."""
    c = campaign(county, personas, "冬季集中排查", [county.village_a], dt.date(2026, 11, 28), dt.date(2026, 12, 27))
    HouseholdFactory(village=county.village_a)
    return c


SECTION = 'data-section="screening"'


def screening_rows(page: str) -> dict[str, str]:
    if SECTION not in page:
        return {}
    section = page[page.index(SECTION) :].split("</section>")[0]
    rows = section.split("<tr data-screening-village=")[1:]
    return {row.split('"')[1]: row.split("</tr>")[0] for row in rows}


@pytest.mark.parametrize("who", ["county_officer", "township"])
def test_the_county_and_the_township_see_the_village_screening_named(running, county, personas, login, who):
    page = login(getattr(personas, who)).get("/reports/campaign-gaps/").content.decode()

    assert "排查中的村（入户排查尚未结束）（1 个）" in page
    row = screening_rows(page)[county.village_a.code]
    assert county.township.name in row and county.village_a.name in row
    assert "12月27日" in row and "已排查 1/2 户（50%）" in row and "冬季集中排查" in row


def test_outside_its_scope_or_for_a_refused_place_it_is_not_named(running, county, personas, login):
    other_village = login(personas.cadre_b).get("/reports/campaign-gaps/").content.decode()
    assert SECTION not in other_village and county.village_a.code not in other_village

    county_client = login(personas.county_officer)
    other_township = county_client.get(f"/reports/campaign-gaps/?township={county.township2.code}").content.decode()
    assert screening_rows(other_township) == {}

    refused = login(personas.township).get(f"/reports/campaign-gaps/?township={county.township2.code}")
    assert screening_rows(refused.content.decode()) == {}


def test_no_village_screening_leaves_the_section_out(county, personas, login, today):
    page = login(personas.county_officer).get("/reports/campaign-gaps/").content.decode()

    assert SECTION not in page and "排查中的村" not in page


def test_past_the_cap_the_rest_are_counted(county, personas, login, today, monkeypatch):
    monkeypatch.setattr(duties, "SCREENING_LISTED", 1)
    campaign(county, personas, "冬季集中排查", [county.village_a, county.village_b], dt.date(2026, 12, 1),
             dt.date(2026, 12, 27), filled=False)  # fmt: skip
    for village in (county.village_a, county.village_b):
        HouseholdFactory(village=village)

    page = login(personas.county_officer).get("/reports/campaign-gaps/").content.decode()

    assert list(screening_rows(page)) == [county.village_a.code]
    assert "排查中的村（入户排查尚未结束）（2 个）" in page and "另有 1 个村排查中" in page


def test_the_api_names_the_same_villages_screening(running, county, personas, login):
    api = login(personas.county_officer).get("/api/v1/reports/campaign-gaps/").json()

    assert [
        (v["code"], v["township"], v["screening_until"], v["coverage_percent"]) for v in api["screening_villages"]
    ] == [(county.village_a.code, county.township.name, "2026-12-27", "50.0")]
    assert len(api["screening_villages"]) == api["total"]["screening"]
    assert login(personas.cadre_b).get("/api/v1/reports/campaign-gaps/").json()["screening_villages"] == []
