"""Review finding (approver #3): a 批复日期 is not before the case's last step before the approval (nor its discovery),
and one 批复文号 is one 批复 with one date: reused with another date it is refused naming the earlier batch; reused
with the same date (a decision entered as several batches) it is accepted and the confirmation says so."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.errors import ApplicationError
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.approval_records import decision_floors
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕7号"


def backdated(case, *, acted_days_ago=10, found_days_ago=20):
    """The case as if its steps before the approval were done `acted_days_ago` days ago."""
    CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).update(
        acted_at=timezone.now() - dt.timedelta(days=acted_days_ago)
    )
    type(case).objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=found_days_ago))
    case.refresh_from_db()
    return case


@pytest.fixture
def case(personas, household_a):
    return backdated(at_approval(personas, household_a, personas.cadre_a))


@pytest.fixture
def other(personas, household_b):
    return backdated(at_approval(personas, household_b, personas.cadre_b))


def decide(personas, cases, decided_on, number=NUMBER):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in cases],
        decision="approve",
        document_number=number,
        decided_on=decided_on,
    )


def test_the_floor_is_the_last_step_before_the_approval(case):
    step = CaseStep.objects.select_related("step").get(case=case, step__code="county_approval")
    day, what = decision_floors([case], {case.pk: step})[case.pk]
    assert day == today() - dt.timedelta(days=10) and what.endswith("办结")


def test_a_date_before_the_last_step_is_refused_naming_the_household(personas, case, other):
    with pytest.raises(ValidationError) as raised:
        decide(personas, [case, other], dt.date(2001, 1, 1))
    message = raised.value.message_dict["decided_on"][0]
    assert "批复日期 2001-01-01 早于" in message and "张大山" in message and "王五" in message
    assert (today() - dt.timedelta(days=10)).isoformat() in message
    assert not Batch.objects.exists()
    # The day after the last step is fine.
    assert decide(personas, [case, other], today() - dt.timedelta(days=9)).count == 2


def test_the_page_and_the_api_refuse_it_before_anything_is_written(personas, login, case):
    client = login(personas.approver)
    form = {
        "case": [f"{case.pk}:{case_version(case)}"],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": "2001-01-01",
        "note": "",
    }
    page = client.post("/workflow/batches/", form).content.decode()
    assert "早于以下农户上报审批前的最后办理日期" in page and "确认批准" not in page
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": "2001-01-01",
    }
    api = client.post("/api/v1/batches/", body, content_type="application/json")
    assert api.status_code == 400 and "早于" in api.json()["decided_on"][0]
    assert not Batch.objects.exists()


def test_a_number_reused_with_another_date_is_refused_naming_the_batch(personas, login, case, other):
    first = decide(personas, [case], today())
    with pytest.raises(ValidationError) as raised:
        decide(personas, [other], today() - dt.timedelta(days=1))
    message = raised.value.message_dict["document_number"][0]
    assert f"批复文号“{NUMBER}”已用于 {today().isoformat()} 的批复" in message
    assert f"（{first.items.get().case.household.head_name}户，案件{case.pk}，{today().isoformat()} 批准）" in message
    # The page says it at the field before the confirmation.
    form = {
        "case": [f"{other.pk}:{case_version(other)}"],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": (today() - dt.timedelta(days=1)).isoformat(),
        "note": "",
    }
    page = login(personas.approver).post("/workflow/batches/", form).content.decode()
    assert "已用于" in page and "确认批准" not in page


@pytest.mark.parametrize("typed", ["永巩固[2026]7号", "永巩固【２０２６】 7号", "永巩固（2026）７号"])
def test_a_number_typed_with_other_brackets_digits_or_spaces_is_the_same_number(personas, case, other, typed):
    decide(personas, [case], today())
    with pytest.raises(ValidationError) as raised:
        decide(personas, [other], today() - dt.timedelta(days=1), number=typed)
    message = raised.value.message_dict["document_number"][0]
    assert f"批复文号“{typed}”已用于 {today().isoformat()} 的批复（" in message and f"案件{case.pk}，" in message
    # With the same date it is the same 批复, and a single approval under it takes that date and the spelling on
    # file (one 批复 prints one way).
    act(actor=personas.approver, case=other, step_code="county_approval", outcome="pass", document_number=typed)
    single = Batch.objects.filter(items__case=other).get()
    assert (single.document_number, single.decided_on) == (NUMBER, today())


def test_the_same_number_and_date_is_the_same_decision_in_another_batch(personas, login, case, other):
    first = decide(personas, [case], today())
    form = {
        "case": [f"{other.pk}:{case_version(other)}"],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": today().isoformat(),
        "note": "",
    }
    confirm = login(personas.approver).post("/workflow/batches/", form).content.decode()
    assert "data-joined" in confirm and "本批次将作为同一批复一并记录" in confirm
    assert f"/workflow/batches/{first.pk}/" in confirm
    assert decide(personas, [other], today()).count == 1


def test_a_single_approval_takes_the_date_of_its_numbers_batch(personas, case, other):
    earlier = today() - dt.timedelta(days=5)
    decide(personas, [case], earlier)
    act(actor=personas.approver, case=other, step_code="county_approval", outcome="pass", document_number=NUMBER)
    single = Batch.objects.filter(items__case=other).get()
    assert (single.document_number, single.decided_on, single.count) == (NUMBER, earlier, 1)


def test_a_single_approval_under_a_number_dated_before_the_case_is_refused(personas, household_b, case):
    decide(personas, [case], today() - dt.timedelta(days=9))
    fresh = at_approval(personas, household_b, personas.cadre_b)  # its steps were done today
    with pytest.raises(ApplicationError) as raised:
        act(actor=personas.approver, case=fresh, step_code="county_approval", outcome="pass", document_number=NUMBER)
    assert "早于本案上报审批前的最后办理日期" in raised.value.message and f"批复文号“{NUMBER}”" in raised.value.message
    assert CaseStep.objects.get(case=fresh, step__code="county_approval").status == CaseStepStatus.OPEN
