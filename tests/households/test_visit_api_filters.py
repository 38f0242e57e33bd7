"""The visit API lists by place and visitor as the other lists do: ?township= and ?village= take a region's code in
the caller's scope (a 400 in Chinese naming the parameter otherwise; a village outside the township given lists
nothing), ?visitor= a user id of the caller's region or of a visit the caller may see (a 400 otherwise)."""

import datetime as dt
import re

import pytest

from households.choices import HouseholdType, Relation, VisitKind
from households.models import Visit
from households.services import registry
from tests.clock import today
from tests.factories import UserFactory
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def visit(household, visitor, *, days_ago=0, kind=VisitKind.MONTHLY) -> Visit:
    return Visit.objects.create(
        household=household,
        region_path=household.region_path,
        visited_on=today() - dt.timedelta(days=days_ago),
        visitor=visitor,
        kind=kind,
    )


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content.decode()[:300]
    return {row["id"] for row in response.json()["results"]}


def refused(response, name: str) -> None:
    assert response.status_code == 400, response.content.decode()[:300]
    assert re.search("[\u4e00-\u9fff]", response.json()[name][0])


@pytest.fixture
def visits(personas, county, household_a, household_b):
    other = registry.household_create(
        actor=personas.county_officer,
        village=county.village_c,
        members=[member_row("赵六", Relation.HEAD, dt.date(1966, 4, 3), 57)],
        household_type=HouseholdType.LIFTED_OUT,
    )
    return {
        "a": visit(household_a, personas.cadre_a),
        "a_alert": visit(household_a, personas.township, days_ago=40, kind=VisitKind.ALERT),
        "b": visit(household_b, personas.cadre_b),
        "c": visit(other, personas.county_officer),
    }


def test_the_township_and_village_narrow_the_list(personas, login, county, visits):
    client = login(personas.county_officer)

    assert ids(client.get("/api/v1/visits/", {"township": county.township.code})) == {
        visits["a"].pk,
        visits["a_alert"].pk,
        visits["b"].pk,
    }
    assert ids(client.get("/api/v1/visits/", {"township": county.township2.code})) == {visits["c"].pk}
    assert ids(client.get("/api/v1/visits/", {"village": county.village_b.code})) == {visits["b"].pk}
    both = {"township": county.township.code, "village": county.village_a.code}
    assert ids(client.get("/api/v1/visits/", both)) == {visits["a"].pk, visits["a_alert"].pk}
    # a village outside the township given names no place: nothing, never the township's every visit
    apart = {"township": county.township.code, "village": county.village_c.code}
    assert ids(client.get("/api/v1/visits/", apart)) == set()


def test_a_place_out_of_scope_or_of_another_level_is_a_400(personas, login, county, visits):
    client = login(personas.township)

    refused(client.get("/api/v1/visits/", {"village": county.village_c.code}), "village")
    refused(client.get("/api/v1/visits/", {"township": county.township2.code}), "township")
    refused(client.get("/api/v1/visits/", {"township": county.village_a.code}), "township")  # a village
    refused(client.get("/api/v1/visits/", {"village": "zzz"}), "village")
    assert ids(client.get("/api/v1/visits/", {"village": county.village_a.code})) == {
        visits["a"].pk,
        visits["a_alert"].pk,
    }


def test_the_visitor_narrows_the_list_with_the_kind_and_the_dates(personas, login, visits):
    client = login(personas.township)

    assert ids(client.get("/api/v1/visits/", {"visitor": personas.cadre_a.pk})) == {visits["a"].pk}
    assert ids(client.get("/api/v1/visits/", {"visitor": personas.township.pk})) == {visits["a_alert"].pk}
    alerts = {"kind": VisitKind.ALERT, "visited_to": (today() - dt.timedelta(days=30)).isoformat()}
    assert ids(client.get("/api/v1/visits/", alerts)) == {visits["a_alert"].pk}
    recent = {"visitor": personas.township.pk, "visited_from": (today() - dt.timedelta(days=30)).isoformat()}
    assert ids(client.get("/api/v1/visits/", recent)) == set()


def test_an_account_of_the_region_with_no_visit_yet_lists_none(personas, login, county):
    newcomer = UserFactory(username="newcomer", role=personas.cadre_a.role, region_path=county.village_a.path)

    response = login(personas.township).get("/api/v1/visits/", {"visitor": newcomer.pk})

    assert ids(response) == set()


def test_an_unknown_visitor_or_another_places_account_is_a_400(personas, login, county, visits):
    stranger = UserFactory(username="stranger", role=personas.cadre_a.role, region_path=county.village_c.path)
    client = login(personas.cadre_a)

    refused(client.get("/api/v1/visits/", {"visitor": 999999}), "visitor")
    refused(client.get("/api/v1/visits/", {"visitor": "abc"}), "visitor")
    refused(client.get("/api/v1/visits/", {"visitor": stranger.pk}), "visitor")
    refused(client.get("/api/v1/visits/", {"visitor": personas.cadre_b.pk}), "visitor")  # village B's cadre
    # the township officer's alert visit at the cadre's household: a visitor the cadre may ask for
    assert ids(client.get("/api/v1/visits/", {"visitor": personas.township.pk})) == {visits["a_alert"].pk}


def test_the_schema_documents_the_new_parameters(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/visits/"]["get"]["parameters"]}

    for name in ("township", "village", "visitor", "kind", "visited_from", "visited_to"):
        assert re.search("[\u4e00-\u9fff]", parameters[name]["description"]), name
    assert parameters["visitor"]["schema"]["type"] == "integer"
