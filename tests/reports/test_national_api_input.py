"""Marking cases as entered in the national system through the API: a body that is not an object of case ids is
a 400 naming what is wrong, never a server error."""

import pytest

from reports.models import ExportMark

pytestmark = pytest.mark.django_db


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("body", ["[1, 2]", '"x"', "1.5", "true", "null"])
def test_a_body_that_is_not_an_object_is_a_400(personas, login, body):
    response = login(personas.county_officer).post("/api/v1/reports/national/", body, content_type="application/json")

    assert response.status_code == 400, response.content[:300]
    assert has_chinese(response.content.decode())
    assert not ExportMark.objects.exists()


@pytest.mark.parametrize("cases", ["abc", ["x"], {"a": 1}])
def test_cases_that_are_not_a_list_of_ids_are_refused_at_the_field(personas, login, cases):
    response = login(personas.county_officer).post(
        "/api/v1/reports/national/", {"cases": cases}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cases" in response.json() and has_chinese(str(response.json()["cases"]))


def test_a_body_without_cases_names_the_field(personas, login):
    response = login(personas.county_officer).post("/api/v1/reports/national/", {}, content_type="application/json")

    assert response.status_code == 400 and "cases" in response.json()
