"""The single 公告 step's 公告日期 (services.batch_announce.step_act): the case page's form of the township's
announcement offers it (today by default, no later day in the picker), checks it as the batch does — not in the
future, not before the case's 批复日期 — and writes it as the batch does: at the head of the note and as a fact of the
record (CaseEvent.detail announced_on) that the step's line shows."""

import datetime as dt

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Batch, CaseEvent, CaseStep
from workflow.services.batch_announce import MSG_DATE_FUTURE, MSG_DATE_NOT_HERE

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(personas, household_a):
    """A case approved five days ago (its one-case batch's 批复日期), at the township's announcement."""
    case = at_approval(personas, household_a, personas.cadre_a)
    case = act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    Batch.objects.filter(items__case=case).update(decided_on=today() - dt.timedelta(days=5))
    return case


def post(client, case, day, note=""):
    return client.post(
        f"/workflow/cases/{case.pk}/",
        {
            "announcement-step_code": "announcement",
            "announcement-outcome": "pass",
            "announcement-announced_on": day.isoformat() if day else "",
            "announcement-note": note,
        },
        follow=True,
    )


def announcement(case):
    return CaseStep.objects.get(case=case, step__code="announcement")


def test_the_form_offers_the_date_today_by_default_and_no_later_day(personas, login, approved):
    page = login(personas.township).get(f"/workflow/cases/{approved.pk}/").content.decode()
    field = page[page.index('name="announcement-announced_on"') - 200 :][:400]
    assert f'value="{today():%Y-%m-%d}"' in field and f'max="{today():%Y-%m-%d}"' in field


def test_a_past_date_after_the_approval_is_written_and_shown(personas, login, approved):
    day = today() - dt.timedelta(days=2)
    page = post(login(personas.township), approved, day, note="已在国家系统标识").content.decode()

    step = announcement(approved)
    assert step.status == CaseStepStatus.DONE and step.note == f"公告日期：{day:%Y-%m-%d}，已在国家系统标识"
    event = CaseEvent.objects.get(case=approved, action="case_act", detail__case_step=step.pk)
    assert event.detail["announced_on"] == day.isoformat()
    assert f"<span data-announced-on>（公告日期 {day:%Y-%m-%d}）</span>：已在国家系统标识" in page


def test_a_date_in_the_future_or_before_the_approval_is_refused_on_the_field(personas, login, approved):
    client = login(personas.township)
    future = post(client, approved, today() + dt.timedelta(days=1)).content.decode()
    assert MSG_DATE_FUTURE in future
    early = post(client, approved, today() - dt.timedelta(days=6)).content.decode()
    assert "早于以下农户的县级批复日期" in early
    assert announcement(approved).status == CaseStepStatus.OPEN


def test_left_empty_it_is_today(personas, login, approved):
    post(login(personas.township), approved, None)
    assert announcement(approved).note == f"公告日期：{today():%Y-%m-%d}"


def api_act(client, case, step_code, **body):
    return client.post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": step_code, "outcome": "pass", **body},
        content_type="application/json",
    )


def test_the_api_takes_the_date_as_the_page_does(personas, login, approved):
    day = today() - dt.timedelta(days=3)
    response = api_act(login(personas.township), approved, "announcement", announced_on=day.isoformat(), note="已标识")

    assert response.status_code == 200
    step = announcement(approved)
    assert step.status == CaseStepStatus.DONE and step.note == f"公告日期：{day:%Y-%m-%d}，已标识"
    event = CaseEvent.objects.get(case=approved, action="case_act", detail__case_step=step.pk)
    assert event.detail["announced_on"] == day.isoformat()


def test_the_api_refuses_a_date_before_the_approval_on_the_field(personas, login, approved):
    early = today() - dt.timedelta(days=6)
    response = api_act(login(personas.township), approved, "announcement", announced_on=early.isoformat())

    assert response.status_code == 400 and "早于以下农户的县级批复日期" in response.json()["announced_on"][0]
    assert announcement(approved).status == CaseStepStatus.OPEN


def test_the_api_refuses_a_date_on_another_step_rather_than_dropping_it(personas, login, household_b):
    case = at_approval(personas, household_b, personas.cadre_b)
    response = api_act(
        login(personas.approver),
        case,
        "county_approval",
        document_number="永党农字〔2026〕7号",
        announced_on=today().isoformat(),
    )

    assert response.status_code == 400 and response.json()["announced_on"] == [MSG_DATE_NOT_HERE]
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN


def test_the_case_api_has_the_date_on_the_case_and_in_its_list(personas, login, approved):
    client = login(personas.township)
    assert client.get(f"/api/v1/cases/{approved.pk}/").json()["announced_on"] is None  # not announced yet
    day = today() - dt.timedelta(days=2)
    post(client, approved, day, note="已在国家系统标识")

    assert client.get(f"/api/v1/cases/{approved.pk}/").json()["announced_on"] == day.isoformat()
    listed = {row["id"]: row for row in client.get("/api/v1/cases/").json()["results"]}
    assert listed[approved.pk]["announced_on"] == day.isoformat()
    assert listed[approved.pk]["decided_on"] == (today() - dt.timedelta(days=5)).isoformat()
