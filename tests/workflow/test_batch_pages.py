"""Batch approval pages and API: queue, confirmation, conflict message, history, detail, print, scope."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import at_approval, new_household
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.batches import TITLE_CONFLICT, case_version
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]


def selection(cases):
    return [f"{case.pk}:{case_version(case)}" for case in cases]


def decision(cases, **extra):
    return {
        "case": selection(cases),
        "decision": "approve",
        "document_number": "永巩固〔2026〕20号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "",
        **extra,
    }


def test_queue_lists_cases_at_approval_with_filters(personas, login, county, two):
    client = login(personas.approver)
    page = client.get("/workflow/batches/").content.decode()
    assert "张大山" in page and "王五" in page and "全选本页" in page and 'name="case"' in page
    assert "共 2 户待审批" in page
    other = client.get(f"/workflow/batches/?township={county.township2.code}").content.decode()
    assert "张大山" not in other and "没有处于县级审批环节的案件" in other
    assert "张大山" not in client.get("/workflow/batches/?min_days=5").content.decode()
    # The county bureau sees the list but has nothing to tick: the step is the leading group's.
    bureau = login(personas.county_officer).get("/workflow/batches/").content.decode()
    assert "张大山" in bureau and 'name="case"' not in bureau and "由县领导小组办理" in bureau


def test_confirmation_then_approval(personas, login, two):
    client = login(personas.approver)
    confirm = client.post("/workflow/batches/", decision(two))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "确认批准 2 户" in page and "永巩固〔2026〕20号" in page
    assert not Batch.objects.exists()
    done = client.post("/workflow/batches/", {**decision(two), "confirmed": "1"})
    assert done.status_code == 302
    batch = Batch.objects.get()
    assert done["Location"] == f"/workflow/batches/{batch.pk}/"
    detail = client.get(done["Location"]).content.decode()
    assert "张大山" in detail and "王五" in detail and "边缘易致贫户" in detail
    assert "永巩固〔2026〕20号" in client.get("/workflow/batches/history/").content.decode()
    printed = client.get(f"/workflow/batches/{batch.pk}/print/").content.decode()
    assert "批准名单" in printed and "张大山" in printed
    assert "3604" not in printed.split("<table")[1]  # no ID numbers on the printed list


def test_conflict_names_the_changed_case_and_approves_nothing(personas, login, two):
    client = login(personas.approver)
    body = {**decision(two), "confirmed": "1"}
    case_withdraw(actor=personas.cadre_b, case=two[1], note="已外出务工")
    page = client.post("/workflow/batches/", body).content.decode()
    assert "本批次未办理" in page and "王五" in page and "已撤回" in page
    assert not Batch.objects.exists()
    assert CaseStep.objects.get(case=two[0], step__code="county_approval").status == CaseStepStatus.OPEN


def test_missing_document_number_shows_at_the_field(personas, login, two):
    page = login(personas.approver).post("/workflow/batches/", decision(two, document_number="")).content.decode()
    assert "field-error" in page and not Batch.objects.exists()


def test_batches_out_of_scope_are_404(personas, login, county, two):
    login(personas.approver).post("/workflow/batches/", {**decision(two), "confirmed": "1"})
    batch = Batch.objects.get()
    # Another township's officer: the batch decided none of its households (test_batch_township_history).
    other = UserFactory(username="township2", role=Role.TOWNSHIP_OFFICER, region_path=county.township2.path)
    township = login(other)
    assert township.get(f"/workflow/batches/{batch.pk}/").status_code == 404
    assert township.get(f"/workflow/batches/{batch.pk}/print/").status_code == 404
    assert township.get(f"/api/v1/batches/{batch.pk}/").status_code == 404
    assert "永巩固" not in township.get("/workflow/batches/history/").content.decode()
    assert login(personas.official).get(f"/workflow/batches/{batch.pk}/").status_code == 200


def test_api_queue_create_conflict_and_detail(personas, login, county, two):
    third = at_approval(personas, new_household(personas.cadre_a, county.village_a, "赵六", 77), personas.cadre_a)
    client = login(personas.approver)
    queue = client.get("/api/v1/batches/queue/").json()["results"]
    assert {row["head_name"] for row in queue} == {"张大山", "王五", "赵六"}
    refs = [{"id": row["id"], "version": row["version"]} for row in queue]
    body = {"cases": refs, "decision": "approve", "document_number": "永巩固〔2026〕21号"}
    body["decided_on"] = timezone.localdate().isoformat()
    case_withdraw(actor=personas.cadre_a, case=third, note="重复")
    conflict = client.post("/api/v1/batches/", body, content_type="application/json")
    assert conflict.status_code == 409  # changed since the queue was read, as a single case's stale version
    assert conflict.json()["extra"]["title"] == TITLE_CONFLICT
    assert [c["head_name"] for c in conflict.json()["extra"]["cases"]] == ["赵六"]
    ok = client.post(
        "/api/v1/batches/", {**body, "cases": [r for r in refs if r["id"] != third.pk]}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["count"] == 2 and len(ok.json()["items"]) == 2
    listing = client.get("/api/v1/batches/").json()
    assert [row["document_number"] for row in listing["results"]] == ["永巩固〔2026〕21号"]
    wrong = login(personas.county_officer).post("/api/v1/batches/", body, content_type="application/json")
    assert wrong.status_code in (403, 409)  # the cases are approved by now: a change since the body was written


def test_a_refusal_without_a_reason_is_said_before_the_confirmation_and_the_ticks_stay(personas, login, two):
    client = login(personas.approver)

    page = client.post("/workflow/batches/", decision(two[:1], decision="reject")).content.decode()

    assert "不予批准时请填写理由。" in page and "确认不予批准" not in page
    ticked = page.split(f'value="{selection(two[:1])[0]}"', 1)[1].split(">", 1)[0]
    assert "checked" in ticked
    other = page.split(f'value="{selection(two[1:])[0]}"', 1)[1].split(">", 1)[0]
    assert "checked" not in other
    assert not Batch.objects.exists()
