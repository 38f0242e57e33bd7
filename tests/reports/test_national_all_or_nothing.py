"""Marking cases as entered in the national system is all or nothing, as the batch approvals are: a selection with
a case that cannot be marked marks none and names each such case with its reason (review reports finding 1)."""

import pytest

from reports.models import ExportMark
from reports.services.national import (
    MAX_CASES,
    MSG_DUPLICATE,
    MSG_TOO_MANY,
    REASON_MISSING,
    REASON_NOT_DECIDED,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/national/"


def test_unknown_out_of_scope_undecided_and_marked_cases_refuse_the_whole_request(personas, cases, login):
    client = login(personas.township)
    assert client.post(URL, {"cases": [cases.d1_in.pk]}, content_type="application/json").status_code == 200
    chosen = [cases.d1_out.pk, 999999, cases.included.pk, cases.fresh.pk, cases.d1_in.pk]

    response = client.post(URL, {"cases": chosen}, content_type="application/json")

    assert response.status_code == 400, response.content[:300]
    reasons = {item["id"]: item["reason"] for item in response.json()["extra"]["cases"]}
    assert list(reasons) == chosen[1:]
    assert reasons[999999] == REASON_MISSING and reasons[cases.included.pk] == REASON_MISSING
    assert reasons[cases.fresh.pk] == REASON_NOT_DECIDED
    assert "已在国家系统录入" in reasons[cases.d1_in.pk]
    assert "本次未作任何标注" in response.json()["detail"]
    assert set(ExportMark.objects.values_list("case_id", flat=True)) == {cases.d1_in.pk}


def test_the_page_marks_nothing_when_one_chosen_case_cannot_be_marked(personas, cases, login):
    response = login(personas.township).post(
        "/reports/national/mark/", {"case": [cases.d1_out.pk, cases.fresh.pk]}, follow=True
    )

    assert REASON_NOT_DECIDED in response.content.decode()
    assert not ExportMark.objects.exists()


def test_a_list_longer_than_the_limit_is_refused_saying_the_limit(personas, cases, login):
    response = login(personas.township).post(
        URL, {"cases": [cases.d1_in.pk, *range(10**6, 10**6 + MAX_CASES)]}, content_type="application/json"
    )

    assert response.status_code == 400 and response.json()["cases"] == [MSG_TOO_MANY]
    assert str(MAX_CASES) in MSG_TOO_MANY
    assert not ExportMark.objects.exists()


def test_a_case_chosen_twice_is_refused(personas, cases, login):
    response = login(personas.township).post(
        URL, {"cases": [cases.d1_in.pk, cases.d1_in.pk]}, content_type="application/json"
    )

    assert response.status_code == 400 and "cases" in response.json()
    assert not ExportMark.objects.exists()


def test_a_case_chosen_twice_is_named_by_its_household_and_id(personas, cases, login):
    chosen = [cases.d1_out.pk, cases.d1_in.pk, cases.d1_in.pk]

    response = login(personas.township).post(URL, {"cases": chosen}, content_type="application/json")

    assert response.json()["cases"] == [MSG_DUPLICATE.format(name="孙八户", pk=cases.d1_in.pk)]
    assert f"孙八户（案件{cases.d1_in.pk}）被重复选择" in response.json()["cases"][0]


def test_a_case_out_of_scope_chosen_twice_is_named_by_its_id_alone(personas, cases, login):
    chosen = [cases.included.pk, cases.included.pk]  # another township's household (钱七)

    response = login(personas.township).post(URL, {"cases": chosen}, content_type="application/json")

    assert response.json()["cases"] == [MSG_DUPLICATE.format(name="该案件", pk=cases.included.pk)]
    assert "钱七" not in response.content.decode()
    assert not ExportMark.objects.exists()
