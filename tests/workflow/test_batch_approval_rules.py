"""Review finding (approver #1): a batch approval applies the rules of a single approval (services.pass_rules), so an
open or upheld objection recorded after the publicity passed refuses the batch as it refuses case_act, and the queue,
the confirmation page and the API flag such a row (有未核实异议) before the approver ticks it."""

import datetime as dt

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import LabourCapacity
from households.models import Household
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act, exit_ready
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.batches import TITLE_REFUSED, BatchConflict, CaseRef, batch_decide, case_version
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.pass_rules import (
    FLAG_OBJECTION_OPEN,
    FLAG_OBJECTION_UPHELD,
    MSG_LATE_OBJECTION_OPEN,
    pass_refusals,
)

pytestmark = pytest.mark.django_db
LATE = MSG_LATE_OBJECTION_OPEN.format(step="村级公示")


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]


def late_objection(personas, case):
    """An objection received during the village publicity (helpers.post_publicity dates it 2000-01-01), recorded
    after the publicity passed: the case is at county approval."""
    return objection_add(
        actor=personas.cadre_a if case.household.head_name == "张大山" else personas.cadre_b,
        case=case,
        step_code="village_publicity",
        raised_by_name="张三",
        raised_on=dt.date(2000, 1, 1),
        content="该户儿子在县城有商品房和轿车，不符合纳入条件。",
    )


def approval_status(case):
    return CaseStep.objects.get(case=case, step__code="county_approval").status


def decide(personas, cases, decision="approve", note=""):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case)) for case in cases],
        decision=decision,
        document_number="永巩固〔2026〕7号",
        decided_on=timezone.localdate(),
        note=note,
    )


def test_a_late_open_objection_refuses_the_batch_as_it_refuses_a_single_approval(personas, two):
    late_objection(personas, two[1])
    two[1].refresh_from_db()
    # The single approval refuses it ...
    with pytest.raises(ApplicationError) as single:
        act(actor=personas.approver, case=two[1], step_code="county_approval", outcome="pass")
    assert single.value.message == LATE
    # ... and so does the batch, naming the household; nothing is approved, not even the other case.
    with pytest.raises(BatchConflict) as batch:
        decide(personas, two)
    assert "王五" in batch.value.message and LATE in batch.value.message and "张大山" not in batch.value.message
    assert batch.value.extra["title"] == TITLE_REFUSED
    assert not Batch.objects.exists()
    assert [approval_status(case) for case in two] == [CaseStepStatus.OPEN, CaseStepStatus.OPEN]
    assert Household.objects.get(pk=two[1].household_id).monitoring_category == ""


def test_an_upheld_objection_refuses_an_approval_but_not_a_refusal(personas, two):
    objection = late_objection(personas, two[1])
    objection_resolve(actor=personas.cadre_b, objection=objection, upheld=True, resolution="经核实属实")
    two[1].refresh_from_db()
    with pytest.raises(BatchConflict):
        decide(personas, [two[1]])
    batch = decide(personas, [two[1]], decision="reject", note="异议经核实成立")
    assert batch.count == 1
    two[1].refresh_from_db()
    assert two[1].status == CaseStatus.REJECTED


def test_a_verified_objection_found_untrue_lets_the_batch_pass(personas, two):
    objection = late_objection(personas, two[1])
    objection_resolve(actor=personas.cadre_b, objection=objection, upheld=False, resolution="房车属其已分户的儿子")
    for case in two:
        case.refresh_from_db()
    assert decide(personas, two).count == 2


def test_the_shared_rules_refuse_an_exit_without_labour_in_a_batch(personas, county, monitored_a):
    from tests.workflow.batch_helpers import BEFORE_APPROVAL
    from tests.workflow.helpers import act_after_publicity
    from workflow.choices import Channel
    from workflow.services.cases import case_open

    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    actors = {"cadre": personas.cadre_a, "county_officer": personas.county_officer, "township": personas.township}
    for who, code in BEFORE_APPROVAL:
        if CaseStep.objects.filter(case=case, step__code=code).exists():
            case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome="pass")
    Household.objects.filter(pk=monitored_a.pk).update(labour_capacity=LabourCapacity.NONE)
    case.refresh_from_db()
    step = CaseStep.objects.select_related("step").get(case=case, step__kind="county_approval")
    assert step.status == CaseStepStatus.OPEN
    assert "劳动能力" in pass_refusals([case], {case.pk: step}, timezone.localdate())[case.pk]
    with pytest.raises(BatchConflict) as batch:
        decide(personas, [case])
    assert "张大山" in batch.value.message and "劳动能力" in batch.value.message


def test_the_queue_and_the_confirmation_flag_the_row(personas, login, two):
    late_objection(personas, two[1])
    client = login(personas.approver)
    page = client.get("/workflow/batches/").content.decode()
    assert FLAG_OBJECTION_OPEN in page and LATE in page and "暂不能批准" in page
    assert page.count("data-objection-flag") == 1  # 张大山's row has none
    two[1].refresh_from_db()
    form = {
        "case": [f"{case.pk}:{case_version(case)}" for case in two],
        "decision": "approve",
        "document_number": "永巩固〔2026〕7号",
        "decided_on": timezone.localdate().isoformat(),
        "note": "",
    }
    confirm = client.post("/workflow/batches/", form).content.decode()
    assert "确认批准 2 户" in confirm and FLAG_OBJECTION_OPEN in confirm and "data-refused" in confirm
    assert "不符合批准条件" in confirm and "确认提交" not in confirm
    # A confirmation posted anyway (another tab) is refused with the household named, under its own heading.
    refused = client.post("/workflow/batches/", {**form, "confirmed": "1"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert TITLE_REFUSED in text and "王五" in text and LATE in text and "已发生变化" not in text
    assert not Batch.objects.exists()


def test_the_api_queue_flags_the_row_and_the_api_batch_is_refused(personas, login, two):
    objection = late_objection(personas, two[1])
    client = login(personas.approver)
    rows = {row["id"]: row for row in client.get("/api/v1/batches/queue/").json()["results"]}
    assert rows[two[1].pk]["objection_flag"] == FLAG_OBJECTION_OPEN and rows[two[1].pk]["pass_refusal"] == LATE
    assert rows[two[0].pk]["objection_flag"] == "" and rows[two[0].pk]["pass_refusal"] == ""
    body = {
        "cases": [{"id": row["id"], "version": row["version"]} for row in rows.values()],
        "decision": "approve",
        "document_number": "永巩固〔2026〕7号",
        "decided_on": timezone.localdate().isoformat(),
    }
    response = client.post("/api/v1/batches/", body, content_type="application/json")
    assert response.status_code == 400 and LATE in response.content.decode() and not Batch.objects.exists()
    objection_resolve(actor=personas.cadre_b, objection=objection, upheld=True, resolution="属实")
    rows = {row["id"]: row for row in client.get("/api/v1/batches/queue/").json()["results"]}
    assert rows[two[1].pk]["objection_flag"] == FLAG_OBJECTION_UPHELD
