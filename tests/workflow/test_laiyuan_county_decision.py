"""Seed 001 §五: 涞源's 认定 and 风险消除 are decided by the county bureau (由县乡村振兴部门组织), with no leading
group's 批复 and so no 批复文号; its 县级审定 was the 县领导小组's and refused a pass without a number. Yongxiu's
县级审批 (000 §三(三)5: 报县委农村工作领导小组审批，批复相关乡镇) keeps its number (Step.needs_approval_number)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_notice_procedures import laiyuan_at_approval
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import Batch, Case, CaseStep, Step
from workflow.services.approval_records import MSG_DOCUMENT_NUMBER
from workflow.services.batches import BatchConflict, CaseRef, batch_decide
from workflow.services.case_locks import case_version
from workflow.services.cases import case_act

pytestmark = pytest.mark.django_db

APPROVALS = {
    ("laiyuan_identification", "county_approval"): ("county_officer", False),
    ("laiyuan_exit", "county_approval"): ("county_officer", False),
    ("yongxiu_identification", "county_approval"): ("county_approver", True),
    ("yongxiu_exit", "county_approval"): ("county_approver", True),
}


def approval(case):
    return CaseStep.objects.select_related("step").get(case=case, step__code="county_approval")


def shipped():
    steps = Step.objects.filter(kind="county_approval")
    return {(s.procedure.code, s.code): (s.role, s.needs_approval_number) for s in steps.select_related("procedure")}


def test_laiyuans_county_steps_are_the_bureaus_without_a_number_and_yongxius_keep_theirs(db):
    assert shipped() == APPROVALS
    # An existing database, its steps as shipped before: the migration brings it to the same.
    Step.objects.filter(kind="county_approval").update(role="county_approver", needs_approval_number=True)
    importlib.import_module("workflow.migrations.0033_step_needs_approval_number").forwards(django_apps, None)
    assert shipped() == APPROVALS


def test_the_county_bureau_decides_laiyuans_case_on_its_page_without_a_number(personas, login, household_a):
    case = laiyuan_at_approval(personas, household_a)
    url = f"/workflow/cases/{case.pk}/"
    # The leading group no longer holds the step.
    with pytest.raises(PermissionDenied, match="“县级审定”环节须由县乡村振兴局办理。"):
        case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    client = login(personas.county_officer)
    page = client.get(url).content.decode()
    assert 'name="county_approval-outcome"' in page
    assert "批复文号" not in page and 'name="county_approval-document_number"' not in page
    assert 'name="county_approval-decided_on"' not in page and "批复日期" not in page
    form = {"county_approval-step_code": "county_approval", "county_approval-outcome": "pass"}
    done = client.post(url, form | {"county_approval-note": "风险明确，同意纳入"})
    assert done.status_code == 302, done.content.decode()[-2000:]
    case.refresh_from_db()
    household_a.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and household_a.monitoring_category == "sudden_hardship"
    step = approval(case)
    assert (step.status, step.note, step.acted_by) == (
        CaseStepStatus.DONE,
        "风险明确，同意纳入",
        personas.county_officer,
    )
    assert not Batch.objects.exists()  # no 批复 to list under 审批批次
    shown = client.get(url).content.decode()
    assert "风险明确，同意纳入" in shown and "批复日期" not in shown and "批复文号" not in shown


def test_a_number_or_a_date_given_to_laiyuans_decision_is_refused(personas, household_a):
    case = laiyuan_at_approval(personas, household_a)
    with pytest.raises(ValidationError) as raised:
        case_act(
            actor=personas.county_officer,
            case=case,
            step_code="county_approval",
            outcome=Outcome.PASS,
            document_number="涞巩固〔2026〕1号",
        )
    assert raised.value.message_dict == {"document_number": ["“县级审定”环节由县乡村振兴局审定，不填批复文号。"]}
    with pytest.raises(ValidationError) as raised:
        case_act(
            actor=personas.county_officer,
            case=case,
            step_code="county_approval",
            outcome=Outcome.PASS,
            decided_on=today(),
        )
    assert "decided_on" in raised.value.message_dict
    assert approval(case).status == CaseStepStatus.OPEN


def test_the_api_decides_laiyuans_case_without_a_number_and_says_so(personas, login, household_a, household_b):
    case = laiyuan_at_approval(personas, household_a)
    client = login(personas.county_officer)
    steps = client.get(f"/api/v1/cases/{case.pk}/").json()["steps"]
    assert {s["code"]: s["needs_approval_number"] for s in steps}["county_approval"] is False
    url = f"/api/v1/cases/{case.pk}/act/"
    numbered = {"step_code": "county_approval", "outcome": "pass", "document_number": "涞巩固〔2026〕1号"}
    refused = client.post(url, numbered, content_type="application/json")
    assert refused.status_code == 400 and "不填批复文号" in refused.content.decode()
    passed = client.post(url, {"step_code": "county_approval", "outcome": "pass"}, content_type="application/json")
    assert passed.status_code == 200, passed.content.decode()
    assert approval(case).status == CaseStepStatus.DONE and approval(case).note == ""


def test_yongxius_approval_still_asks_its_number(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    steps = client.get(f"/api/v1/cases/{case.pk}/").json()["steps"]
    assert {s["code"]: s["needs_approval_number"] for s in steps}["county_approval"] is True
    with pytest.raises(ValidationError) as raised:
        case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    assert raised.value.message_dict == {"document_number": [MSG_DOCUMENT_NUMBER]}
    assert 'name="county_approval-document_number"' in client.get(f"/workflow/cases/{case.pk}/").content.decode()


def test_laiyuans_case_is_not_offered_to_a_batch_and_a_batch_refuses_it(personas, login, household_a):
    case = Case.objects.get(pk=laiyuan_at_approval(personas, household_a).pk)
    queue = login(personas.county_officer).get("/workflow/batches/").content.decode()
    assert f'value="{case.pk}:' not in queue and "张大山" not in queue
    with pytest.raises(BatchConflict) as raised:
        batch_decide(
            actor=personas.county_officer,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number="涞巩固〔2026〕2号",
            decided_on=today(),
        )
    assert "张大山（“县级审定”由县乡村振兴局在案件页逐户审定，不填批复文号）" in raised.value.message
    assert approval(case).status == CaseStepStatus.OPEN and not Batch.objects.exists()


def test_the_county_step_waits_for_the_comparison_or_its_skip(personas, household_a):
    """001 §三 简化县级比对审定: the 审定 comes after the comparison, which a clear risk may skip
    (services.skip_rules)."""
    from tests.workflow.test_laiyuan_review_publicity import opened, to_comparison

    case = to_comparison(personas, opened(personas, household_a))
    assert approval(case).status == CaseStepStatus.PENDING
    with pytest.raises(Exception, match="尚未轮到"):
        case_act(actor=personas.county_officer, case=case, step_code="county_approval", outcome=Outcome.PASS)


def test_the_ledgers_leave_the_number_blank_and_date_the_decision(personas, login, household_a):
    case = laiyuan_at_approval(personas, household_a)
    case_act(actor=personas.county_officer, case=case, step_code="county_approval", outcome=Outcome.PASS)
    client = login(personas.county_officer)
    for code in ("monitored_households",):
        header, body = ledger_table(read_xlsx(download(client.post("/reports/export/", {"ledger": code}))))
        rows = [dict(zip(header, row, strict=False)) for row in body]
        row = next(row for row in rows if row.get("户主姓名") == "张大山")
        assert row["批复文号"] in (None, "")
        assert str(row["批复日期"])[:10] == today().isoformat()
