"""Review findings (apprdate): a single county approval takes its 批复日期 as a batch does, and one 批复 prints one way.

1. The case page's 县级审批 form and POST /api/v1/cases/{id}/act/ take an optional 批复日期 (decided_on; the page
   offers today, no later day), checked as a batch's date is (services.approval_records.record_checks: not in the
   future, not before the case's last step before the approval, the same number with the same date) and recorded
   as a batch records it: the batch's decided_on, the note's head, the household's 纳入监测日期. The case page's
   approval line and the case API (decided_on) show it.
2. A number typed in another spelling than the one on file (永防返贫[2026]88号 for 永防返贫〔2026〕88号) is recorded
   in the spelling on file, on the single path and the batch path alike, and the confirmation says so; a new number
   is recorded as typed."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Batch, CaseStep
from workflow.services.approval_records import MSG_DATE_FUTURE, MSG_DATE_NOT_HERE
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NUMBER = "永防返贫〔2026〕88号"
TYPED = "永防返贫[2026]88号"


def backdated(case, days=10):
    """The case as if its steps before the approval were done `days` days ago."""
    CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).update(
        acted_at=timezone.now() - dt.timedelta(days=days)
    )
    type(case).objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=days + 5))
    case.refresh_from_db()
    return case


@pytest.fixture
def case(personas, household_a):
    return backdated(at_approval(personas, household_a, personas.cadre_a))


@pytest.fixture
def other(personas, household_b):
    return backdated(at_approval(personas, household_b, personas.cadre_b))


def approval(case):
    return CaseStep.objects.get(case=case, step__code="county_approval")


def post(client, case, number, day, note="同意纳入"):
    return client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": number,
            "county_approval-decided_on": day.isoformat() if day else "",
            "county_approval-note": note,
        },
        follow=True,
    )


def api_act(client, case, step_code="county_approval", **body):
    return client.post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": step_code, "outcome": "pass", **body},
        content_type="application/json",
    )


def decide(personas, cases, decided_on, number=NUMBER):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in cases],
        decision="approve",
        document_number=number,
        decided_on=decided_on,
    )


def test_the_form_leaves_the_date_empty_says_why_and_offers_no_later_day(personas, login, case):
    """Review finding (fix_recent 3): today offered by default made a number on file (with its own date) fail on the
    page while the API, given no date, took the number's date. The page now leaves it empty, as the API does."""
    page = login(personas.approver).get(f"/workflow/cases/{case.pk}/").content.decode()
    tag = page[page.rindex("<input", 0, page.index('name="county_approval-decided_on"')) :]
    tag = tag[: tag.index(">") + 1]
    assert "value=" not in tag and f'max="{today():%Y-%m-%d}"' in tag
    assert "已有批复文号的，留空即按原批复日期" in page
    assert page.index('name="county_approval-document_number"') < page.index('name="county_approval-decided_on"')


def test_a_number_on_file_left_undated_on_the_page_takes_its_date(personas, login, case, other):
    day = today() - dt.timedelta(days=2)
    decide(personas, [other], day)

    page = post(login(personas.approver), case, NUMBER, None).content.decode()

    step = approval(case)
    assert step.status == CaseStepStatus.DONE and step.note.startswith(f"批复文号：{NUMBER}（{day:%Y-%m-%d}）")
    assert f"（批复日期 {day:%Y-%m-%d}）" in page and "已用于" not in page


def test_a_past_date_is_recorded_as_a_batch_records_it_and_shown_on_the_line(personas, login, case):
    day = today() - dt.timedelta(days=3)
    page = post(login(personas.approver), case, "永防返贫〔2026〕90号", day).content.decode()

    step = approval(case)
    assert (
        step.status == CaseStepStatus.DONE
        and step.note == f"批复文号：永防返贫〔2026〕90号（{day:%Y-%m-%d}），同意纳入"
    )
    assert Batch.objects.get(items__case=case).decided_on == day
    assert Household.objects.get(pk=case.household_id).monitoring_start == day
    assert f"<span data-decided-on>（批复日期 {day:%Y-%m-%d}）</span>：批复文号：永防返贫〔2026〕90号，同意纳入" in page


def test_a_date_in_the_future_before_the_last_step_or_off_its_number_is_refused(personas, login, case, other):
    client = login(personas.approver)
    assert (
        MSG_DATE_FUTURE in post(client, case, "永防返贫〔2026〕90号", today() + dt.timedelta(days=1)).content.decode()
    )
    early = post(client, case, "永防返贫〔2026〕90号", today() - dt.timedelta(days=11)).content.decode()
    assert "批复日期" in early and "早于以下农户上报审批前的最后办理日期" in early
    decide(personas, [other], today() - dt.timedelta(days=2))
    clash = post(client, case, NUMBER, today() - dt.timedelta(days=1)).content.decode()
    assert f"已用于 {today() - dt.timedelta(days=2):%Y-%m-%d} 的批复" in clash
    assert approval(case).status == CaseStepStatus.OPEN and Batch.objects.count() == 1


def test_the_api_takes_the_date_and_the_case_says_it(personas, login, case):
    client = login(personas.approver)
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["decided_on"] is None
    day = today() - dt.timedelta(days=4)
    response = api_act(client, case, document_number="永防返贫〔2026〕91号", decided_on=day.isoformat())

    assert response.status_code == 200 and response.json()["decided_on"] == day.isoformat()
    assert Batch.objects.get(items__case=case).decided_on == day
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["decided_on"] == day.isoformat()
    listed = client.get("/api/v1/cases/", {"household": case.household_id}).json()["results"]
    assert [row["decided_on"] for row in listed] == [day.isoformat()]


def test_the_api_refuses_a_date_with_a_return_rather_than_dropping_it(personas, login, case):
    body = {"outcome": Outcome.RETURN, "note": "请补充比对证明", "decided_on": today().isoformat()}
    response = api_act(login(personas.approver), case, **body)
    assert response.status_code == 400 and response.json()["decided_on"] == [MSG_DATE_NOT_HERE]
    assert approval(case).status == CaseStepStatus.OPEN


def test_a_refusal_takes_its_date_as_an_approval_does(personas, login, case, other):
    """A 不通过 is the leading group's 批复 too (services.approval_records.records_decision): dated and recorded."""
    day = today() - dt.timedelta(days=3)
    body = {"outcome": Outcome.REJECT, "note": "不符合纳入条件", "document_number": NUMBER}
    body["decided_on"] = day.isoformat()
    response = api_act(login(personas.approver), case, **body)
    assert response.status_code == 200, response.content.decode()
    batch = Batch.objects.get(items__case=case)
    assert (batch.decision, batch.decided_on) == ("reject", day)
    assert approval(case).note == f"批复文号：{NUMBER}（{day.isoformat()}），不符合纳入条件"
    early = today() - dt.timedelta(days=30)  # before the case's last step: refused as a batch's date is
    late = {**body, "document_number": "永防返贫〔2026〕89号", "decided_on": early.isoformat()}
    refused = api_act(login(personas.approver), other, **late)
    assert refused.status_code == 400 and "早于" in refused.json()["decided_on"][0]


def test_a_single_approval_under_a_number_on_file_takes_its_spelling(personas, login, case, other):
    decided_on = today() - dt.timedelta(days=2)
    decide(personas, [other], decided_on)
    page = post(login(personas.approver), case, TYPED, decided_on).content.decode()

    single = Batch.objects.get(items__case=case)
    assert single.document_number == NUMBER and approval(case).note.startswith(f"批复文号：{NUMBER}（")
    assert f"按已有批复文号“{NUMBER}”记录" in page


def test_a_batch_under_a_number_on_file_takes_its_spelling_and_the_confirmation_says_so(personas, login, case, other):
    decided_on = today() - dt.timedelta(days=2)
    decide(personas, [other], decided_on)
    form = {
        "case": [f"{case.pk}:{case_version(case)}"],
        "decision": "approve",
        "document_number": TYPED,
        "decided_on": decided_on.isoformat(),
        "note": "",
    }
    confirmation = login(personas.approver).post("/workflow/batches/", form).content.decode()
    assert f"按已有批复文号“{NUMBER}”记录" in confirmation

    batch = decide(personas, [case], decided_on, number=TYPED)
    assert batch.document_number == NUMBER and approval(case).note.startswith(f"批复文号：{NUMBER}（")


def test_a_new_number_is_recorded_as_typed(personas, login, case):
    page = post(login(personas.approver), case, TYPED, today()).content.decode()
    assert Batch.objects.get(items__case=case).document_number == TYPED
    assert "按已有批复文号" not in page


def test_left_out_on_the_api_a_new_number_is_dated_today(personas, login, case):
    response = api_act(login(personas.approver), case, document_number="永防返贫〔2026〕92号")
    assert response.status_code == 200 and response.json()["decided_on"] == today().isoformat()
    assert approval(case).note == f"批复文号：永防返贫〔2026〕92号（{today():%Y-%m-%d}）"


def test_a_number_clash_names_the_earlier_single_approval_by_household_and_case(personas, login, case, other):
    client = login(personas.approver)
    day = today() - dt.timedelta(days=2)
    assert post(client, other, NUMBER, day).status_code == 200  # a single approval: a one-case batch
    clash = post(client, case, NUMBER, today() - dt.timedelta(days=1)).content.decode()

    name = other.household.head_name or other.household.number
    assert f"已用于 {day:%Y-%m-%d} 的批复（{name}户，案件{other.pk}，{day:%Y-%m-%d} 批准）" in clash
    assert "审批批次" not in clash and approval(case).status == CaseStepStatus.OPEN
