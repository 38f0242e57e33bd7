"""Naming a case in the API (an objection, a department comparison) that the caller may not see reads like one that
does not exist, in words a cadre understands ("该案件不存在或不在您的管辖范围内。"), never DRF's
"无效主键 … 对象不存在"; and a list filtered by a household or a case answers a missing id and an out-of-scope id
the same way (a 400 naming the parameter)."""

import pytest
from django.utils import timezone

from config.api_ids import MSG_NO_SUCH_ID
from tests.workflow.batch_helpers import new_household, open_case
from workflow.api_fields import MSG_CASE_ID, MSG_CASE_NOT_FOUND
from workflow.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(personas, county):
    own = open_case(personas.cadre_a, new_household(personas.cadre_a, county.village_a, "张大山", 61))
    other = open_case(personas.cadre_b, new_household(personas.cadre_b, county.village_b, "王五", 62))
    return own, other


def missing_id() -> int:
    return Case.objects.order_by("-pk").first().pk + 100


def objection(client, case):
    body = {"case": case, "step_code": "village_publicity", "raised_by_name": "李四", "content": "收入不实"}
    return client.post("/api/v1/objections/", body, content_type="application/json")


def comparison(client, case):
    body = {"case": case, "compared_on": timezone.localdate().isoformat(), "findings": []}
    return client.post("/api/v1/comparisons/", body, content_type="application/json")


@pytest.mark.parametrize("post", [objection, comparison], ids=["objection", "comparison"])
def test_a_case_of_another_village_reads_like_a_missing_one(personas, login, cases, post):
    _, other = cases
    client = login(personas.cadre_a)

    out = post(client, other.pk)
    missing = post(client, missing_id())
    typed = post(client, "一二")

    assert out.status_code == 400 and out.json() == {"case": [MSG_CASE_NOT_FOUND]}
    assert missing.status_code == 400 and missing.json() == {"case": [MSG_CASE_NOT_FOUND]}
    assert typed.json() == {"case": [MSG_CASE_ID]}
    assert "无效主键" not in out.content.decode() and "王五" not in out.content.decode()


@pytest.mark.parametrize(
    ("path", "param"),
    [("/api/v1/cases/", "household"), ("/api/v1/objections/", "case"), ("/api/v1/comparisons/", "case")],
)
def test_list_filters_answer_a_missing_and_an_out_of_scope_id_alike(personas, login, cases, path, param):
    own, other = cases
    client = login(personas.cadre_a)
    out_id = other.household_id if param == "household" else other.pk

    out = client.get(f"{path}?{param}={out_id}")
    missing = client.get(f"{path}?{param}={missing_id() * 10}")

    # Both a 400 naming the parameter, in the same words: an empty list read as "no cases" to a mistyped id.
    assert (out.status_code, out.json()) == (400, {param: [MSG_NO_SUCH_ID.format(value=out_id)]})
    assert (missing.status_code, missing.json()) == (400, {param: [MSG_NO_SUCH_ID.format(value=missing_id() * 10)]})
    if param == "household":  # and the caller's own household is found
        assert [row["id"] for row in client.get(f"{path}?{param}={own.household_id}").json()["results"]] == [own.pk]
