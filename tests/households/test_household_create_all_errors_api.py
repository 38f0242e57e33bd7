"""POST /api/v1/households/ says every error at once (review apicreate finding 1): a member row is checked even when
the body has an unknown top-level field (that field is refused beside the rows' errors, not instead of them, and a
row named 户主 that failed another check is no reason to say 请指定户主); a row the serializer refused (a bad sex, a
bad education) has its ID number checked in the same answer, not on the next try."""

import datetime as dt

import pytest

from households.models import Household
from households.services.members import MSG_NO_HEAD
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/households/"
BAD_ID = "36042519800101031"  # 17 digits


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def body(village, members, **extra):
    return {"household_type": "ordinary", "village": village.code, "members": members, **extra}


def test_an_unknown_field_is_refused_beside_the_rows_errors_and_the_head_is_not_said_missing(personas, county, login):
    head = {"name": "测试", "id_number": make_id(dt.date(1980, 1, 1), 31), "relation": "head", "education": "zz"}

    response = post(login(personas.cadre_a), body(county.village_a, [head], colour=1))

    assert response.status_code == 400
    errors = response.json()
    assert "colour" in errors["colour"][0] and "未知字段" in errors["colour"][0]
    assert set(errors["members"]) == {"0"} and set(errors["members"]["0"]) == {"education"}, errors
    assert "zz" in errors["members"]["0"]["education"][0]
    assert "non_field_errors" not in errors, errors
    assert not Household.objects.exists()


def test_an_unknown_field_beside_a_good_household_still_refuses_it(personas, county, login):
    head = {"name": "测试", "id_number": make_id(dt.date(1980, 1, 1), 31), "relation": "head"}

    response = post(login(personas.cadre_a), body(county.village_a, [head], colour=1))

    assert response.status_code == 400
    assert set(response.json()) == {"colour"}, response.json()
    assert not Household.objects.exists()


def test_an_unknown_field_beside_a_household_without_a_head_says_both(personas, county, login):
    son = {"name": "测试", "id_number": make_id(dt.date(1980, 1, 1), 31), "relation": "son"}

    errors = post(login(personas.cadre_a), body(county.village_a, [son], colour=1)).json()

    assert set(errors) == {"colour", "non_field_errors"} and errors["non_field_errors"] == [MSG_NO_HEAD], errors


def test_a_short_id_number_is_said_beside_a_bad_sex_in_one_answer(personas, county, login):
    head = {"name": "测试", "id_number": BAD_ID, "relation": "head", "sex": "x"}

    errors = post(login(personas.cadre_a), body(county.village_a, [head])).json()

    row = errors["members"]["0"]
    assert set(row) == {"sex", "id_number"}, errors
    assert "18" in row["id_number"][0]
    assert "non_field_errors" not in errors, errors


def test_a_head_row_with_a_bad_field_and_a_short_id_beside_an_unknown_field_says_all_three(personas, county, login):
    head = {"name": "测试", "id_number": BAD_ID, "relation": "head", "education": "zz"}
    wife = {"name": "测妻", "id_number": make_id(dt.date(1982, 1, 1), 42), "relation": "spouse"}

    errors = post(login(personas.cadre_a), body(county.village_a, [head, wife], colour=1)).json()

    assert set(errors) == {"colour", "members"}, errors
    assert set(errors["members"]) == {"0"} and set(errors["members"]["0"]) == {"education", "id_number"}


def test_a_refused_rows_id_number_is_still_checked_against_the_other_rows(personas, county, login):
    number = make_id(dt.date(1980, 1, 1), 31)
    head = {"name": "测试", "id_number": number, "relation": "head"}
    again = {"name": "测二", "id_number": number, "relation": "son", "education": "zz"}

    errors = post(login(personas.cadre_a), body(county.village_a, [head, again])).json()

    assert set(errors["members"]["1"]) == {"education", "id_number"}, errors
    assert "重复" in errors["members"]["1"]["id_number"][0]


def test_a_refused_row_is_not_told_what_its_refused_field_hides(personas, county, login):
    # health "zz" is refused; the grade beside it is not then said to need 残疾 (the health may have meant it)
    head = {"name": "测试", "id_number": make_id(dt.date(1980, 1, 1), 31), "relation": "head", "health": "zz"}
    head["disability_grade"] = "1"

    errors = post(login(personas.cadre_a), body(county.village_a, [head])).json()

    assert set(errors) == {"members"} and set(errors["members"]["0"]) == {"health"}, errors


def test_a_misspelt_row_field_is_named_and_not_taken_for_a_missing_one(personas, county, login):
    head = {"nmae": "测试", "id_number": make_id(dt.date(1980, 1, 1), 31), "relation": "head"}

    errors = post(login(personas.cadre_a), body(county.village_a, [head], colour=1)).json()

    assert set(errors) == {"colour", "members"}, errors
    assert set(errors["members"]["0"]) == {"nmae"} and "members[0].nmae" in errors["members"]["0"]["nmae"][0]
