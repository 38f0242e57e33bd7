"""A batch's stale-version refusal said to an API client in terms of the version it sent back
(services.case_locks.API), not of a page it never opened, while the pages keep their words (PAGE): one message
each, worded for whoever read the versions."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_batch_approval_rules import late_objection
from tests.workflow.test_township_batch import late_objection as late_objection_at_township
from tests.workflow.township_helpers import at_township, selection
from workflow.services import batches, township_batch
from workflow.services.case_locks import API, REASON_CHANGED

pytestmark = pytest.mark.django_db
PAGE_REASON = "页面打开后案件有新的办理记录"


def test_the_county_batch_api_says_a_change_since_the_version_it_sent_and_the_page_keeps_its_words(
    personas, login, household_a, household_b
):
    two = [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]
    client = login(personas.approver)
    rows = client.get("/api/v1/batches/queue/").json()["results"]
    ticked = selection(two)  # the page, rendered at the same time
    late_objection(personas, two[1])  # recorded meanwhile: 王五's version moves
    body = {"cases": [{"id": row["id"], "version": row["version"]} for row in rows], "decision": "approve"}
    body |= {"document_number": "永巩固〔2026〕40号", "decided_on": today().isoformat()}

    answer = client.post("/api/v1/batches/", body, content_type="application/json")

    assert answer.status_code == 409
    reason = API.say(REASON_CHANGED)
    assert reason == "您提交的版本（version）之后案件有新的办理记录"
    assert answer.json()["extra"]["cases"] == [{"id": two[1].pk, "head_name": "王五", "reason": reason}]
    detail = answer.json()["detail"]
    assert detail == API.say(batches.MSG_CONFLICT, n=1, names=f"王五（{reason}）")
    assert "在您提交的版本（version）之后已发生变化" in detail and "请重新读取后核对" in detail
    assert "页面" not in detail and "刷新" not in detail

    form = {"case": ticked, "decision": "approve", "document_number": "永巩固〔2026〕40号", "note": ""}
    page = client.post("/workflow/batches/", {**form, "decided_on": today().isoformat(), "confirmed": "1"})

    assert PAGE_REASON in page.content.decode() and reason not in page.content.decode()


def test_the_township_batch_api_says_a_change_since_the_version_it_sent_and_the_page_keeps_its_words(
    personas, login, household_a, household_b
):
    two = [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]
    client = login(personas.township)
    rows = client.get("/api/v1/township-audits/").json()["results"]
    ticked = selection(two)
    late_objection_at_township(personas, two[1])
    body = {"cases": [{"id": row["id"], "version": row["version"]} for row in rows], "outcome": "pass"}

    answer = client.post("/api/v1/township-audits/decide/", body, content_type="application/json")

    assert answer.status_code == 409
    reason = API.say(REASON_CHANGED)
    assert answer.json()["extra"]["cases"] == [{"id": two[1].pk, "head_name": "王五", "reason": reason}]
    detail = answer.json()["detail"]
    assert detail == API.say(township_batch.MSG_CONFLICT, n=1, names=f"王五（{reason}）")
    assert "页面" not in detail and "刷新" not in detail

    page = client.post("/workflow/township-audit/", {"case": ticked, "outcome": "pass", "confirmed": "1"})

    assert PAGE_REASON in page.content.decode() and reason not in page.content.decode()
