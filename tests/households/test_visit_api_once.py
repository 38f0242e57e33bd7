"""A client retrying a visit POST it got no answer to (a timeout, a phone losing its signal) records one visit: the
API takes the client's token (config.api_once) as the visit page takes its own (config.once)."""

import uuid

import pytest

from config.api_once import ONCE_HEADER
from households.models import Visit
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def post_visit(client, household, *, headers=None, **fields):
    body = {"household": household.pk, "visited_on": today().isoformat(), "notes": "家中正常", **ALL_SECURED, **fields}
    return client.post("/api/v1/visits/", body, content_type="application/json", headers=headers or {})


def test_the_same_token_sent_twice_records_one_visit_201_then_200(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())

    first = post_visit(client, household_a, once=token)
    again = post_visit(client, household_a, once=token)

    assert (first.status_code, again.status_code) == (201, 200), again.json()
    assert first.json() == again.json()
    assert Visit.objects.filter(household=household_a).count() == 1


def test_the_token_may_come_as_the_idempotency_key_header(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())

    first = post_visit(client, household_a, headers={ONCE_HEADER: token})
    again = post_visit(client, household_a, once=token)  # the retry sends it in the body: the same token

    assert (first.status_code, again.status_code) == (201, 200)
    assert Visit.objects.filter(household=household_a).count() == 1


def test_without_a_token_each_post_records_a_visit(personas, login, household_a):
    # unguarded by a token; the same visit the same day again is asked about (test_visit_api_same_day)
    client = login(personas.cadre_a)

    first = post_visit(client, household_a).status_code
    second = post_visit(client, household_a, confirm_same_visit=True).status_code

    assert first == second == 201
    assert Visit.objects.filter(household=household_a).count() == 2


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"once": "not-a-uuid"}, {}, "once"),
        ({}, {ONCE_HEADER: "12345"}, ONCE_HEADER),
        ({"once": str(uuid.uuid4())}, {ONCE_HEADER: str(uuid.uuid4())}, ONCE_HEADER),
    ],
)
def test_a_malformed_or_contradicting_token_is_a_400_in_chinese(personas, login, household_a, body, headers, field):
    response = post_visit(login(personas.cadre_a), household_a, headers=headers, **body)

    assert response.status_code == 400
    message = response.json()[field][0]
    assert "UUID" in message or "不一致" in message
    assert Visit.objects.filter(household=household_a).count() == 0
