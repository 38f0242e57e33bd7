"""Review feedpages 2: the village's 待建档人员 (交村建档, /alerts/to-register/) had no API, and
/api/v1/unregistered-persons/ is the county's. /api/v1/persons-to-register/ reads what the page shows, scoped as the
page, the ID number masked and the illness hidden for a read-only role, with its labels and schema."""

import datetime as dt

import pytest

from alerts.choices import UnregisteredOutcome
from households.choices import HouseholdType, Relation
from households.privacy import mask
from households.services import registry
from tests.alerts.test_unregistered_registered import STRANGER, hand_over, named  # noqa: F401 (fixture)
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

# named: 卫健 reported a new serious illness (肺癌) of a person the registry does not hold.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("named")]

API = "/api/v1/persons-to-register/"


def test_the_village_reads_its_persons_to_register_as_its_page_shows_them(personas, county, login):
    entry = hand_over(personas, county)
    cadre = login(personas.cadre_a)

    listed = cadre.get(API)
    one = cadre.get(f"{API}{entry.pk}/")

    assert login(personas.cadre_a).get("/api/v1/unregistered-persons/").status_code == 403  # the county's list
    assert listed.status_code == 200 and listed.json()["count"] == 1
    person = listed.json()["results"][0]
    assert person["person_name"] == "陌生人" and person["id_number"] == STRANGER
    assert person["village"] == county.village_a.code and person["village_name"] == county.village_a.name
    assert person["township_name"] == county.township.name
    assert person["outcome"] == UnregisteredOutcome.REGISTER and person["outcome_display"] == "应纳入档案（交村建档）"
    assert person["note"] == "经核查应建档" and person["checked_by"] == personas.county_officer.username
    assert "肺癌" in person["reason"] and person["feed_types"] == ["新增大病患者"]
    assert one.json() == person
    schema = openapi(cadre)
    assert_matches_schema(schema, API, "get", listed)
    assert_matches_schema(schema, API + "{id}/", "get", one)


def test_the_township_sees_its_villages_and_another_village_sees_nothing(personas, county, login):
    entry = hand_over(personas, county)

    township = login(personas.township).get(API).json()
    other = login(personas.cadre_b)

    assert [p["id"] for p in township["results"]] == [entry.pk]
    assert other.get(API).json()["count"] == 0
    assert other.get(f"{API}{entry.pk}/").status_code == 404


def test_a_read_only_role_reads_the_id_number_masked_and_the_illness_hidden(personas, county, login):
    hand_over(personas, county)

    person = login(personas.official).get(API).json()["results"][0]

    assert person["id_number"] == mask(STRANGER) and person["id_number"] != STRANGER
    assert "肺癌" not in person["reason"] and "新增大病患者" not in person["feed_types"]
    assert person["feed_types"] == ["卫健部门预警"]


def test_a_person_not_handed_to_a_village_or_already_registered_is_not_listed(personas, county, login):
    entry = hand_over(personas, county)
    cadre = login(personas.cadre_a)
    assert cadre.get(API).json()["count"] == 1

    row = member_row("陌生人", Relation.HEAD, dt.date(1985, 4, 4), 31)
    registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=[row], household_type=HouseholdType.ORDINARY
    )

    assert cadre.get(API).json()["count"] == 0
    assert cadre.get(f"{API}{entry.pk}/").status_code == 404


def test_the_list_refuses_an_unknown_parameter_in_chinese(personas, county, login):
    hand_over(personas, county)

    answer = login(personas.cadre_a).get(API, {"villge": "x"})

    assert answer.status_code == 400 and "villge" in answer.json()
