"""The screening and campaign APIs name a household, member or campaign the caller may not see in the words of
households.api_fields: "该农户不存在或不在您的管辖范围内。", the same for an id that does not exist, never DRF's
"无效主键 … 对象不存在" (which also told apart a household elsewhere from one that does not exist)."""

import datetime as dt

import pytest

from households.api_fields import MSG_HOUSEHOLD_NOT_FOUND, MSG_MEMBER_NOT_FOUND
from households.choices import HouseholdType, Relation
from households.models import Household, Member
from households.services import registry
from screening.serializers_campaigns import MSG_CAMPAIGN_NOT_FOUND
from screening.services import campaigns
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def campaign_phases() -> list[dict]:
    """The field screening phase is under way."""
    day = today()
    return [
        {"kind": "mobilization", "starts_on": day - dt.timedelta(days=25), "ends_on": day - dt.timedelta(days=20)},
        {"kind": "field_screening", "starts_on": day - dt.timedelta(days=20), "ends_on": day + dt.timedelta(days=10)},
        {"kind": "rectification", "starts_on": day + dt.timedelta(days=10), "ends_on": day + dt.timedelta(days=30)},
        {"kind": "summary", "starts_on": day + dt.timedelta(days=30), "ends_on": day + dt.timedelta(days=31)},
    ]


HOUSING = {"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂，存在安全风险"}}


def _household(actor, village, name, sequence):
    rows = [member_row(name, Relation.HEAD, dt.date(1970, 1, 1), sequence)]
    return registry.household_create(actor=actor, village=village, members=rows, household_type=HouseholdType.ORDINARY)


@pytest.fixture
def household_a(personas, county):
    return _household(personas.cadre_a, county.village_a, "张大山", 11)


@pytest.fixture
def household_b(personas, county):
    return _household(personas.cadre_b, county.village_b, "王五", 45)


def missing_household_id() -> int:
    return Household.objects.order_by("-pk").first().pk + 100


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/risk-flags/", {"risk_type": "disaster_loss", "note": "洪灾"}),
        ("/api/v1/exclusions/", {"kind": "car"}),
    ],
)
def test_another_village_s_household_reads_like_a_missing_one(personas, login, household_a, household_b, path, body):
    client = login(personas.cadre_a)

    out = post(client, path, {**body, "household": household_b.pk})
    missing = post(client, path, {**body, "household": missing_household_id()})

    assert out.status_code == 400 and out.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert missing.status_code == 400 and missing.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}


def test_an_exclusion_for_another_village_s_member_reads_like_a_missing_one(personas, login, household_a, household_b):
    client = login(personas.cadre_a)
    other = Member.objects.get(household=household_b)
    body = {"household": household_a.pk, "kind": "public_funded"}

    out = post(client, "/api/v1/exclusions/", {**body, "member": other.pk})
    missing = post(client, "/api/v1/exclusions/", {**body, "member": Member.objects.order_by("-pk").first().pk + 100})

    assert out.status_code == 400 and out.json() == {"member": [MSG_MEMBER_NOT_FOUND]}
    assert missing.json() == {"member": [MSG_MEMBER_NOT_FOUND]}


@pytest.fixture
def campaign_a(personas, county):
    """A campaign of village A only: a cadre of village B does not see it."""
    return campaigns.campaign_create(
        actor=personas.county_officer,
        name="集中排查",
        region=county.county,
        villages=[county.village_a],
        phases=campaign_phases(),
    )


def test_campaign_forms_and_problems_name_an_unseen_household_or_campaign_in_plain_words(
    personas, login, campaign_a, household_a, household_b
):
    client = login(personas.cadre_a)
    problem = {"problem_type": "housing", "content": "危房", "measure": "改造", "responsible_person": "李镇长"}

    form = post(
        client, "/api/v1/screening-forms/", {"campaign": campaign_a.pk, "household": household_b.pk, "answers": HOUSING}
    )
    missing = post(
        client,
        "/api/v1/screening-forms/",
        {"campaign": campaign_a.pk, "household": missing_household_id(), "answers": HOUSING},
    )
    ledger = post(
        client, "/api/v1/household-problems/", {**problem, "campaign": campaign_a.pk, "household": household_b.pk}
    )
    unseen = post(
        login(personas.cadre_b),
        "/api/v1/screening-forms/",
        {"campaign": campaign_a.pk, "household": household_b.pk, "answers": HOUSING},
    )

    assert form.status_code == 400 and form.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert missing.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert ledger.status_code == 400 and ledger.json()["household"] == [MSG_HOUSEHOLD_NOT_FOUND]
    assert unseen.status_code == 400 and unseen.json() == {"campaign": [MSG_CAMPAIGN_NOT_FOUND]}
    assert "无效主键" not in form.content.decode() + ledger.content.decode() + unseen.content.decode()


def test_a_household_in_scope_is_still_accepted(personas, login, household_a):
    response = post(
        login(personas.cadre_a), "/api/v1/risk-flags/", {"household": household_a.pk, "risk_type": "disaster_loss"}
    )

    assert response.status_code == 201, response.content
