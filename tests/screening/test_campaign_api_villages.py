"""GET /api/v1/campaigns/ lists a campaign's villages as its reader sees them: a village cadre of a county-wide
campaign reads their own village, as the page says 范围1个村（本辖区）; before, the API listed every village of the
campaign, other townships' included."""

import pytest

from screening.services import campaigns
from tests.screening.test_campaigns import campaign_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="2021年巩固拓展脱贫攻坚成果集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b, county.village_c],
        phases=campaign_phases(),
    )


def villages_read(client, campaign):
    listed = client.get("/api/v1/campaigns/").json()["results"]
    one = client.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert [c["villages"] for c in listed if c["id"] == campaign.pk] == [one["villages"]]
    return one["villages"]


def test_a_village_cadre_reads_only_their_own_village_of_a_county_campaign(personas, login, county, county_campaign):
    assert villages_read(login(personas.cadre_a), county_campaign) == [county.village_a.code]


def test_the_campaign_page_and_the_api_agree_on_the_cadres_villages(personas, login, county_campaign):
    client = login(personas.cadre_a)

    page = client.get(f"/campaigns/{county_campaign.pk}/").content.decode()

    assert "范围1个村（本辖区）" in page
    assert len(villages_read(client, county_campaign)) == 1


def test_a_township_reads_its_own_villages_and_the_county_reads_all(personas, login, county, county_campaign):
    township = villages_read(login(personas.township), county_campaign)
    whole = villages_read(login(personas.county_officer), county_campaign)

    assert township == [county.village_a.code, county.village_b.code]
    assert whole == [county.village_a.code, county.village_b.code, county.village_c.code]
