"""The township batch announcement API (/api/v1/township-announcements/): the queue with versions, 批复 and
refusals; one announcement over many cases with one 公告日期, as the page does it: a case the single step refuses is
named and left, a case changed since it was read answers 409, another township's case 400 (404 alone), a bad date
400 naming announced_on; nothing is written on a refusal of the whole action."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.workflow.batch_helpers import BEFORE_APPROVAL, at_approval, new_household, open_case
from tests.workflow.helpers import act, act_after_publicity
from tests.workflow.township_helpers import other_township
from workflow.choices import CaseKind, CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.batch_announce import (
    MSG_DATE_FUTURE,
    REASON_ANNOUNCED,
    REASON_NOT_AT_ANNOUNCEMENT,
    TITLE_CONFLICT,
)
from workflow.services.batches import REASON_MISSING, case_version
from workflow.services.case_locks import API, REASON_CHANGED
from workflow.services.cases import case_note
from workflow.services.objections import objection_add
from workflow.services.pass_rules import MSG_LATE_OBJECTION_OPEN

pytestmark = pytest.mark.django_db
URL = "/api/v1/township-announcements/"


def approved_case(personas, household, cadre):
    case = at_approval(personas, household, cadre)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    case.refresh_from_db()
    return case


def announcement(case):
    return CaseStep.objects.get(case=case, step__code="announcement")


def written():
    return CaseEvent.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def three(personas, county, household_a, household_b):
    third = new_household(personas.cadre_a, county.village_a, "赵六", 77)
    return [
        approved_case(personas, household_a, personas.cadre_a),
        approved_case(personas, household_b, personas.cadre_b),
        approved_case(personas, third, personas.cadre_a),
    ]


def body(cases, **extra):
    refs = [{"id": c.pk, "version": case_version(c)} for c in cases]
    return {"cases": refs, "announced_on": today().isoformat(), **extra}


def post(client, data):
    return client.post(URL + "decide/", data, content_type="application/json")


def theirs(personas, county):
    """Another township's approved case at its announcement."""
    other = other_township(county)
    case = open_case(other.cadre, other.household)
    actors = {"cadre": other.cadre, "county_officer": personas.county_officer, "township": other.officer}
    for who, code in BEFORE_APPROVAL:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    case.refresh_from_db()
    return other, case


def test_the_queue_gives_each_case_with_its_version_approval_and_refusal(personas, login, county, three):
    client = login(personas.township)
    listing = client.get(URL)
    rows = listing.json()["results"]
    assert sorted(row["head_name"] for row in rows) == ["张大山", "王五", "赵六"]
    row = next(row for row in rows if row["id"] == three[0].pk)
    assert row["version"] == case_version(three[0]) and row["step_name"] == "公告并标识"
    assert row["kind"] == CaseKind.IDENTIFICATION and row["category"] == three[0].category
    assert row["category_display"] == three[0].get_category_display()
    assert row["approved_on"] == today().isoformat() and row["pass_refusal"] == ""
    assert_matches_schema(openapi(client), URL, "get", listing)

    filtered = client.get(URL, {"village": county.village_b.code}).json()["results"]
    assert [row["head_name"] for row in filtered] == ["王五"]
    assert client.get(URL, {"kind": CaseKind.EXIT}).json()["results"] == []
    assert client.get(URL, {"village": county.village_c.code}).status_code == 400  # another township's village
    assert client.get(URL, {"kind": "x"}).status_code == 400
    assert client.get(URL, {"villag": "x"}).status_code == 400


def test_decide_announces_every_case_with_the_one_date(personas, login, three):
    response = post(login(personas.township), body(three, note="已在国家系统标识"))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "announced_on": today().isoformat(),
        "count": 3,
        "cases": sorted(case.pk for case in three),
        "refused": [],
        "message": "已办理 3 户公告。",
    }
    for case in three:
        step = announcement(case)
        assert (step.status, step.acted_by) == (CaseStepStatus.DONE, personas.township)
        assert step.note == f"公告日期：{today():%Y-%m-%d}，已在国家系统标识"


def test_a_case_the_single_step_refuses_is_named_and_left_the_rest_pass(personas, login, three):
    refused = three[1]
    objection_add(
        actor=personas.township,
        case=refused,
        step_code="village_publicity",
        raised_by_name="张三",
        raised_on=dt.date(2000, 1, 1),
        content="该户儿子在县城有商品房。",
    )
    refused.refresh_from_db()
    client = login(personas.township)
    reason = MSG_LATE_OBJECTION_OPEN.format(step="村级公示")
    row = client.get(f"{URL}{refused.pk}/").json()
    assert row["pass_refusal"] == reason

    response = post(client, body(three))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 2 and data["cases"] == sorted([three[0].pk, three[2].pk])
    assert data["refused"] == [{"id": refused.pk, "head_name": "王五", "reason": reason}]
    assert "不能办理，未作公告" in data["message"] and "王五" in data["message"]
    assert announcement(refused).status == CaseStepStatus.OPEN
    assert announcement(three[0]).status == CaseStepStatus.DONE


def test_a_stale_version_answers_409_and_writes_nothing(personas, login, three):
    client = login(personas.township)
    read = body(three)
    case_note(actor=personas.township, case=three[0], summary="电话通知户主")

    before = written()
    response = post(client, read)
    assert response.status_code == 409, response.content
    extra = response.json()["extra"]
    assert extra["title"] == TITLE_CONFLICT
    assert extra["cases"] == [{"id": three[0].pk, "head_name": "张大山", "reason": API.say(REASON_CHANGED)}]
    assert written() == before
    assert all(announcement(case).status == CaseStepStatus.OPEN for case in three)

    three[0].refresh_from_db()
    again = post(client, body(three))
    assert again.status_code == 200
    assert post(client, body(three)).status_code == 409  # announced already: the same versions again


def test_another_townships_case_is_not_listed_404_alone_and_400_in_a_decision(personas, login, county, three):
    other, case = theirs(personas, county)
    client = login(personas.township)
    assert case.pk not in [row["id"] for row in client.get(URL).json()["results"]]
    assert client.get(f"{URL}{case.pk}/").status_code == 404
    assert login(other.officer).get(f"{URL}{case.pk}/").json()["head_name"] == "周七"

    before = written()
    response = post(client, body([three[0], case]))
    assert response.status_code == 400
    missing = {"id": case.pk, "head_name": f"案件{case.pk}", "reason": REASON_MISSING}
    assert response.json()["extra"]["cases"] == [missing]
    # Not a case that changed since the list was read: one the caller may not announce.
    assert "已发生变化" not in response.json()["detail"] and "不能办理公告" in response.json()["detail"]
    assert written() == before
    assert announcement(three[0]).status == CaseStepStatus.OPEN and announcement(case).status == CaseStepStatus.OPEN


def test_a_bad_date_is_refused_naming_announced_on(personas, login, three):
    client = login(personas.township)
    before = written()
    future = post(client, body(three, announced_on=(today() + dt.timedelta(days=1)).isoformat()))
    assert future.status_code == 400 and future.json()["announced_on"] == [MSG_DATE_FUTURE]
    early = post(client, body(three, announced_on=(today() - dt.timedelta(days=1)).isoformat()))
    assert early.status_code == 400
    said = early.json()["announced_on"][0]
    assert "早于以下农户的县级批复日期" in said and "张大山" in said
    garbled = post(client, body(three, announced_on="2026-13-40"))
    assert garbled.status_code == 400 and "announced_on" in garbled.json()
    missing = post(client, {"cases": body(three)["cases"]})
    assert missing.status_code == 400 and "announced_on" in missing.json()
    empty = post(client, body([]))
    assert empty.status_code == 400 and "cases" in empty.json()
    assert written() == before
    assert all(announcement(case).status == CaseStepStatus.OPEN for case in three)


def test_decide_is_the_townships(personas, login, three):
    response = post(login(personas.county_officer), body(three))
    assert response.status_code == 403
    assert announcement(three[0]).status == CaseStepStatus.OPEN


def test_a_case_never_at_its_announcement_is_said_so_not_changed_400(personas, login, three, county):
    not_yet = at_approval(personas, new_household(personas.cadre_a, county.village_a, "钱八", 78), personas.cadre_a)
    client = login(personas.township)

    before = written()
    response = post(client, body([three[0], not_yet]))
    assert response.status_code == 400, response.content
    assert response.json()["extra"]["cases"] == [
        {"id": not_yet.pk, "head_name": "钱八", "reason": REASON_NOT_AT_ANNOUNCEMENT}
    ]
    assert "已发生变化" not in response.json()["detail"] and REASON_NOT_AT_ANNOUNCEMENT in response.json()["detail"]
    assert written() == before


def test_a_case_another_user_announced_is_said_announced_409(personas, login, three):
    client = login(personas.township)
    read = body(three)
    act(actor=personas.township, case=three[0], step_code="announcement", outcome=Outcome.PASS)  # alone, meanwhile

    response = post(client, read)
    assert response.status_code == 409, response.content
    assert response.json()["extra"]["cases"] == [{"id": three[0].pk, "head_name": "张大山", "reason": REASON_ANNOUNCED}]
    assert "案件已通过" not in response.json()["detail"]
