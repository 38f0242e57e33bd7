"""Naming a household outside the caller's township in the API (review township finding 11): opening a case, or
registering a farmer's self-application to a household, says "该农户不存在或不在您的管辖范围内。", as for an id
that does not exist, never DRF's "无效主键 … 对象不存在"."""

import pytest

from households.api_fields import MSG_HOUSEHOLD_ID, MSG_HOUSEHOLD_NOT_FOUND
from households.models import Household
from tests.workflow.batch_helpers import new_household

pytestmark = pytest.mark.django_db


def open_case(client, household):
    body = {
        "household": household,
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["medical_cost"],
        "category": "sudden_hardship",
    }
    return client.post("/api/v1/cases/", body, content_type="application/json")


def test_opening_a_case_for_another_township_s_household_says_it_is_not_in_scope(personas, county, login):
    other = new_household(personas.county_officer, county.village_c, "夏帆超", 91)  # 虬津镇
    client = login(personas.township)

    out = open_case(client, other.pk)
    missing = open_case(client, Household.objects.order_by("-pk").first().pk + 100)
    typed = open_case(client, "一四五九")

    assert out.status_code == 400 and out.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert missing.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert typed.json() == {"household": [MSG_HOUSEHOLD_ID]}
    assert "无效主键" not in out.content.decode()


def test_the_county_may_still_name_any_household(personas, county, login):
    other = new_household(personas.county_officer, county.village_c, "夏帆超", 92)

    response = open_case(login(personas.county_officer), other.pk)

    assert response.status_code == 201, response.content
