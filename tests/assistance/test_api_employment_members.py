"""The employment page's list of labourers to register (劳动力就业台账) through the API:
GET /api/v1/assistance/employment-members/ lists whom the page lists, in the caller's scope, each with the quarter's
record or null (本季度未登记); filtered by quarter, village, name and registered; a bad value is a 400 naming it."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.api_records import MSG_QUARTER
from assistance.services.employment import employment_record_save, quarter_of
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistance/employment-members/"


@pytest.fixture
def household_b(personas, county):
    rows = [member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45, labour_skill="ordinary")]
    return registry.household_create(
        actor=personas.township, village=county.village_b, members=rows, household_type=HouseholdType.LIFTED_OUT
    )


def names(response):
    assert response.status_code == 200, response.content.decode()
    return [row["name"] for row in response.json()["results"]]


def this_quarter():
    year, number = quarter_of(today())
    return f"{year}Q{number}"


def test_a_cadre_gets_the_pages_labourers_with_this_quarters_record(household_a, personas, login):
    client = login(personas.cadre_a)
    head = household_a.members.get(name="张大山")
    year, number = quarter_of(today())
    employment_record_save(
        actor=personas.cadre_a,
        member=head,
        year=year,
        quarter=number,
        employed=True,
        place="in_county",
        months=3,
        monthly_income=Decimal("2800"),
    )

    response = client.get(URL)

    assert names(response) == ["张大山", "李秀英"]
    page = client.get("/assistance/employment/").content.decode()
    assert "张大山" in page and "李秀英" in page
    rows = {row["name"]: row for row in response.json()["results"]}
    assert rows["张大山"]["registered"] is True and rows["张大山"]["quarter"] == this_quarter()
    assert rows["张大山"]["record"]["monthly_income"] == "2800.00" and rows["张大山"]["record"]["place"] == "in_county"
    assert rows["李秀英"]["registered"] is False and rows["李秀英"]["record"] is None
    assert rows["李秀英"]["household_number"] == household_a.number and rows["李秀英"]["head_name"] == "张大山"
    assert_matches_schema(openapi(client), "/api/v1/assistance/employment-members/", "get", response)
    assert names(client.get(URL, {"registered": "false"})) == ["李秀英"]
    assert names(client.get(URL, {"registered": "true"})) == ["张大山"]


def test_another_quarter_has_its_own_registrations(household_a, personas, login):
    head = household_a.members.get(name="张大山")
    year, number = quarter_of(today())
    last = (year, number - 1) if number > 1 else (year - 1, 4)
    employment_record_save(actor=personas.cadre_a, member=head, year=last[0], quarter=last[1], employed=False)
    client = login(personas.cadre_a)

    earlier = client.get(URL, {"quarter": f"{last[0]}Q{last[1]}", "registered": "true"})

    assert names(earlier) == ["张大山"]
    assert names(client.get(URL, {"registered": "true"})) == []


def test_each_village_sees_its_own_labourers_and_the_township_both(household_a, household_b, personas, login):
    assert names(login(personas.cadre_a).get(URL)) == ["张大山", "李秀英"]
    assert names(login(personas.cadre_b).get(URL)) == ["王五"]
    township = login(personas.township)
    assert sorted(names(township.get(URL))) == sorted(["张大山", "李秀英", "王五"])
    assert names(township.get(URL, {"village": household_b.village.code})) == ["王五"]
    assert names(township.get(URL, {"q": "李秀"})) == ["李秀英"]


def test_another_villages_code_is_a_400_naming_village(household_a, personas, login):
    response = login(personas.cadre_b).get(URL, {"village": household_a.village.code})

    assert response.status_code == 400
    assert "管辖范围" in response.json()["village"][0]


@pytest.mark.parametrize("params, field", [({"quarter": "2026-4"}, "quarter"), ({"registered": "maybe"}, "registered")])
def test_a_bad_value_is_a_400_naming_the_parameter(params, field, household_a, personas, login):
    response = login(personas.cadre_a).get(URL, params)

    assert response.status_code == 400 and field in response.json()
    if field == "quarter":
        assert response.json()["quarter"] == [MSG_QUARTER]


def test_a_misspelt_parameter_is_refused(household_a, personas, login):
    response = login(personas.cadre_a).get(URL, {"vilage": "1"})

    assert response.status_code == 400 and "vilage" in response.json()


def test_a_role_that_may_not_read_the_registry_is_refused(household_a, personas, login):
    assert login(personas.security_admin).get(URL).status_code == 403
