"""The visit API: a visit the same as one the same user already recorded for the household on that date (a client
that sent it again with a new key, or none) is a 409 in Chinese naming that visit, nothing recorded, unless the
request says confirm_same_visit (a second real visit the same day). A retry with the same key is still answered
200 with the first visit."""

import uuid

import pytest

from households.models import HouseholdEvent, Visit
from households.services.visit_same_day import MSG_SAME_VISIT
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db

BODY = {"notes": "务工收入减少", "income_change": "-1000.00", "medical_ok": False, "kind": "monthly"}


def post_visit(client, household, **fields):
    body = {"household": household.pk, "visited_on": today().isoformat(), **ALL_SECURED, **BODY, **fields}
    return client.post("/api/v1/visits/", body, content_type="application/json")


def test_the_same_visit_sent_again_is_a_409_naming_the_recorded_one(personas, login, household_a):
    client = login(personas.cadre_a)
    first = post_visit(client, household_a, once=str(uuid.uuid4()))
    assert first.status_code == 201
    events = HouseholdEvent.objects.count()

    response = post_visit(client, household_a, once=str(uuid.uuid4()), risk_types=[])

    assert response.status_code == 409
    visit = Visit.objects.get(household=household_a)
    assert response.json() == {
        "detail": MSG_SAME_VISIT.format(visit=visit),
        "extra": {"visit": visit.pk, "visited_on": today().isoformat()},
    }
    assert f"{today():%Y-%m-%d} 已记录过一次内容相同的走访（ID {visit.pk}）" in response.json()["detail"]
    assert "confirm_same_visit" in response.json()["detail"]
    assert HouseholdEvent.objects.count() == events
    # without a key at all too
    assert post_visit(client, household_a).status_code == 409
    assert Visit.objects.filter(household=household_a).count() == 1


def test_confirm_same_visit_records_the_second_visit(personas, login, household_a):
    client = login(personas.cadre_a)
    assert post_visit(client, household_a).status_code == 201

    response = post_visit(client, household_a, confirm_same_visit=True)

    assert response.status_code == 201
    assert Visit.objects.filter(household=household_a).count() == 2
    assert "confirm_same_visit" not in response.json()


def test_a_retry_with_the_same_key_is_still_the_first_visit(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert post_visit(client, household_a, once=token).status_code == 201

    again = post_visit(client, household_a, once=token)

    assert again.status_code == 200
    assert again.json()["id"] == Visit.objects.get(household=household_a).pk


def test_other_notes_are_another_visit(personas, login, household_a):
    client = login(personas.cadre_a)
    assert post_visit(client, household_a).status_code == 201

    assert post_visit(client, household_a, notes="家中正常").status_code == 201
