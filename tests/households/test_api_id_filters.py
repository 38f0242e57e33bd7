"""A list filtered by a record's id (?household=, ?case=, ?campaign=, ?grid=, ?contact=, ?feed_type=…) answers an id
that does not exist, or names a record outside the caller's scope, with the same 400 naming the parameter: an empty
list read as "no visits, no cases" to a script whose id was mistyped, and an id of another village (an empty list)
was told apart from an unknown one (a 400 from django-filter's unscoped choice)."""

import pytest

from accounts.choices import Department
from alerts.models import FeedType
from config.api_ids import MSG_NO_SUCH_ID, MSG_NOT_A_NUMBER
from households.models import Grid
from households.services import visits
from screening.services import campaigns
from tests.clock import today
from tests.screening.test_campaign_close import field_phase
from tests.workflow.steps_helpers import open_case

pytestmark = pytest.mark.django_db

UNKNOWN = 987654321


def refused(client, path, name, value):
    response = client.get(path, {name: value})
    assert response.status_code == 400, (path, response.status_code, response.content.decode()[:300])
    return response.json()[name]


def assert_refuses_like_unknown(client, path, name, outside_id):
    """The id of a record the caller may not see reads exactly as one that does not exist."""
    assert refused(client, path, name, UNKNOWN) == [MSG_NO_SUCH_ID.format(value=UNKNOWN)]
    assert refused(client, path, name, outside_id) == [MSG_NO_SUCH_ID.format(value=outside_id)]
    assert refused(client, path, name, "1x") == [MSG_NOT_A_NUMBER.format(value="1x")]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/visits/",
        "/api/v1/members/",
        "/api/v1/cases/",
        "/api/v1/risk-flags/",
        "/api/v1/exclusions/",
        "/api/v1/consents/",
        "/api/v1/incomes/",
        "/api/v1/screening-forms/",
    ],
)
def test_household_filters_refuse_another_villages_household_as_unknown(
    path, household_a, household_b, personas, login
):
    client = login(personas.cadre_a)
    assert_refuses_like_unknown(client, path, "household", household_b.pk)
    response = client.get(path, {"household": household_a.pk})
    assert response.status_code == 200, response.content.decode()


def test_a_household_in_scope_still_filters_the_list(household_a, household_b, personas, login):
    visits.visit_record(actor=personas.cadre_a, household=household_a, visited_on=today())
    client = login(personas.township)
    assert client.get("/api/v1/visits/", {"household": household_a.pk}).json()["count"] == 1
    assert client.get("/api/v1/visits/", {"household": household_b.pk}).json()["count"] == 0
    members = client.get("/api/v1/members/", {"household": household_a.pk}).json()["results"]
    assert members and {m["household"] for m in members} == {household_a.pk}


def test_case_filters_refuse_another_villages_case(household_a, household_b, personas, login):
    own, other = open_case(personas, household_a), open_case_b(personas, household_b)
    client = login(personas.cadre_a)
    for path in ("/api/v1/objections/", "/api/v1/comparisons/"):
        assert_refuses_like_unknown(client, path, "case", other.pk)
        assert client.get(path, {"case": own.pk}).status_code == 200
    cases = client.get("/api/v1/cases/", {"household": household_a.pk}).json()["results"]
    assert [c["id"] for c in cases] == [own.pk]


def open_case_b(personas, household):
    from households.choices import MonitoringCategory
    from workflow.choices import CaseKind, Channel
    from workflow.services.cases import case_open

    return case_open(
        actor=personas.cadre_b,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )


def test_campaign_filters_refuse_a_campaign_of_other_villages(personas, county, login):
    ours = campaigns.campaign_create(
        actor=personas.county_officer,
        name="城南排查",
        region=county.county,
        villages=[county.village_a],
        phases=[field_phase()],
    )
    theirs = campaigns.campaign_create(
        actor=personas.county_officer,
        name="张公渡排查",
        region=county.county,
        villages=[county.village_c],
        phases=[field_phase()],
    )
    client = login(personas.cadre_a)
    for path in ("/api/v1/household-problems/", "/api/v1/campaign-assignments/", "/api/v1/screening-forms/"):
        assert_refuses_like_unknown(client, path, "campaign", theirs.pk)
        assert client.get(path, {"campaign": ours.pk}).status_code == 200


def test_grid_filter_refuses_another_villages_grid(household_a, county, personas, login):
    ours = Grid.objects.create(village=county.village_a, name="第一网格", region_path=county.village_a.path)
    theirs = Grid.objects.create(village=county.village_b, name="第一网格", region_path=county.village_b.path)
    client = login(personas.cadre_a)
    assert_refuses_like_unknown(client, "/api/v1/households/", "grid", theirs.pk)
    assert client.get("/api/v1/households/", {"grid": ours.pk}).json()["count"] == 0


def test_contact_filter_refuses_a_user_who_is_no_contact_of_the_callers(personas, login):
    client = login(personas.township)
    # The security administrator is no help contact, nor may be named one: as unknown as a user who does not exist.
    assert_refuses_like_unknown(client, "/api/v1/assistance/plans/", "contact", personas.security_admin.pk)
    assert client.get("/api/v1/assistance/plans/", {"contact": personas.cadre_a.pk}).status_code == 200


def test_feed_type_filter_refuses_an_unknown_feed_type_and_a_clerk_another_departments(personas, login):
    health = FeedType.objects.filter(department=Department.HEALTH).first()
    other = FeedType.objects.exclude(department=Department.HEALTH).first()
    assert health and other, "the seeded feed types cover several departments"
    assert_refuses_like_unknown(login(personas.clerk), "/api/v1/alerts/", "feed_type", other.pk)
    assert login(personas.clerk).get("/api/v1/alerts/", {"feed_type": health.pk}).status_code == 200
    county = login(personas.county_officer)
    assert county.get("/api/v1/alerts/", {"feed_type": other.pk}).status_code == 200
    assert refused(county, "/api/v1/unregistered-persons/", "feed_type", UNKNOWN) == [
        MSG_NO_SUCH_ID.format(value=UNKNOWN)
    ]
    assert county.get("/api/v1/unregistered-persons/", {"feed_type": other.pk}).status_code == 200


def test_a_percent_sign_in_the_id_is_told_not_a_server_error(personas, login):
    client = login(personas.cadre_a)
    assert refused(client, "/api/v1/visits/", "household", "5%d") == [MSG_NOT_A_NUMBER.format(value="5%d")]
