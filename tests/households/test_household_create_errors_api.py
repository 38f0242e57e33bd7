"""POST /api/v1/households/ says every error of the household and its members at once, in the API's one shape:
{"members": {"<row>": {"<field>": [...]}}}, a member's own non-field errors under "non_field_errors" in its row, and
the household's (no head, two heads, a number taken) under the top-level "non_field_errors"."""

import datetime as dt

import pytest

from households.models import Household
from households.services.members import MSG_NO_HEAD, MSG_TWO_HEADS
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/households/"
BAD_ID = "36042519800202017"  # 17 digits


def post(client, village, members):
    body = {"village": village.code, "household_type": "ordinary", "members": members}
    return client.post(URL, body, content_type="application/json")


def test_field_errors_and_the_services_row_errors_come_back_together(personas, county, login):
    members = [
        {"name": "孙大", "id_number": BAD_ID, "relation": "head"},
        {"name": "", "id_number": make_id(dt.date(2005, 2, 2), 28), "relation": "xx"},
    ]

    response = post(login(personas.cadre_a), county.village_a, members)

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"members"}, errors
    assert set(errors["members"]) == {"0", "1"}
    assert set(errors["members"]["0"]) == {"id_number"} and "18" in errors["members"]["0"]["id_number"][0]
    assert set(errors["members"]["1"]) == {"name", "relation"}
    assert not Household.objects.exists()


def test_a_bad_id_alone_comes_back_in_the_same_nested_shape(personas, county, login):
    response = post(
        login(personas.cadre_a), county.village_a, [{"name": "孙大", "id_number": BAD_ID, "relation": "head"}]
    )

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"members"} and set(errors["members"]["0"]) == {"id_number"}, errors


def test_a_household_without_a_head_is_told_under_non_field_errors_with_its_rows_errors(personas, county, login):
    members = [
        {"name": "孙大", "id_number": BAD_ID, "relation": "son"},
        {"name": "孙二", "id_number": make_id(dt.date(2005, 2, 2), 28), "relation": "daughter"},
    ]

    errors = post(login(personas.cadre_a), county.village_a, members).json()

    assert errors["non_field_errors"] == [MSG_NO_HEAD]
    assert set(errors["members"]) == {"0"} and "id_number" in errors["members"]["0"]
    assert "__all__" not in errors


def test_two_heads_beside_a_row_with_a_bad_field_are_both_said(personas, county, login):
    members = [
        {"name": "孙大", "id_number": make_id(dt.date(1980, 2, 2), 17), "relation": "head"},
        {"name": "孙二", "id_number": make_id(dt.date(1982, 2, 2), 28), "relation": "head"},
        {"name": "", "id_number": make_id(dt.date(2005, 2, 2), 38), "relation": "daughter"},
    ]

    errors = post(login(personas.cadre_a), county.village_a, members).json()

    assert errors["non_field_errors"] == [MSG_TWO_HEADS.format(rows="1、2")]
    assert set(errors["members"]) == {"2"} and set(errors["members"]["2"]) == {"name"}


def test_a_bad_village_and_a_bad_member_are_said_together(personas, county, login):
    body = {
        "village": "999999999999",
        "household_type": "ordinary",
        "members": [{"name": "孙大", "id_number": BAD_ID, "relation": "head"}],
    }

    errors = login(personas.cadre_a).post(URL, body, content_type="application/json").json()

    assert set(errors) == {"village", "members"} and set(errors["members"]["0"]) == {"id_number"}


def test_members_sent_as_a_string_are_told_in_plain_chinese(personas, county, login):
    body = {"village": county.village_a.code, "household_type": "ordinary", "members": "孙大"}

    errors = login(personas.cadre_a).post(URL, body, content_type="application/json").json()

    message = errors["members"]["non_field_errors"][0]
    assert "列表" in message and "str" not in message and "物件" not in message
