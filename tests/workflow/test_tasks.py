"""我的任务 at a county's scale: the cases waiting on the user's role, found by place, step, kind, overdue or
household, a page at a time; the same through the API (?mine=yes)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow.helpers import act_after_publicity as case_act
from tests.workflow.helpers import task_tile
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import Procedure
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db

COMPARISON = "县级部门比对"


def _identification(cadre, household, days_ago=0):
    return case_open(
        actor=cadre,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category="sudden_hardship",
        discovered_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def _at_county_comparison(personas, household, cadre, days_ago):
    case = _identification(cadre, household, days_ago)
    for code in ("village_review", "village_publicity"):
        case = case_act(actor=cadre, case=case, step_code=code, outcome=Outcome.PASS)
    return case_act(actor=personas.township, case=case, step_code="township_preliminary", outcome=Outcome.PASS)


@pytest.fixture
def waiting(personas, household_a, household_b):
    """Two cases at the county's comparison: 张大山 (城南村, 20 days old) and 王五 (城北村, 3 days old)."""
    a = _at_county_comparison(personas, household_a, personas.cadre_a, 20)
    b = _at_county_comparison(personas, household_b, personas.cadre_b, 3)
    Procedure.objects.filter(pk=a.procedure_id).update(limit_days=15)
    return a, b


def _names(client, query=""):
    page = client.get(f"/workflow/{query}").content.decode()
    return [name for name in ("张大山", "王五") if name in page], page


def test_the_county_finds_its_tasks_by_place_step_kind_overdue_and_household(personas, login, county, waiting):
    client = login(personas.county_officer)
    names, page = _names(client)
    assert names == ["张大山", "王五"] and "共 2 件" in page
    assert page.index("张大山") < page.index("王五")  # oldest discovery first
    # Over two townships the place filter groups the villages under their township.
    assert '<optgroup label="涂埠镇">' in page and "涂埠镇（全部村）" in page
    assert _names(client, f"?village={county.village_b.code}")[0] == ["王五"]
    assert _names(client, f"?village={county.township.code}")[0] == ["张大山", "王五"]
    assert _names(client, f"?village={county.township2.code}")[0] == []
    assert _names(client, "?q=王五")[0] == ["王五"]
    assert _names(client, f"?q={waiting[0].household.number}")[0] == ["张大山"]
    assert _names(client, "?overdue=on")[0] == ["张大山"]
    assert _names(client, f"?step={COMPARISON}")[0] == ["张大山", "王五"]
    assert _names(client, f"?kind={CaseKind.EXIT}")[0] == []
    # The county bureau holds no village meeting; the leading group's page leads to its batch approval.
    assert "民主评议会议" not in page
    approver_page = _names(login(personas.approver))[1]
    assert "批量审批</a>" in approver_page.split("</header>")[1] and "民主评议会议" not in approver_page
    # A step this role has no part in is named as an error; the other filters still apply.
    names, page = _names(client, "?step=乡镇审核&q=王五")
    assert names == ["王五"] and "不在可选范围内，请重新选择" in page
    names, page = _names(client, "?q=李四")
    assert names == [] and "没有符合条件的待办任务" in page and "清空条件" in page


def test_a_cadre_sees_neither_the_place_filter_nor_other_villages_cases(personas, login, household_a, household_b):
    _identification(personas.cadre_a, household_a)
    _identification(personas.cadre_b, household_b)
    names, page = _names(login(personas.cadre_a))
    assert names == ["张大山"] and "共 1 件" in page and 'name="village"' not in page
    assert "村级评议" in page
    assert "民主评议会议" in page and "批量审批</a>" not in page.split("</header>")[1]
    assert "暂无待办任务" in _names(login(personas.township))[1]


def test_tasks_come_a_page_at_a_time(personas, login, county, waiting, monkeypatch):
    from workflow import views

    real = views.Paginator
    monkeypatch.setattr(views, "Paginator", lambda items, _size: real(items, 1))
    client = login(personas.county_officer)
    first, page = _names(client)
    assert first == ["张大山"] and "第 1 / 2 页" in page and "page=2" in page
    assert _names(client, "?page=2")[0] == ["王五"]
    # The filters are kept from page to page.
    page = _names(client, f"?village={county.township.code}")[1]
    assert f"?village={county.township.code}&page=2" in page


def test_the_api_lists_the_cases_waiting_on_the_caller(personas, login, county, waiting):
    client = login(personas.county_officer)
    rows = client.get("/api/v1/cases/", {"mine": "yes"}).json()["results"]
    assert [row["id"] for row in rows] == [waiting[0].pk, waiting[1].pk]
    rows = client.get("/api/v1/cases/", {"mine": "yes", "region": county.village_b.code}).json()["results"]
    assert [row["id"] for row in rows] == [waiting[1].pk]
    rows = client.get("/api/v1/cases/", {"mine": "yes", "overdue": "yes"}).json()["results"]
    assert [row["id"] for row in rows] == [waiting[0].pk]
    unknown = client.get("/api/v1/cases/", {"mine": "yes", "region": "999999999999"})
    assert unknown.status_code == 400 and "region" in unknown.json()  # named, not an empty list
    # The cadres have nothing left to do on these cases.
    assert login(personas.cadre_a).get("/api/v1/cases/", {"mine": "yes"}).json()["results"] == []
    assert len(login(personas.cadre_a).get("/api/v1/cases/").json()["results"]) == 1
    bad = client.get("/api/v1/cases/", {"kind": "nonsense"})
    assert bad.status_code == 400 and "kind" in bad.json()
    bad = client.get("/api/v1/cases/", {"household": "abc"})
    assert bad.status_code == 400 and "数字" in str(bad.json()["household"])


def test_a_running_publicity_waits_for_its_end_not_for_the_cadre(personas, login, household_a):
    from workflow.models import CaseStep
    from workflow.services.objections import objection_add, objection_resolve
    from workflow.services.publicity import publicity_posted_record

    case = _identification(personas.cadre_a, household_a)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    # posted today (until then it is the cadre's task: tests/workflow/test_publicity_unposted_task.py)
    publicity = publicity_posted_record(
        actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=timezone.localdate()
    )
    assert publicity.ends_on >= timezone.localdate()
    client = login(personas.cadre_a)
    names, page = _names(client)
    assert names == ["张大山"] and "共 0 件" in page  # listed under 公示中 only
    assert '公示中 <span class="badge">1</span>' in page and f"至 {publicity.ends_on:%Y-%m-%d}" in page
    assert task_tile(client.get("/").content.decode()) == "0"
    # An objection to look into makes it the cadre's task again, until it is found unfounded.
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="村民甲", content="收入不实"
    )
    page = _names(client)[1]
    assert "共 1 件" in page and "公示中 <span" not in page
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="经核实收入属实")
    assert "共 0 件" in _names(client)[1]
    # Once the period has ended the step is the cadre's to pass (if the hourly task has not yet).
    CaseStep.objects.filter(pk=publicity.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    page = _names(client)[1]
    assert "共 1 件" in page and "公示中 <span" not in page


def test_a_running_publicity_offers_only_to_end_the_case_early(personas, login, household_a):
    case = _identification(personas.cadre_a, household_a)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    client = login(personas.cadre_a)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "公示期间有异议：村级公示" in page and "期满无异议由系统自动通过" in page
    assert 'value="reject"' in page and 'value="pass"' not in page
    # A pass posted anyway is refused with the period's end, and nothing moves.
    response = client.post(
        f"/workflow/cases/{case.pk}/",
        {"village_publicity-step_code": "village_publicity", "village_publicity-outcome": "pass"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.case_steps.get(step__code="village_publicity").status == "open"
    # Ending it early, with a reason, closes the case.
    response = client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "village_publicity-step_code": "village_publicity",
            "village_publicity-outcome": "reject",
            "village_publicity-note": "异议经核实成立：家庭有稳定经营收入",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status != "open"
