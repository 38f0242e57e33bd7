"""A retired (撤销) village is not put in a new campaign's scope: the page's list leaves it out and the service (page
and API) refuses it; a campaign that already covered it keeps it on editing."""

import pytest

from screening.services import campaign_edit, campaigns
from tests.screening.test_township_campaign import _payload, field_phase

pytestmark = pytest.mark.django_db


def retire(village):
    village.is_active = False
    village.save(update_fields=["is_active"])


def test_a_retired_village_is_neither_offered_nor_accepted_for_a_new_campaign(personas, county, login):
    retire(county.village_b)
    client = login(personas.township)

    page = client.get("/campaigns/new/").content.decode()
    refused = client.post(
        "/api/v1/campaigns/",
        _payload(county.township, county.village_a, county.village_b),
        content_type="application/json",
    )

    assert county.village_a.name in page and county.village_b.name not in page
    assert refused.status_code == 400
    assert refused.json()["villages"] == [campaigns.MSG_VILLAGE_RETIRED.format(name=county.village_b.name)]


def test_a_campaign_that_covered_a_village_since_retired_can_still_be_edited(personas, county):
    campaign = campaigns.campaign_create(
        actor=personas.township,
        name="涂埠镇集中排查",
        region=county.township,
        villages=[county.village_a, county.village_b],
        phases=[field_phase()],
    )
    retire(county.village_b)
    county.village_b.refresh_from_db()

    campaign_edit.campaign_update(
        actor=personas.township,
        campaign=campaign,
        name="涂埠镇集中排查（调整）",
        villages=[county.village_a, county.village_b],
        phases=[field_phase()],
    )

    campaign.refresh_from_db()
    assert campaign.name == "涂埠镇集中排查（调整）" and campaign.villages.count() == 2
