"""The township batch audit page (乡镇批量审核): the queue with its filters, the confirmation listing each case and what
refuses it, the action itself, a stale tab, scope, and the links from 我的任务 and the home page."""

import datetime as dt

import pytest

from tests.workflow.batch_helpers import new_household
from tests.workflow.township_helpers import TO_AUDIT, at_township, other_township, selection
from workflow.choices import CaseKind, CaseStepStatus
from workflow.models import Case, CaseStep, Procedure
from workflow.services.batches import CaseRef, case_version
from workflow.services.objections import objection_add
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]


def decision(cases, **extra):
    return {"case": selection(cases), "outcome": "pass", "note": "情况属实", **extra}


def step_status(case):
    return CaseStep.objects.get(case=case, step__code="township_preliminary").status


def test_the_queue_lists_the_townships_cases_at_its_audit_with_filters(personas, login, county, two):
    client = login(personas.township)
    page = client.get(URL).content.decode()
    assert "张大山" in page and "王五" in page and "全选本页" in page and 'name="case"' in page
    assert "共 2 户待审核" in page and "乡镇汇总初审" in page
    village = client.get(f"{URL}?village={county.village_b.code}").content.decode()
    assert "王五" in village and "张大山" not in village
    assert "共 0 户" in client.get(f"{URL}?kind={CaseKind.EXIT}").content.decode()
    assert "共 0 户" in client.get(f"{URL}?overdue=on").content.decode()
    # The one 超期 definition (selectors_deadlines): past the procedure's time limit, here a Hebei-style 15 days.
    Procedure.objects.filter(pk=two[0].procedure_id).update(limit_days=15)
    Case.objects.filter(pk=two[0].pk).update(discovered_on=dt.date(2000, 1, 1))
    overdue = client.get(f"{URL}?overdue=on").content.decode()
    assert "张大山" in overdue and "王五" not in overdue and "data-overdue" in overdue


def test_a_village_filter_out_of_scope_lists_nothing_and_says_why(personas, login, county, two):
    page = login(personas.township).get(f"{URL}?village={county.village_c.code}").content.decode()
    assert "data-filter-errors" in page and "张大山" not in page


def test_confirmation_then_pass(personas, login, two):
    client = login(personas.township)
    confirm = client.post(URL, decision(two))
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "确认通过 2 户" in page and "情况属实" in page and "确认提交" in page
    assert [step_status(case) for case in two] == [CaseStepStatus.OPEN, CaseStepStatus.OPEN]
    done = client.post(URL, {**decision(two), "confirmed": "1"}, follow=True)
    assert "已通过 2 户乡镇审核" in done.content.decode()
    assert [step_status(case) for case in two] == [CaseStepStatus.DONE, CaseStepStatus.DONE]


def test_a_return_without_its_note_is_said_before_the_confirmation(personas, login, two):
    page = login(personas.township).post(URL, decision(two, outcome="return", note="")).content.decode()
    assert "退回村级补正时请填写需要补正的内容" in page and "确认提交" not in page


def test_the_confirmation_names_a_case_that_cannot_pass_and_offers_no_submit(personas, login, two):
    objection_add(
        actor=personas.township,
        case=two[1],
        step_code="village_publicity",
        raised_by_name="张三",
        raised_on=dt.date(2000, 1, 1),
        content="有商品房。",
    )
    client = login(personas.township)
    assert "data-pass-refusal" in client.get(URL).content.decode()
    two[1].refresh_from_db()
    page = client.post(URL, decision(two)).content.decode()
    assert "data-refused" in page and "王五" in page and "公示期间收到的异议尚未核实" in page
    assert "确认提交" not in page


def test_a_stale_tab_is_told_who_passed_the_case(personas, login, two):
    client = login(personas.township)
    rendered = decision(two)
    township_batch_audit(actor=personas.township, refs=[CaseRef(two[0].pk, case_version(two[0]))], outcome="pass")
    page = client.post(URL, {**rendered, "confirmed": "1"}).content.decode()
    assert "本次未办理：以下农户已发生变化" in page
    assert "“乡镇汇总初审”环节已由township办理，请刷新后查看。" in page
    assert step_status(two[1]) == CaseStepStatus.OPEN


def test_another_townships_case_is_neither_listed_nor_confirmed(personas, login, county, two):
    other = other_township(county)
    theirs = at_township(personas, other.household, other.cadre, township=other.officer)
    client = login(personas.township)
    assert "周七" not in client.get(URL).content.decode()
    page = client.post(URL, decision([two[0], theirs])).content.decode()
    assert "周七" not in page and "另有 1 户已不在乡镇审核环节或不在您的管辖范围内" in page and "确认提交" not in page
    refused = client.post(URL, {**decision([two[0], theirs]), "confirmed": "1"}).content.decode()
    assert f"案件{theirs.pk}" in refused and "周七" not in refused
    assert step_status(theirs) == CaseStepStatus.OPEN and step_status(two[0]) == CaseStepStatus.OPEN
    # The other township's officer sees its own case only.
    assert "周七" in login(other.officer).get(URL).content.decode()


def test_the_county_sees_the_queue_but_has_nothing_to_tick(personas, login, two):
    page = login(personas.county_officer).get(URL).content.decode()
    assert "张大山" in page and 'name="case"' not in page and "由乡镇干部办理" in page


def test_the_worklist_and_the_home_page_lead_to_it(personas, login, county, two):
    at_township(
        personas, new_household(personas.cadre_a, county.village_a, "赵六", 77), personas.cadre_a, steps=TO_AUDIT
    )
    client = login(personas.township)
    assert f'href="{URL}"' in client.get("/workflow/").content.decode()
    home = client.get("/").content.decode()
    assert f'href="{URL}"><strong>乡镇审核 <span class="tile-count">3</span>' in home
    cadre = login(personas.cadre_a)
    assert f'href="{URL}"' not in cadre.get("/workflow/").content.decode()
    assert f'href="{URL}"' not in cadre.get("/").content.decode()
