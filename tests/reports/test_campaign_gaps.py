"""近6个月未开展集中排查 (seed 003 §二2(3): 每半年至少开展一次集中排查): the villages no campaign's field screening
reached in the county's interval, per township, scoped; on the dashboard and the home page."""

import datetime as dt

import pytest
from django.utils import timezone

from reports.models import ReportSettings
from reports.selectors.campaign_gaps import campaign_window, months_before
from screening.choices_campaigns import PhaseKind
from screening.models import Campaign, CampaignPhase, ScreeningForm
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 15)  # a fake clock (tests/clock.py: no date taken from the real clock at import)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def campaign(county, personas, name, villages, starts_on, ends_on, filled=True):
    """A campaign over `villages`; `filled`: one household of each screened (a form filled on the first day)."""
    c = Campaign.objects.create(
        name=name, region=county.county, region_path=county.county.path, created_by=personas.county_officer
    )
    c.villages.set(villages)
    CampaignPhase.objects.create(campaign=c, kind=PhaseKind.FIELD_SCREENING, starts_on=starts_on, ends_on=ends_on)
    for village in villages if filled else []:
        household = HouseholdFactory(village=village)
        ScreeningForm.objects.create(
            campaign=c,
            household=household,
            region_path=household.region_path,
            filled_by=personas.county_officer,
            filled_on=starts_on,
        )
    return c


@pytest.fixture
def campaigns(county, personas, clock):
    """Village A screened in August; village B last screened in January (before the window, 15 March on); village
    C only in a campaign planned for October."""
    return [
        campaign(county, personas, "8月集中排查", [county.village_a], dt.date(2026, 8, 1), dt.date(2026, 8, 20)),
        campaign(county, personas, "1月集中排查", [county.village_b], dt.date(2026, 1, 5), dt.date(2026, 3, 14)),
        campaign(county, personas, "10月集中排查", [county.village_c], dt.date(2026, 10, 1), dt.date(2026, 10, 20)),
    ]


def test_the_window_is_the_same_day_six_months_back():
    assert months_before(TODAY, 6) == dt.date(2026, 3, 15)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)


def test_the_county_sees_the_villages_not_reached_and_the_township_without_any(campaigns, county, personas, login):
    page = login(personas.county_officer).get("/reports/campaign-gaps/").content.decode()

    listed = page[page.index("未开展集中排查的村（") :]
    assert f'data-village="{county.village_b.code}"' in listed and f'data-village="{county.village_c.code}"' in listed
    assert f'data-village="{county.village_a.code}"' not in listed
    assert "1月集中排查" in listed and "从未开展" in listed  # C's October campaign has not begun
    t1 = page[page.index(f'data-unit="{county.township.code}"') :].split("</tr>")[0]
    t2 = page[page.index(f'data-unit="{county.township2.code}"') :].split("</tr>")[0]
    assert "部分村未开展" in t1 and "近6个月未开展集中排查" in t2
    assert 'href="/campaigns/' in page


def test_a_field_screening_that_ended_on_the_windows_first_day_counts(county, personas, clock, login):
    campaign(county, personas, "3月集中排查", [county.village_b], dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    for village in (county.village_a, county.village_c):  # households to screen (a village with none is not counted)
        HouseholdFactory(village=village)
    data = login(personas.county_officer).get("/api/v1/reports/campaign-gaps/").json()
    assert data["since"] == "2026-03-15"
    assert {v["code"] for v in data["results"]} == {county.village_a.code, county.village_c.code}


def test_scope_a_cadre_sees_their_village_and_a_township_its_villages(campaigns, county, personas, login):
    cadre = login(personas.cadre_b).get("/api/v1/reports/campaign-gaps/").json()
    assert [v["code"] for v in cadre["results"]] == [county.village_b.code]
    assert (cadre["total"]["villages"], cadre["total"]["unscreened"]) == (1, 1)
    assert login(personas.cadre_a).get("/api/v1/reports/campaign-gaps/").json()["count"] == 0

    township = login(personas.township).get("/api/v1/reports/campaign-gaps/").json()
    assert [v["code"] for v in township["results"]] == [county.village_b.code]
    assert [(u["code"], u["unscreened"]) for u in township["units"]] == [
        (county.village_a.code, 0),
        (county.village_b.code, 1),
    ]
    refused = login(personas.township).get("/api/v1/reports/campaign-gaps/", {"township": county.township2.code})
    assert refused.status_code == 400


def test_the_county_sets_a_longer_interval(campaigns, county, personas, login):
    ReportSettings.objects.update_or_create(pk=1, defaults={"campaign_months": 12})
    assert campaign_window().start == dt.date(2025, 9, 15)
    data = login(personas.county_officer).get("/api/v1/reports/campaign-gaps/").json()
    assert data["label"] == "近12个月未开展集中排查"
    assert {v["code"] for v in data["results"]} == {county.village_c.code}


def test_the_dashboard_and_the_home_page_count_the_villages(campaigns, personas, login):
    client = login(personas.county_officer)
    dashboard = client.get("/reports/dashboard/").content.decode()
    card = dashboard[dashboard.index('data-duty="campaigns"') :]
    assert 'href="/reports/campaign-gaps/' in card.split(">")[0]
    assert '<div class="stat-value">2 ' in card
    home = login(personas.cadre_b).get("/").content.decode()
    assert "近期未开展集中排查" in home and "/reports/campaign-gaps/" in home


def screen(campaign_, household, personas, day=dt.date(2026, 9, 12)):
    return ScreeningForm.objects.create(
        campaign=campaign_,
        household=household,
        region_path=household.region_path,
        filled_by=personas.cadre_a,
        filled_on=day,
    )


def test_a_village_counts_only_once_its_households_were_screened(county, personas, clock, login):
    """Review finding: a village counted as screened the day its campaign began, with 0/26 households done. (The
    field phases here ended yesterday: one still under way is 排查中, test_campaign_gaps_screening.py.)"""
    begun = campaign(
        county, personas, "9月集中排查", [county.village_a], dt.date(2026, 9, 1), dt.date(2026, 9, 14), False
    )
    for _ in range(3):
        HouseholdFactory(village=county.village_a)
    client = login(personas.county_officer)

    before = client.get("/api/v1/reports/campaign-gaps/").json()
    page = client.get("/reports/campaign-gaps/").content.decode()

    row = next(v for v in before["results"] if v["code"] == county.village_a.code)
    assert (row["last_campaign"], row["last_filled"], row["households"]) == ("9月集中排查", 0, 3)
    listed = page[page.index(f'data-village="{county.village_a.code}"') :].split("</tr>")[0]
    assert "9月集中排查" in listed and "已排查 0/3 户（0%）" in listed

    for household in county.village_a.households.all():
        screen(begun, household, personas)
    after = client.get("/api/v1/reports/campaign-gaps/").json()
    assert county.village_a.code not in {v["code"] for v in after["results"]}


def test_one_household_of_26_screened_is_not_a_campaign_carried_out(county, personas, clock, login):
    """Review finding: 1 of 26 households screened read 已开展 and the home tile dropped. 003 §二(一) 对所有农村人口
    全面开展排查, §五(二) 逐村逐户: the village counts once every household on file was screened (by default)."""
    begun = campaign(
        county, personas, "9月集中排查", [county.village_a], dt.date(2026, 9, 1), dt.date(2026, 9, 14), False
    )
    households = [HouseholdFactory(village=county.village_a) for _ in range(26)]
    screen(begun, households[0], personas)
    client = login(personas.county_officer)

    page = client.get("/reports/campaign-gaps/").content.decode()
    listed = page[page.index("未开展集中排查的村（") :]
    row = listed[listed.index(f'data-village="{county.village_a.code}"') :].split("</tr>")[0]
    assert "9月集中排查" in row and "已排查 1/26 户（3.8%）" in row
    assert "达到该村现有农户数的 100%" in page  # the rule, as the page explains it
    api = client.get("/api/v1/reports/campaign-gaps/").json()
    village = next(v for v in api["results"] if v["code"] == county.village_a.code)
    assert (village["last_filled"], village["households"], village["coverage_percent"]) == (1, 26, "3.8")
    assert api["coverage"] == 100
    home = client.get("/").content.decode()
    tile = home[home.index("近期未开展集中排查") :][:600]
    assert f">{api['total']['unscreened']}<" in tile.replace(" ", "")

    for household in households[1:25]:
        screen(begun, household, personas)
    # 25 of 26: 96.1%, not a rounded 100% the rule would refuse.
    page = client.get("/reports/campaign-gaps/").content.decode()
    assert "已排查 25/26 户（96.1%）" in page
    closed = households[25]
    closed.is_active = False
    closed.save()
    # The household closed is no longer one to screen: 25 of 25 households on file.
    after = client.get("/api/v1/reports/campaign-gaps/").json()
    assert county.village_a.code not in {v["code"] for v in after["results"]}
    assert after["total"]["unscreened"] == api["total"]["unscreened"] - 1


def test_the_county_sets_the_share_and_the_township_sees_each_villages_coverage(county, personas, clock, login):
    begun = campaign(
        county, personas, "9月集中排查", [county.village_a, county.village_b], dt.date(2026, 9, 1), dt.date(2026, 9, 14)
    )
    for _ in range(3):
        HouseholdFactory(village=county.village_a)
    screen(begun, county.village_a.households.order_by("pk")[1], personas)  # 2 of 4 in A; B's one of 1
    township = login(personas.township)

    page = township.get("/reports/campaign-gaps/").content.decode()
    a_row = page[page.index(f'data-unit="{county.village_a.code}"') :].split("</tr>")[0]
    b_row = page[page.index(f'data-unit="{county.village_b.code}"') :].split("</tr>")[0]
    assert "已排查 2/4 户（50%）" in a_row and "近6个月未开展集中排查" in a_row
    assert "已排查 1/1 户（100%）" in b_row and "已开展" in b_row
    units = township.get("/api/v1/reports/campaign-gaps/").json()["units"]
    assert [(u["code"], u["unscreened"], u["coverage_percent"]) for u in units] == [
        (county.village_a.code, 1, "50.0"),
        (county.village_b.code, 0, "100.0"),
    ]

    ReportSettings.objects.update_or_create(pk=1, defaults={"campaign_coverage": 50})
    data = township.get("/api/v1/reports/campaign-gaps/").json()
    assert data["coverage"] == 50 and data["count"] == 0
    assert "达到该村现有农户数的 50%" in township.get("/reports/campaign-gaps/").content.decode()


def test_a_village_with_no_household_on_file_or_retired_is_not_counted(county, personas, clock, login):
    """A new village code not yet filled (or one emptied by 撤并) has nobody to screen: it would stay red for ever.
    A retired (撤销) village is not counted either."""
    for village in (county.village_a, county.village_b):
        HouseholdFactory(village=village)
    client = login(personas.county_officer)

    data = client.get("/api/v1/reports/campaign-gaps/").json()
    assert data["total"]["villages"] == 2 and data["total"]["unscreened"] == 2  # village C: no household
    page = client.get("/reports/campaign-gaps/").content.decode()
    assert f'data-village="{county.village_c.code}"' not in page and "没有在册农户的村" in page

    HouseholdFactory(village=county.village_c)
    data = client.get("/api/v1/reports/campaign-gaps/").json()
    assert data["total"]["unscreened"] == 3

    county.village_b.is_active = False
    county.village_b.save(update_fields=["is_active"])
    data = client.get("/api/v1/reports/campaign-gaps/").json()
    assert data["total"]["villages"] == 2 and data["total"]["unscreened"] == 2
