"""An API token names one visit of one household: the token of household A's visit sent with a visit of household B
is a 409 in Chinese naming A's visit, and records nothing (it used to record B's visit)."""

import uuid

import pytest

from households.models import HouseholdEvent, Visit
from households.services.visit_once import MSG_ONCE_OTHER_VISIT
from tests.clock import today
from tests.factories import HouseholdFactory
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def post_visit(client, household, *, headers=None, **fields):
    body = {"household": household.pk, "visited_on": today().isoformat(), "notes": "家中正常", **ALL_SECURED, **fields}
    return client.post("/api/v1/visits/", body, content_type="application/json", headers=headers or {})


@pytest.mark.parametrize("how", ["body", "header"])
def test_a_token_of_another_households_visit_is_refused_409(personas, login, county, household_a, how):
    household_b = HouseholdFactory(village=county.village_a)
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert post_visit(client, household_a, once=token).status_code == 201
    visit_a = Visit.objects.get(household=household_a)
    events = HouseholdEvent.objects.count()

    sent = {"once": token} if how == "body" else {"headers": {"Idempotency-Key": token}}
    response = post_visit(client, household_b, **sent)

    assert response.status_code == 409
    assert response.json() == {
        "detail": MSG_ONCE_OTHER_VISIT.format(visit=visit_a, fields="农户"),
        "extra": {"visit": visit_a.pk, "fields": ["农户"]},
    }
    assert f"{today():%Y-%m-%d} 的走访记录（ID {visit_a.pk}）" in response.json()["detail"]
    assert not Visit.objects.filter(household=household_b).exists()
    assert HouseholdEvent.objects.count() == events


def test_another_households_visit_with_other_notes_names_both(personas, login, county, household_a):
    household_b = HouseholdFactory(village=county.village_a)
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert post_visit(client, household_a, once=token).status_code == 201

    response = post_visit(client, household_b, once=token, notes="乙户走访")

    assert response.status_code == 409 and response.json()["extra"]["fields"] == ["农户", "走访情况"]
    # the retry of A's own visit is still answered with it
    assert post_visit(client, household_a, once=token).status_code == 200
    assert Visit.objects.count() == 1
