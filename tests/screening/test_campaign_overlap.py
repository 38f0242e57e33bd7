"""003 §五(四) 避免重复填表报数…防止层层加码: a village is in one field screening (入户排查) at a time. A campaign whose
入户排查 phase shares days with another open campaign's on the same village is refused, naming the village, the other
campaign and its dates, on creating and on editing, on the page and the API. One ended, one on other villages, or one
screening at other dates is no clash."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from screening.models import Campaign
from screening.services import campaign_edit, campaigns
from tests.clock import today

pytestmark = pytest.mark.django_db


def days(first: int, last: int) -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() + dt.timedelta(days=first),
        "ends_on": today() + dt.timedelta(days=last),
    }


@pytest.fixture
def county_campaign(personas, county):
    """The county's campaign screens 城南村 and 城北村 from today for ten days."""
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="县冬季集中排查",
        region=county.county,
        villages=[county.village_a, county.village_b],
        phases=[days(0, 10)],
    )


def clash(village: str) -> str:
    starts_on, ends_on = today(), today() + dt.timedelta(days=10)
    return campaigns.MSG_CAMPAIGN_OVERLAP.format(
        village=village, other="县冬季集中排查", starts_on=f"{starts_on:%Y-%m-%d}", ends_on=f"{ends_on:%Y-%m-%d}"
    )


def test_a_township_campaign_over_the_same_village_and_days_is_refused(county_campaign, personas, county):
    with pytest.raises(ValidationError) as refused:
        campaigns.campaign_create(
            actor=personas.township,
            name="涂埠镇集中排查",
            region=county.township,
            villages=[county.village_a, county.village_b],
            phases=[days(10, 20)],  # its first day is the county's last
        )

    assert refused.value.message_dict == {"villages": [clash("城南村"), clash("城北村")]}
    assert "城南村" in clash("城南村") and "县冬季集中排查" in clash("城南村")
    assert f"{today():%Y-%m-%d} 至 {today() + dt.timedelta(days=10):%Y-%m-%d}" in clash("城南村")
    assert Campaign.objects.count() == 1


def test_other_days_other_villages_or_an_ended_campaign_are_no_clash(county_campaign, personas, county):
    later = campaigns.campaign_create(
        actor=personas.township, name="涂埠镇复查", region=county.township, villages=[county.village_a],
        phases=[days(11, 20)],
    )  # fmt: skip
    elsewhere = campaigns.campaign_create(
        actor=personas.county_officer, name="虬津镇排查", region=county.county, villages=[county.village_c],
        phases=[days(0, 10)],
    )  # fmt: skip
    Campaign.objects.filter(pk=county_campaign.pk).update(closed_at=timezone.now(), closed_by=personas.county_officer)
    after_end = campaigns.campaign_create(
        actor=personas.township, name="涂埠镇补充排查", region=county.township, villages=[county.village_b],
        phases=[days(5, 8)],
    )  # fmt: skip

    assert {later.name, elsewhere.name, after_end.name} == {"涂埠镇复查", "虬津镇排查", "涂埠镇补充排查"}


def test_editing_a_campaign_into_anothers_days_is_refused_and_its_own_dates_are_no_clash(
    county_campaign, personas, county
):
    later = campaigns.campaign_create(
        actor=personas.county_officer, name="县复查", region=county.county, villages=[county.village_a],
        phases=[days(11, 20)],
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        campaign_edit.campaign_update(
            actor=personas.county_officer, campaign=later, name="县复查", villages=[county.village_a],
            phases=[days(9, 20)],
        )  # fmt: skip
    campaign_edit.campaign_update(
        actor=personas.county_officer, campaign=county_campaign, name="县冬季集中排查",
        villages=[county.village_a, county.village_b], phases=[days(0, 10)], region=None,
    )  # fmt: skip
    moved = campaign_edit.campaign_update(
        actor=personas.county_officer, campaign=county_campaign, name="县冬季集中排查",
        villages=[county.village_a, county.village_b], phases=[days(-3, 10)],
    )  # fmt: skip

    assert refused.value.message_dict == {"villages": [clash("城南村")]}
    assert moved.phases.get().starts_on == today() - dt.timedelta(days=3)


def test_the_page_says_it_at_the_villages(county_campaign, personas, county, login):
    client = login(personas.township)
    phase = days(5, 15)
    response = client.post(
        "/campaigns/new/",
        {
            "name": "涂埠镇集中排查",
            "villages": [county.village_a.pk],
            "field_screening_starts_on": phase["starts_on"].isoformat(),
            "field_screening_ends_on": phase["ends_on"].isoformat(),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["villages"] == [clash("城南村")]
    assert "与本次入户排查时间重叠" in response.content.decode()


def test_the_api_refuses_it_on_create_and_on_patch(county_campaign, personas, county, login):
    client = login(personas.county_officer)
    phase = days(3, 6)
    payload = {
        "name": "县专项排查",
        "region": county.county.code,
        "villages": [county.village_b.code, county.village_c.code],
        "phases": [{**phase, "starts_on": phase["starts_on"].isoformat(), "ends_on": phase["ends_on"].isoformat()}],
    }
    refused = client.post("/api/v1/campaigns/", payload, content_type="application/json")
    created = client.post(
        "/api/v1/campaigns/", {**payload, "villages": [county.village_c.code]}, content_type="application/json"
    )
    patched = client.patch(
        f"/api/v1/campaigns/{created.json()['id']}/",
        {"villages": [county.village_a.code, county.village_c.code]},
        content_type="application/json",
    )

    assert refused.status_code == 400 and refused.json()["villages"] == [clash("城北村")]
    assert created.status_code == 201
    assert patched.status_code == 400 and patched.json()["villages"] == [clash("城南村")]


def test_the_page_says_the_overlap_in_the_same_round_as_the_other_errors(county_campaign, personas, county, login):
    """A missing name and a slipped year were said first, and the overlap only once they were fixed."""
    client = login(personas.township)
    phase = days(5, 15)
    response = client.post(
        "/campaigns/new/",
        {
            "name": "",
            "villages": [county.village_a.pk],
            "mobilization_starts_on": "9999-01-01",
            "mobilization_ends_on": "9999-01-02",
            "field_screening_starts_on": phase["starts_on"].isoformat(),
            "field_screening_ends_on": phase["ends_on"].isoformat(),
        },
    )

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"name", "__all__", "villages"}
    assert errors["villages"] == [clash("城南村")]
    assert any("9999-01-01年份有误" in message for message in errors["__all__"])
    page = response.content.decode()
    assert "与本次入户排查时间重叠" in page and "年份有误" in page
    assert Campaign.objects.count() == 1


def test_the_edit_page_says_the_overlap_with_the_other_errors_and_not_the_campaigns_own(
    county_campaign, personas, county, login
):
    later = campaigns.campaign_create(
        actor=personas.county_officer, name="县复查", region=county.county, villages=[county.village_a],
        phases=[days(11, 20)],
    )  # fmt: skip
    client = login(personas.county_officer)
    moved, own = days(9, 20), days(0, 10)

    refused = client.post(
        f"/campaigns/{later.pk}/edit/",
        {
            "name": " ",
            "villages": [county.village_a.pk],
            "field_screening_starts_on": moved["starts_on"].isoformat(),
            "field_screening_ends_on": moved["ends_on"].isoformat(),
        },
    )
    kept = client.post(
        f"/campaigns/{county_campaign.pk}/edit/",
        {
            "name": "县冬季集中排查",
            "villages": [county.village_a.pk, county.village_b.pk],
            "field_screening_starts_on": own["starts_on"].isoformat(),
            "field_screening_ends_on": own["ends_on"].isoformat(),
        },
    )

    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"name", "villages"}
    assert refused.context["form"].errors["villages"] == [clash("城南村")]
    assert kept.status_code == 302
