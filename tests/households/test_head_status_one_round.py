"""标记已故/迁出 of a head says everything wrong in one round (the 迁出原因, the new head, a new head under 18), on
the page and in the API, and the browser's confirmation (data-confirm-rules) is asked only once all that is required
is chosen: a form the server would refuse is sent without a question."""

import datetime as dt
import html
import json
import re

import pytest

from households.choices import HouseholdType, LivingStatus, Relation
from households.services import registry
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.member_reasons import MSG_LEAVE_REQUIRED
from households.services.member_status import MSG_HEAD_NEEDS_SUCCESSOR, relation_field
from households.services.relation_ages import MSG_MINOR_HEAD_CHANGE
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def widow_and_son(personas, county):
    """A mother and her 16-year-old son: he is the only one to take over."""
    rows = [
        member_row("赵桂芝", Relation.HEAD, dt.date(1978, 5, 6), 82),
        member_row("赵小川", Relation.SON, today().replace(year=today().year - 16, day=1), 81, student_stage="senior"),
    ]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _rules(page: str) -> list[dict]:
    found = re.search(r'data-confirm-rules="([^"]*)"', page)
    return json.loads(html.unescape(found.group(1))) if found else []


def test_a_head_moving_out_is_told_the_missing_reason_and_new_head_together(household_a, personas, login):
    head = household_a.members.get(relation=Relation.HEAD)

    page = login(personas.cadre_a).post(
        f"/households/members/{head.pk}/status/", {"status": "moved_out", "on": today().isoformat()}
    )

    said = page.content.decode()
    assert page.status_code == 200
    assert MSG_LEAVE_REQUIRED in said and MSG_HEAD_NEEDS_SUCCESSOR in said
    head.refresh_from_db()
    assert head.living_status == LivingStatus.LIVING


def test_a_minor_new_head_is_asked_about_with_the_missing_reason(widow_and_son, personas, login):
    head, son = widow_and_son.members.order_by("pk")
    client = login(personas.cadre_a)
    url = f"/households/members/{head.pk}/status/"
    posted = {"status": "moved_out", "on": today().isoformat(), "new_head": son.pk}

    said = client.post(url, posted).content.decode()

    assert MSG_LEAVE_REQUIRED in said
    assert MSG_MINOR_HEAD_CHANGE.format(name="赵小川", age=16) in said
    assert MSG_CONFIRM in said and f'name="{CONFIRM_FIELD}"' in said
    done = client.post(url, {**posted, "left_reason": "work", CONFIRM_FIELD: "on"})
    assert done.status_code == 302, done.content.decode()
    son.refresh_from_db()
    assert son.relation == Relation.HEAD


def test_the_relations_page_asks_about_a_minor_new_head_before_it_is_sent(household_a, personas, login):
    head = household_a.members.get(relation=Relation.HEAD)
    boy = household_a.members.get(name="张小明")
    wife = household_a.members.get(relation=Relation.SPOUSE)
    client = login(personas.cadre_a)
    url = f"/households/members/{head.pk}/status/"
    first = {"status": "moved_out", "on": today().isoformat(), "left_reason": "work", "new_head": boy.pk}

    relations_page = client.post(url, first).content.decode()

    assert f'name="{relation_field(wife.pk)}"' in relations_page  # the relations to the boy are shown
    assert "data-asked" in relations_page and "新户主张小明未满18周岁" in relations_page
    assert f'name="{CONFIRM_FIELD}"' in relations_page
    # the confirmation waits for the 仍要保存 box the page asks
    assert all(rule["when"].get(CONFIRM_FIELD) is True for rule in _rules(relations_page))
    done = client.post(url, {**first, "relations_for": boy.pk, relation_field(wife.pk): "mother", CONFIRM_FIELD: "on"})
    assert done.status_code == 302, done.content.decode()
    boy.refresh_from_db()
    assert boy.relation == Relation.HEAD


def test_the_confirmation_waits_for_the_reason_and_the_new_head(widow_and_son, household_a, personas, login):
    client = login(personas.cadre_a)
    head = widow_and_son.members.get(relation=Relation.HEAD)

    rules = _rules(client.get(f"/households/members/{head.pk}/status/").content.decode())

    assert rules and all(rule["when"]["new_head"] is True for rule in rules)
    moving_out = [rule["when"] for rule in rules if rule["when"]["status"] == "moved_out"]
    assert moving_out and all(when.get("left_reason") for when in moving_out)
    assert {"status": "moved_out", "left_reason": "other", "left_note": True, "new_head": True} in moving_out
    son = household_a.members.get(name="张小明")
    son_rules = _rules(client.get(f"/households/members/{son.pk}/status/").content.decode())
    assert {"status": "deceased"} in [rule["when"] for rule in son_rules]
    assert "新户主" not in json.dumps(son_rules, ensure_ascii=False)


def test_the_api_says_the_missing_reason_and_new_head_together(household_a, personas, login):
    head = household_a.members.get(relation=Relation.HEAD)

    answer = login(personas.cadre_a).post(
        f"/api/v1/members/{head.pk}/set-status/",
        {"living_status": "moved_out", "on": today().isoformat()},
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert answer.json()["left_reason"] == [MSG_LEAVE_REQUIRED]
    assert answer.json()["new_head"] == [MSG_HEAD_NEEDS_SUCCESSOR]
