# ruff: noqa: F811 (the fixtures imported from test_campaign_close are parameters here)
"""An API user could learn what ending a campaign would cut short (the 结束排查 page's confirmation: the warnings
needing acknowledged=true, the villages without a screener or not screened through, the households left out because
nobody lives there) only from POST close's refusal. GET /api/v1/campaigns/{id}/close-check/ reads it beforehand,
changing nothing; only who may end the campaign reads it, as the page."""

import pytest

from accounts.choices import Role
from households.choices import LivingStatus
from households.models import Member
from screening.models import Campaign
from screening.selectors_progress import MSG_EMPTIED
from screening.services import campaign_close, campaigns
from screening.services.campaign_roles import MSG_CLOSE_ROLE
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import UserFactory
from tests.screening.test_campaign_close import campaign, field_phase, households  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _url(campaign) -> str:
    return f"/api/v1/campaigns/{campaign.pk}/close-check/"


def test_the_check_says_what_the_confirmation_page_says_before_any_close(campaign, personas, county, households, login):
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=households[0], answers={})
    Member.objects.filter(household=households[1]).update(living_status=LivingStatus.DECEASED)
    client = login(personas.county_officer)

    check = client.get(_url(campaign))

    assert check.status_code == 200, check.content
    assert_matches_schema(openapi(client), "/api/v1/campaigns/{id}/close-check/", "get", check)
    data = check.json()
    assert data["acknowledgement_required"] is True and data["closed_at"] is None and data["closed_message"] == ""
    ends = field_phase()["ends_on"].isoformat()
    assert (
        data["warnings"][0].startswith("入户排查阶段（") and f"{ends}）尚未结束，今天是{today()}" in data["warnings"][0]
    )
    assert data["warnings"][1] == "1个村未安排排查人：城北村（涂埠镇）"
    assert [(v["name"], v["township"]) for v in data["unassigned_villages"]] == [("城北村", "涂埠镇")]
    assert (data["total"], data["screened"], data["missing"]) == (1, 1, 0)
    assert data["emptied"] == 1 and data["emptied_note"] == MSG_EMPTIED.format(count=1)
    assert (data["forms"], data["household_problems"], data["area_problems"], data["open_problems"]) == (1, 0, 0, 0)
    # The same warnings as the refusal, and the check changed nothing.
    refused = client.post(f"/api/v1/campaigns/{campaign.pk}/close/").json()["acknowledged"][0]
    assert all(warning in refused for warning in data["warnings"])
    assert not Campaign.objects.get(pk=campaign.pk).is_closed


def test_the_unscreened_villages_are_listed_fewest_screened_first(campaign, personas, households, login):
    data = login(personas.county_officer).get(_url(campaign)).json()

    assert [(v["name"], v["screened"], v["total"]) for v in data["incomplete_villages"]] == [("城南村", 0, 2)]
    assert "还有2户未排查（涉及1个村）" in data["warnings"][2]


def test_an_ended_campaign_needs_no_tick_and_says_it_ended(campaign, personas, households, login):
    campaign_close.campaign_close(actor=personas.county_officer, campaign=campaign, acknowledged=True)

    data = login(personas.county_officer).get(_url(campaign)).json()

    assert data["closed_at"] and (data["acknowledgement_required"], data["warnings"]) == (False, [])
    assert data["closed_message"] == f"“{campaign.name}”已于{today().isoformat()}结束。"


def test_only_who_may_end_it_reads_the_check(campaign, personas, county, login):
    for user in (personas.cadre_a, personas.township):  # the township reads the county's campaign, cannot end it
        refused = login(user).get(_url(campaign))
        assert refused.status_code == 403 and refused.json()["detail"] == MSG_CLOSE_ROLE, user
    outside = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    assert login(outside).get(_url(campaign)).status_code == 404  # a campaign not covering its village


def test_the_check_takes_no_parameters(campaign, personas, login):
    assert login(personas.county_officer).get(_url(campaign), {"by": "village"}).status_code == 400
