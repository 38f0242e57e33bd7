"""A client retrying an objection POST it got no answer to records one objection: the API takes the client's token
(config.api_once) as the objection page takes its own (config.once)."""

import datetime as dt
import uuid

import pytest

from config.api_once import ONCE_HEADER
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.households.conftest import member_row
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.models import CaseEvent, Objection

pytestmark = pytest.mark.django_db


def _at_publicity(personas, household):
    case = open_case(personas, household)
    walk_to(personas, case, "village_publicity")
    return case


def create(client, case, *, headers=None, **extra):
    body = {
        "case": case.pk,
        "step_code": "village_publicity",
        "raised_by_name": "李四",
        "content": "该户有小轿车",
        **extra,
    }
    return client.post("/api/v1/objections/", body, content_type="application/json", headers=headers or {})


def test_the_same_token_sent_twice_records_one_objection_201_then_200(personas, login, household_a):
    case = _at_publicity(personas, household_a)
    client, token = login(personas.cadre_a), str(uuid.uuid4())

    first = create(client, case, headers={ONCE_HEADER: token})
    again = create(client, case, headers={ONCE_HEADER: token})

    assert (first.status_code, again.status_code) == (201, 200), again.json()
    assert first.json()["id"] == again.json()["id"]
    assert Objection.objects.filter(case_step__case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, action="objection_add").count() == 1


def test_a_token_used_for_another_case_records_this_cases_objection(personas, login, county, household_a):
    other_household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("赵六", Relation.HEAD, dt.date(1972, 4, 9), 77)],
        household_type=HouseholdType.ORDINARY,
    )
    case, other = _at_publicity(personas, household_a), _at_publicity(personas, other_household)
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert create(client, case, once=token).status_code == 201

    response = create(client, other, once=token)

    assert response.status_code == 201
    assert response.json()["case"] == other.pk
    assert Objection.objects.filter(case_step__case=other).count() == 1
    assert Objection.objects.filter(case_step__case=case).count() == 1


def test_a_malformed_token_is_a_400_in_chinese(personas, login, household_a):
    case = _at_publicity(personas, household_a)

    response = create(login(personas.cadre_a), case, headers={ONCE_HEADER: "abc"})

    assert response.status_code == 400
    assert "UUID" in response.json()[ONCE_HEADER][0]
    assert not Objection.objects.filter(case_step__case=case).exists()


def test_the_same_token_with_another_objection_is_a_409_and_records_nothing(personas, login, household_a):
    case = _at_publicity(personas, household_a)
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    first = create(client, case, once=token)

    other = create(client, case, once=token, raised_by_name="王五", content="该户在县城有商品房")

    assert first.status_code == 201
    assert other.status_code == 409, other.json()
    assert "已用于另一内容的提交" in other.json()["detail"]
    assert list(Objection.objects.filter(case_step__case=case).values_list("raised_by_name", flat=True)) == ["李四"]
