import datetime as dt

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from households.models import Household
from screening.choices import ResultStatus
from screening.models import ScreeningResult
from tests.workflow.helpers import act_after_publicity as case_act
from tests.workflow.helpers import household_checked, minutes, sign_consent
from tests.workflow.helpers import task_tile as _task_tile
from workflow.choices import CaseKind, CaseStatus, Channel, Outcome
from workflow.models import Case, Objection, Procedure
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(personas, household_a):
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village step passes only with it
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.SELF_APPLICATION,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
        discovered_on=timezone.localdate() - dt.timedelta(days=20),
    )
    household_checked(actor=personas.cadre_a, case=case)  # and the household visit before it (000 §三(三)2)
    return case


def test_my_tasks_by_role_and_scope(personas, login, case_a):
    Procedure.objects.filter(pk=case_a.procedure_id).update(limit_days=15)
    page = login(personas.cadre_a).get("/workflow/").content.decode()
    assert "张大山" in page and "村级评议" in page and "超期：超过办结时限" in page
    assert "我的任务" in page
    # Another village's cadre and the township (not its step yet) see nothing to do.
    assert "张大山" not in login(personas.cadre_b).get("/workflow/").content.decode()
    assert "张大山" not in login(personas.township).get("/workflow/").content.decode()


def test_the_home_tile_counts_the_cases_waiting_on_the_role(personas, login, case_a):
    assert _task_tile(login(personas.cadre_a).get("/").content.decode()) == "1"
    # The other village's cadre and the township (not its step yet) have nothing waiting.
    assert _task_tile(login(personas.cadre_b).get("/").content.decode()) == "0"
    assert _task_tile(login(personas.township).get("/").content.decode()) == "0"
    case = case_act(actor=personas.cadre_a, case=case_a, step_code="village_review", outcome=Outcome.PASS)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert _task_tile(login(personas.cadre_a).get("/").content.decode()) == "0"
    # 000 §三(三)3: the township sums up and checks the village's list first, then the county compares.
    assert _task_tile(login(personas.township).get("/").content.decode()) == "1"
    assert _task_tile(login(personas.county_officer).get("/").content.decode()) == "0"
    case = case_act(actor=personas.township, case=case, step_code="township_preliminary", outcome=Outcome.PASS)
    assert _task_tile(login(personas.township).get("/").content.decode()) == "0"
    assert _task_tile(login(personas.county_officer).get("/").content.decode()) == "1"
    case_act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.PASS)
    assert _task_tile(login(personas.county_officer).get("/").content.decode()) == "0"
    assert _task_tile(login(personas.township).get("/").content.decode()) == "1"
    # A role with no step in any active procedure is not shown the tile.
    assert _task_tile(login(personas.official).get("/").content.decode()) is None


def test_case_detail_act_through_form(personas, login, case_a):
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case_a.pk}/").content.decode()
    assert "办理：村级评议" in page and "县级审批" in page
    form = {"village_review-step_code": "village_review", "village_review-outcome": "pass"}
    # A village review is a meeting: passed on the page only with its minutes (or through the meeting page).
    refused = client.post(f"/workflow/cases/{case_a.pk}/", form)
    assert refused.status_code == 200 and "召开民主评议会议" in refused.content.decode()
    assert case_a.case_steps.get(step__code="village_review").status == "open"
    response = client.post(f"/workflow/cases/{case_a.pk}/", {**form, "village_review-attachment": minutes()})
    assert response.status_code == 302
    case_a.refresh_from_db()
    step = case_a.case_steps.get(step__code="village_review")
    assert step.status == "done" and step.attachment.name.endswith(".pdf")


def test_case_detail_out_of_scope_is_404(personas, login, case_a):
    assert login(personas.cadre_b).get(f"/workflow/cases/{case_a.pk}/").status_code == 404


def test_open_case_from_household_page(personas, login, household_a):
    client = login(personas.cadre_a)
    page = client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    assert "发起识别/退出" in page
    form = client.get(f"/workflow/households/{household_a.pk}/cases/new/").content.decode()
    # 发现渠道 feeds the statistics: the cadre chooses it (no option pre-selected) unless the way in says it.
    assert '<option value="" selected>请选择</option>' in form and '<option value="cadre_visit" selected>' not in form
    response = client.post(
        f"/workflow/households/{household_a.pk}/cases/new/",
        {
            "kind": "identification",
            "channel": "cadre_visit",
            "risk_types": ["medical_cost"],
            "category": "sudden_hardship",
            "discovered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(household=household_a).status == CaseStatus.OPEN
    assert login(personas.cadre_b).get(f"/workflow/households/{household_a.pk}/cases/new/").status_code == 404


def test_open_from_screening_hit(personas, login, household_a):
    result = ScreeningResult.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        status=ResultStatus.HIT,
        reasons=["大病"],
        risk_types=["medical_cost"],
        first_hit_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client = login(personas.cadre_a)
    assert "提议纳入监测并发起识别" in client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    response = client.post(
        f"/workflow/screening/{result.pk}/open/", {"category": "sudden_hardship", "note": "核实属实"}
    )
    assert response.status_code == 302
    case = Case.objects.get(household=household_a)
    assert (case.channel, case.risk_types, case.discovered_on) == (
        "screening_hit",
        ["medical_cost"],
        result.first_hit_on,
    )
    result.refresh_from_db()
    assert result.status == ResultStatus.PROPOSED


def test_api_list_retrieve_scope(personas, login, case_a):
    client = login(personas.cadre_a)
    listing = client.get("/api/v1/cases/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [row["id"] for row in rows] == [case_a.pk]
    assert client.get(f"/api/v1/cases/{case_a.pk}/").json()["steps"][0]["code"] == "village_review"
    other = login(personas.cadre_b)
    assert other.get(f"/api/v1/cases/{case_a.pk}/").status_code == 404
    assert (
        other.post(f"/api/v1/cases/{case_a.pk}/act/", {"step_code": "village_review", "outcome": "pass"}).status_code
        == 404
    )


def test_api_create_and_act(personas, login, household_a, household_b):
    client = login(personas.cadre_a)
    body = {
        "household": household_a.pk,
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["medical_cost"],
        "category": "sudden_hardship",
    }
    response = client.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    again = client.post("/api/v1/cases/", body, content_type="application/json")
    assert again.status_code in (400, 409) and "办理中" in again.content.decode()
    # A household out of scope cannot be named.
    out = client.post("/api/v1/cases/", {**body, "household": household_b.pk}, content_type="application/json")
    assert out.status_code == 400
    url = f"/api/v1/cases/{case_id}/act/"
    sign_consent(actor=personas.cadre_a, household=household_a)  # the village review passes only with it
    household_checked(actor=personas.cadre_a, case=Case.objects.get(pk=case_id))  # and the visit before it
    bare = client.post(url, {"step_code": "village_review", "outcome": "pass"}, content_type="application/json")
    assert bare.status_code == 400 and "会议记录" in bare.content.decode()
    act = client.post(url, {"step_code": "village_review", "outcome": "pass", "attachment": minutes()})
    assert act.status_code == 200
    assert [s["status"] for s in act.json()["steps"]][:2] == ["done", "open"]
    wrong = login(personas.township).post(
        f"/api/v1/cases/{case_id}/act/",
        {"step_code": "village_publicity", "outcome": "pass"},
        content_type="application/json",
    )
    assert wrong.status_code == 403 and "须由" in wrong.content.decode()


def test_schema_has_cases_in_chinese(personas, login):
    schema = login(personas.county_officer).get("/api/v1/schema/").content.decode()
    assert "/api/v1/cases/{id}/act/" in schema
    assert "办理当前环节" in schema


def test_approval_outcome_reaches_household_page(personas, login, case_a):
    case = case_a
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
        (personas.approver, "county_approval"),
        (personas.township, "announcement"),
    ]:
        case = case_act(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    assert Household.objects.get(pk=case.household_id).monitoring_category == "sudden_hardship"
    assert "已通过" in login(personas.cadre_a).get(f"/households/{case.household_id}/?tab=cases").content.decode()


def test_objection_pages(personas, login, case_a):
    case = case_act(actor=personas.cadre_a, case=case_a, step_code="village_review", outcome=Outcome.PASS)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "公示截止" in page and "登记异议" in page
    response = client.post(
        f"/workflow/cases/{case.pk}/objections/new/",
        {"step_code": "village_publicity", "raised_by_name": "李四", "content": "有轿车"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert login(personas.cadre_b).get(f"/workflow/objections/{objection.pk}/resolve/").status_code == 404
    response = client.post(f"/workflow/objections/{objection.pk}/resolve/", {"upheld": "0", "resolution": "农用车"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.upheld is False and not objection.blocks
