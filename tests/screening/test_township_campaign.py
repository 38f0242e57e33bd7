"""A township organises its own screening campaign (seed 003: 桃沟乡决定在全乡范围内开展集中排查): township staff start
one on the page and the API limited to their own township's villages; every later act on it (edit, end, delete) is
its organiser's or the county's, never another township's; the county still organises for the whole county."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from households.services.common import MSG_OUT_OF_SCOPE
from screening.models import Campaign
from screening.services import campaign_close, campaign_edit, campaign_roles, campaigns
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def field_phase() -> dict:
    return {"kind": "field_screening", "starts_on": today(), "ends_on": today() + dt.timedelta(days=5)}


@pytest.fixture
def other_township(county):
    return UserFactory(
        username="township2",
        role=Role.TOWNSHIP_OFFICER,
        region_path=county.township2.path,
        region_name=county.township2.name,
    )


@pytest.fixture
def township_campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.township,
        name="涂埠镇集中排查",
        region=county.township,
        villages=[county.village_a, county.village_b],
        phases=[field_phase()],
    )


def _payload(region, *villages):
    return {
        "name": "全乡集中排查",
        "region": region.code,
        "villages": [village.code for village in villages],
        "phases": [{"kind": "field_screening", "starts_on": today().isoformat(), "ends_on": today().isoformat()}],
    }


def test_township_staff_start_a_campaign_of_their_own_township_through_the_api(personas, county, login):
    client = login(personas.township)

    created = client.post(
        "/api/v1/campaigns/", _payload(county.township, county.village_a), content_type="application/json"
    )
    foreign = client.post(
        "/api/v1/campaigns/",
        _payload(county.township, county.village_b, county.village_c),
        content_type="application/json",
    )
    county_wide = client.post(
        "/api/v1/campaigns/", _payload(county.county, county.village_a), content_type="application/json"
    )

    assert created.status_code == 201, created.content
    assert Campaign.objects.get(pk=created.json()["id"]).region_path == county.township.path
    assert foreign.status_code == 400
    assert foreign.json()["villages"] == [
        campaigns.MSG_VILLAGE_OUTSIDE.format(name=county.village_c.name, region=county.township.name)
    ]
    assert county_wide.status_code == 403 and county_wide.json()["detail"] == MSG_OUT_OF_SCOPE


def test_township_staff_start_a_campaign_on_the_page_with_their_villages_only(personas, county, login):
    client = login(personas.township)
    listing = client.get("/campaigns/").content.decode()
    page = client.get("/campaigns/new/").content.decode()

    response = client.post(
        "/campaigns/new/",
        {
            "name": "全乡集中排查",
            "villages": [county.village_a.pk],
            "field_screening_starts_on": today().isoformat(),
            "field_screening_ends_on": today().isoformat(),
        },
    )

    assert "/campaigns/new/" in listing
    assert f"组织单位：{county.township.name}" in page
    assert county.village_a.name in page and county.village_c.name not in page
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert (campaign.region_id, campaign.created_by) == (county.township.pk, personas.township)


def test_another_township_cannot_touch_it_the_county_can(township_campaign, personas, county, other_township, login):
    with pytest.raises(PermissionDenied):
        campaign_edit.campaign_update(
            actor=other_township,
            campaign=township_campaign,
            name="改名",
            villages=[county.village_a],
            phases=[field_phase()],
        )
    with pytest.raises(PermissionDenied):
        campaign_close.campaign_close(actor=other_township, campaign=township_campaign, acknowledged=True)
    assert login(other_township).get(f"/campaigns/{township_campaign.pk}/edit/").status_code == 404

    edited = campaign_edit.campaign_update(
        actor=personas.county_officer,
        campaign=township_campaign,
        name="涂埠镇集中排查（县督导）",
        villages=[county.village_a],
        phases=[field_phase()],
    )
    assert edited.name == "涂埠镇集中排查（县督导）"
    detail = login(personas.township).get(f"/campaigns/{township_campaign.pk}/").content.decode()
    assert f"/campaigns/{township_campaign.pk}/edit/" in detail
    assert f"/campaigns/{township_campaign.pk}/close/" in detail


def test_a_township_campaign_takes_no_village_of_another_township_when_edited(township_campaign, personas, county):
    with pytest.raises(ValidationError) as refused:
        campaign_edit.campaign_update(
            actor=personas.county_officer,
            campaign=township_campaign,
            name=township_campaign.name,
            villages=[county.village_a, county.village_c],
            phases=[field_phase()],
        )

    assert refused.value.message_dict["villages"] == [
        campaigns.MSG_VILLAGE_OUTSIDE.format(name=county.village_c.name, region=county.township.name)
    ]


def test_a_township_ends_its_own_campaign_but_not_the_countys(township_campaign, personas, county, login):
    county_campaign = campaigns.campaign_create(
        actor=personas.county_officer,
        name="全县集中排查",
        region=county.county,
        villages=[county.village_a],
        # After the township's: one field screening at a time in a village (003 §五(四)).
        phases=[
            {**field_phase(), "starts_on": today() + dt.timedelta(days=6), "ends_on": today() + dt.timedelta(days=9)}
        ],
    )
    client = login(personas.township)

    ended = client.post(
        f"/api/v1/campaigns/{township_campaign.pk}/close/", {"acknowledged": True}, content_type="application/json"
    )
    refused = client.post(
        f"/api/v1/campaigns/{county_campaign.pk}/close/", {"acknowledged": True}, content_type="application/json"
    )
    page = client.get(f"/campaigns/{county_campaign.pk}/").content.decode()

    assert ended.status_code == 200 and ended.json()["status"] == "closed"
    assert refused.status_code == 403
    assert f"/campaigns/{county_campaign.pk}/edit/" not in page
    assert f"/campaigns/{county_campaign.pk}/close/" not in page
    assert client.get(f"/campaigns/{county_campaign.pk}/close/").status_code == 403


def test_a_township_acting_on_the_countys_campaign_through_the_api_reads_the_pages_words(personas, county, login):
    county_campaign = campaigns.campaign_create(
        actor=personas.county_officer,
        name="全县集中排查",
        region=county.county,
        villages=[county.village_a],
        phases=[field_phase()],
    )
    client = login(personas.township)
    url = f"/api/v1/campaigns/{county_campaign.pk}/"

    edited = client.patch(url, {"name": "改名"}, content_type="application/json")
    ended = client.post(f"{url}close/", {"acknowledged": True}, content_type="application/json")
    deleted = client.delete(url)

    assert client.get(url).status_code == 200
    assert (edited.status_code, edited.json()["detail"]) == (403, campaign_roles.MSG_EDIT_ROLE)
    assert (ended.status_code, ended.json()["detail"]) == (403, campaign_roles.MSG_CLOSE_ROLE)
    assert (deleted.status_code, deleted.json()["detail"]) == (403, campaign_roles.MSG_CLOSE_ROLE)
    assert Campaign.objects.get(pk=county_campaign.pk).name == "全县集中排查"


def test_the_organising_region_cannot_be_changed_through_the_api(township_campaign, personas, county, login):
    client = login(personas.county_officer)
    url = f"/api/v1/campaigns/{township_campaign.pk}/"

    moved = client.patch(url, {"region": county.county.code}, content_type="application/json")
    same = client.patch(
        url, {"region": county.township.code, "name": "涂埠镇冬季排查"}, content_type="application/json"
    )

    assert moved.status_code == 400 and moved.json()["region"] == [campaign_edit.MSG_REGION_FIXED]
    assert Campaign.objects.get(pk=township_campaign.pk).region_id == county.township.pk
    assert same.status_code == 200 and same.json()["name"] == "涂埠镇冬季排查"
