"""The township batch audit API (/api/v1/township-audits/): the queue with versions and refusals, one case (404 out of
scope), and one action over many cases, all or nothing, as the page does it."""

import pytest

from tests.workflow.township_helpers import at_township, other_township
from workflow.choices import CaseKind, CaseStepStatus
from workflow.models import CaseEvent, CaseStep
from workflow.services.batches import REASON_MISSING, case_version
from workflow.services.case_locks import API
from workflow.services.township_batch import REASON_DONE_BY, TITLE_CONFLICT, TITLE_FAILED

pytestmark = pytest.mark.django_db
URL = "/api/v1/township-audits/"


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]


def body(cases, **extra):
    return {"cases": [{"id": c.pk, "version": case_version(c)} for c in cases], "outcome": "pass", **extra}


def step_status(case):
    return CaseStep.objects.get(case=case, step__code="township_preliminary").status


def test_the_queue_gives_each_case_with_its_version_and_step(personas, login, county, two):
    client = login(personas.township)
    rows = client.get(URL).json()["results"]
    assert [row["head_name"] for row in rows] == ["张大山", "王五"]
    assert rows[0]["version"] == case_version(two[0]) and rows[0]["step_code"] == "township_preliminary"
    assert rows[0]["pass_refusal"] == "" and rows[0]["return_refusal"] == ""
    filtered = client.get(URL, {"region": county.village_b.code}).json()["results"]
    assert [row["head_name"] for row in filtered] == ["王五"]
    assert client.get(URL, {"kind": CaseKind.EXIT}).json()["results"] == []
    assert client.get(URL, {"region": county.village_c.code}).status_code == 400  # another township's village


def test_bad_query_parameters_are_refused(personas, login, two):
    client = login(personas.township)
    assert client.get(URL, {"kind": "inclusion"}).status_code == 400
    assert client.get(URL, {"villag": "x"}).status_code == 400


def test_one_case_of_another_township_is_a_404(personas, login, county, two):
    other = other_township(county)
    theirs = at_township(personas, other.household, other.cadre, township=other.officer)
    client = login(personas.township)
    assert client.get(f"{URL}{two[0].pk}/").json()["head_name"] == "张大山"
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert login(other.officer).get(f"{URL}{theirs.pk}/").status_code == 200


def test_decide_passes_every_case(personas, login, two):
    response = login(personas.township).post(
        URL + "decide/", body(two, note="情况属实"), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "outcome": "pass",
        "outcome_display": "通过",
        "count": 2,
        "cases": sorted(case.pk for case in two),
        "message": "已通过 2 户乡镇审核。",
    }
    assert [step_status(case) for case in two] == [CaseStepStatus.DONE, CaseStepStatus.DONE]
    assert CaseStep.objects.get(case=two[0], step__code="township_preliminary").note == "情况属实"


def test_decide_twice_with_the_same_versions_answers_409_and_passes_once(personas, login, two):
    client = login(personas.township)
    first = client.post(URL + "decide/", body(two), content_type="application/json")
    second = client.post(URL + "decide/", body(two), content_type="application/json")
    assert first.status_code == 200 and second.status_code == 409  # as a single case's stale version
    extra = second.json()["extra"]
    assert extra["title"] == TITLE_CONFLICT
    reason = API.say(REASON_DONE_BY, step="乡镇汇总初审", who="township")
    assert [case["reason"] for case in extra["cases"]] == [reason, reason]
    assert CaseEvent.objects.filter(case=two[0], action="case_act", summary__startswith="乡镇汇总初审").count() == 1


def test_decide_with_another_townships_case_writes_nothing(personas, login, county, two):
    other = other_township(county)
    theirs = at_township(personas, other.household, other.cadre, township=other.officer)
    response = login(personas.township).post(URL + "decide/", body([two[0], theirs]), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["extra"]["cases"] == [
        {"id": theirs.pk, "head_name": f"案件{theirs.pk}", "reason": REASON_MISSING}
    ]
    # Not a case that changed since the list was read: one the township cannot audit here.
    assert response.json()["extra"]["title"] == TITLE_FAILED
    assert "已发生变化" not in response.json()["detail"] and REASON_MISSING in response.json()["detail"]
    assert step_status(two[0]) == CaseStepStatus.OPEN and step_status(theirs) == CaseStepStatus.OPEN


def test_decide_refuses_a_return_without_its_note_and_a_long_opinion(personas, login, two):
    client = login(personas.township)
    missing = client.post(URL + "decide/", body(two, outcome="return"), content_type="application/json")
    assert missing.status_code == 400 and "note" in missing.json()
    long = client.post(URL + "decide/", body(two, note="意" * 301), content_type="application/json")
    assert long.status_code == 400 and "300" in str(long.json())
    assert step_status(two[0]) == CaseStepStatus.OPEN


def test_decide_is_the_townships(personas, login, two):
    response = login(personas.county_officer).post(URL + "decide/", body(two), content_type="application/json")
    assert response.status_code == 403
    assert step_status(two[0]) == CaseStepStatus.OPEN
