"""The API says what its caller sends (review apicreate finding 2): the question the pages put as 勾选“仍要保存” and
在“更多信息”中选择在读学段 comes back through the API as confirm_unusual: true and student_stage; the rule is the
service's, asked alike, and the pages keep their own words."""

import datetime as dt

import pytest

from households.data_checks import years_before
from households.models import Member
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM, MSG_CONFIRM_API
from households.services.school_age import HOW_TO_ENROL_API, HOW_TO_ENROL_PAGE
from tests.clock import today
from tests.households.conftest import make_id
from tests.households.test_registry_pages import _household_post, _member_post

pytestmark = pytest.mark.django_db

URL = "/api/v1/households/"


def born(age: int) -> dt.date:
    return years_before(today(), age) - dt.timedelta(days=1)


def rows() -> list[dict]:
    return [
        {"name": "王建军", "id_number": make_id(born(40), 13), "relation": "head"},
        {"name": "王思琪", "id_number": make_id(born(11), 24), "relation": "daughter"},
    ]


def body(county, **extra) -> dict:
    return {"household_type": "ordinary", "village": county.village_a.code, "members": rows(), **extra}


def test_the_api_asks_for_confirm_unusual_and_student_stage_by_their_names(personas, county, login):
    client = login(personas.cadre_a)

    asked = client.post(URL, body(county), content_type="application/json")
    saved = client.post(URL, body(county, confirm_unusual=True), content_type="application/json")

    assert asked.status_code == 400
    errors = asked.json()
    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    assert "confirm_unusual: true" in MSG_CONFIRM_API and "仍要保存" not in MSG_CONFIRM_API
    stage = errors["members"]["1"]["student_stage"][0]
    assert stage.startswith("王思琪 11 岁，在校生情况为“非在校生”") and stage.endswith(HOW_TO_ENROL_API)
    assert "student_stage" in stage and "confirm_unusual" in stage and "更多信息" not in stage
    assert saved.status_code == 201, saved.content


def test_the_member_api_asks_in_the_apis_words_too(household_a, personas, login):
    member = {"household": household_a.pk, "name": "张小红", "id_number": make_id(born(9), 24), "relation": "daughter"}

    errors = login(personas.cadre_a).post("/api/v1/members/", member, content_type="application/json").json()

    assert errors[CONFIRM_FIELD] == [MSG_CONFIRM_API]
    assert errors["student_stage"][0].endswith(HOW_TO_ENROL_API)
    assert not Member.objects.filter(name="张小红").exists()


def test_the_page_keeps_its_own_words(personas, county, login):
    data = _household_post(
        county,
        [
            _member_post(0, "王建军", make_id(born(40), 13), "head"),
            _member_post(1, "王思琪", make_id(born(11), 24), "daughter"),
        ],
    )

    asked = login(personas.cadre_a).post("/households/new/", data).content.decode()

    assert MSG_CONFIRM in asked and HOW_TO_ENROL_PAGE in asked
    assert MSG_CONFIRM_API not in asked and HOW_TO_ENROL_API not in asked
