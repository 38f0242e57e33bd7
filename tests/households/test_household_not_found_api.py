"""The registry's API names a household the caller may not see as not found, in the words the case API uses
(households.api_fields.ScopedHouseholdField; review township finding 11): adding a member, entering a year's
income, recording a visit."""

import datetime as dt

import pytest

from households.api_fields import MSG_HOUSEHOLD_NOT_FOUND
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, body",
    [
        (
            "/api/v1/members/",
            {
                "name": "李四",
                "relation": "son",
                "id_number": member_row("李四", "son", dt.date(2010, 1, 1), 71)["id_number"],
            },
        ),
        ("/api/v1/incomes/", {"year": 2025, "wage_income": "1000.00"}),
        ("/api/v1/visits/", {"visited_on": "2026-11-02"}),
    ],
)
def test_another_village_s_household_is_not_found_in_plain_words(personas, login, household_b, path, body):
    response = login(personas.cadre_a).post(
        path, {**body, "household": household_b.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["household"] == [MSG_HOUSEHOLD_NOT_FOUND]
    assert "无效主键" not in response.content.decode()
