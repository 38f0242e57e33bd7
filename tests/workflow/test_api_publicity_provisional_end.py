"""The case API's ends_on of an open publicity not yet posted is the default period from the day the step opened, an
end nobody may rely on (000 §三(三)2: 公示不少于5天 counts from the posting); the case page, prints and ledgers show
待张贴 there (workflow.selectors_publicity_end). ends_on stays for the clients that read it; ends_on_provisional says
what the pages say: true until the posting day is recorded, false once it is and for every other step."""

import datetime as dt

import pytest

from tests.clock import today
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def steps(client, case) -> dict[str, dict]:
    response = client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    return {step["code"]: step for step in response.json()["steps"]}


def test_an_open_publicity_not_yet_posted_has_a_provisional_end_until_posted(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    client = login(personas.cadre_a)

    before = steps(client, case)

    assert before["village_publicity"]["posted_on"] is None
    assert before["village_publicity"]["ends_on"] is not None  # kept for compatibility
    assert before["village_publicity"]["ends_on_provisional"] is True
    assert not any(step["ends_on_provisional"] for code, step in before.items() if code != "village_publicity")

    posted = today()
    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=posted)
    after = steps(client, case)["village_publicity"]

    assert after["ends_on_provisional"] is False
    assert after["ends_on"] == f"{posted + dt.timedelta(days=5):%Y-%m-%d}"


def test_the_schema_documents_the_field_in_chinese(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/").content.decode()

    assert "ends_on_provisional" in schema and "待张贴" in schema
