"""A code reads the same in every list, its label beside it: the approval queue's labour_capacity was 有劳动能力
where /api/v1/households/ said the code; now both give the code and labour_capacity_display the label."""

import pytest

from households.choices import LabourCapacity
from households.models import Household
from tests.config.schema_check import assert_matches_schema, openapi
from tests.workflow.batch_helpers import at_approval

pytestmark = pytest.mark.django_db


def test_the_queue_and_the_household_list_give_the_code_and_its_label(personas, login, household_a):
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.PARTIAL)
    at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)

    queue = client.get("/api/v1/batches/queue/")
    (row,) = queue.json()["results"]
    (household,) = client.get("/api/v1/households/").json()["results"]

    assert row["labour_capacity"] == household["labour_capacity"] == LabourCapacity.PARTIAL
    assert row["labour_capacity_display"] == household["labour_capacity_display"] == LabourCapacity.PARTIAL.label
    assert household["household_type_display"] == "脱贫户"
    assert_matches_schema(openapi(client), "/api/v1/batches/queue/", "get", queue)


# Every other coded value of the workflow API has its label beside it, `<field>_display`, and a list of codes a
# list of labels in the same order: a county's dashboard shows 基层干部排查 and 县乡村振兴局, not "cadre_visit".


def test_a_case_its_steps_its_comparison_and_the_approval_queue_give_each_code_with_its_label(
    personas, login, household_a
):
    from accounts.choices import Role
    from households.choices import MonitoringCategory
    from workflow.choices import CaseStatus, CaseStepStatus, Outcome
    from workflow.choices_comparisons import ComparisonItem

    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)

    detail = client.get(f"/api/v1/cases/{case.pk}/")
    queue = client.get("/api/v1/batches/queue/")
    comparisons = client.get("/api/v1/comparisons/", {"case": case.pk})

    body = detail.json()
    assert (body["kind_display"], body["channel_display"]) == ("纳入", "基层干部排查")
    assert body["category_display"] == MonitoringCategory(body["category"]).label
    assert body["status_display"] == CaseStatus(body["status"]).label
    assert body["risk_types_display"] == ["大病重病重残医疗支出大"]
    assert body["national_risk_types_display"] == ["因病"]
    steps = {step["code"]: step for step in body["steps"]}
    assert (steps["county_comparison"]["role_display"], steps["county_comparison"]["outcome_display"]) == (
        "县乡村振兴局",
        "通过",
    )
    (open_step,) = [step for step in body["steps"] if step["status"] == CaseStepStatus.OPEN]
    assert (open_step["role_display"], open_step["outcome_display"]) == (Role(open_step["role"]).label, "")
    (row,) = queue.json()["results"]
    assert (row["kind_display"], row["channel_display"], row["category_display"]) == (
        "纳入",
        "基层干部排查",
        body["category_display"],
    )
    assert row["risk_types_display"] == ["大病重病重残医疗支出大"]
    (comparison,) = comparisons.json()["results"]
    assert (comparison["decision"], comparison["decision_display"]) == ("no_finding", "比对无异常")
    for finding in comparison["findings"]:
        assert finding["item_display"] == ComparisonItem(finding["item"]).label
        assert (finding["result"], finding["result_display"]) == ("none", "无")
        assert finding["exclusion_kind_display"] == ""
    assert Outcome.PASS.label == "通过"
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/cases/{id}/", "get", detail)
    assert_matches_schema(schema, "/api/v1/batches/queue/", "get", queue)
    assert_matches_schema(schema, "/api/v1/comparisons/", "get", comparisons)


def test_the_township_queue_and_its_decision_give_each_code_with_its_label(personas, login, household_a):
    from tests.workflow.steps_helpers import open_case, walk_to
    from workflow.services.batches import case_version

    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")
    client = login(personas.township)

    queue = client.get("/api/v1/township-audits/")
    (row,) = queue.json()["results"]
    assert (row["kind_display"], row["category_display"]) == ("纳入", "突发严重困难户")
    assert row["risk_types_display"] == ["大病重病重残医疗支出大"]
    case.refresh_from_db()
    decided = client.post(
        "/api/v1/township-audits/decide/",
        {"cases": [{"id": case.pk, "version": case_version(case)}], "outcome": "pass"},
        content_type="application/json",
    )
    assert (decided.json()["outcome"], decided.json()["outcome_display"]) == ("pass", "通过")
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/township-audits/", "get", queue)
    assert_matches_schema(schema, "/api/v1/township-audits/decide/", "post", decided)


def test_a_meetings_reviews_and_an_application_give_each_code_with_its_label(personas, login, county, household_a):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.workflow.batch_helpers import open_case
    from tests.workflow.helpers import household_checked, sign_consent
    from tests.workflow.test_applications_village import apply
    from workflow.services.meetings import ReviewInput, meeting_record

    case = open_case(personas.cadre_a, household_a)
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village review passes only with it
    household_checked(actor=personas.cadre_a, case=case)  # and the household visit before it
    meeting_record(
        actor=personas.cadre_a,
        village=county.village_a,
        held_on=timezone.localdate(),
        place="城南村村委会会议室",
        attendees={
            "committee": (5, "王书记、李主任、赵委员、钱委员、孙委员"),
            "work_team": (2, "周队长、吴队员"),
            "supervisory": (1, "郑主任"),
            "representative": (4, "冯一、陈二、褚三、卫四"),
        },
        reviews=[ReviewInput(case_id=case.pk, votes_for=10, votes_against=1, votes_abstain=1)],
        minutes=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"),
    )
    apply(county.village_a, risk_types=["medical_cost", "disaster_loss"])
    client = login(personas.cadre_a)

    meetings = client.get("/api/v1/meetings/")
    applications = client.get("/api/v1/applications/")

    (meeting,) = meetings.json()["results"]
    (review,) = meeting["reviews"]
    assert (review["outcome"], review["outcome_display"]) == ("pass", "通过")
    (application,) = applications.json()["results"]
    assert application["risk_types"] == ["medical_cost", "disaster_loss"]
    assert application["risk_types_display"] == ["大病重病重残医疗支出大", "因灾因意外财产损失大"]
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/meetings/", "get", meetings)
    assert_matches_schema(schema, "/api/v1/applications/", "get", applications)
