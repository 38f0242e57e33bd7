"""Review finding (approver #9): the 监测对象台账 and the 风险消除台账 carry the 批复文号 and 批复日期 of the county's
approval, whether it was decided in a batch or on the case's own page (recorded as a one-case batch)."""

import datetime as dt

import pytest

from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.batch_helpers import at_approval
from tests.workflow.conftest import household_a as _household_a
from tests.workflow.conftest import household_b as _household_b
from tests.workflow.conftest import monitored_a as _monitored_a
from tests.workflow.helpers import act, act_after_publicity, exit_ready
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel
from workflow.models import CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
# The workflow tests' households (tests/workflow/conftest.py), under the names the tests ask for.
household_a = pytest.fixture(_household_a.__wrapped__, name="household_a")
household_b = pytest.fixture(_household_b.__wrapped__, name="household_b")
monitored_a = pytest.fixture(_monitored_a.__wrapped__, name="monitored_a")


@pytest.fixture(autouse=True)
def procedures(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


def ledger(client, code):
    header, body = ledger_table(read_xlsx(download(client.post("/reports/export/", {"ledger": code}))))
    return [dict(zip(header, row, strict=False)) for row in body]


def day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def test_the_monitored_household_ledger_gives_each_inclusions_number_and_date(
    personas, login, household_a, household_b
):
    single = at_approval(personas, household_a, personas.cadre_a)
    batched = at_approval(personas, household_b, personas.cadre_b)
    act(
        actor=personas.approver,
        case=single,
        step_code="county_approval",
        outcome="pass",
        document_number="永巩固〔2026〕12号",
    )
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(batched.pk, case_version(batched))],
        decision="approve",
        document_number="永巩固〔2026〕7号",
        decided_on=today(),
    )
    rows = {row["户主姓名"]: row for row in ledger(login(personas.county_officer), "monitored_households")}
    assert rows["张大山"]["批复文号"] == "永巩固〔2026〕12号" and day(rows["张大山"]["批复日期"]) == today()
    assert rows["王五"]["批复文号"] == "永巩固〔2026〕7号" and day(rows["王五"]["批复日期"]) == today()


def test_an_approval_recorded_before_the_one_case_batches_is_read_from_its_note(personas, login, household_a):
    from workflow.models import Batch

    case = at_approval(personas, household_a, personas.cadre_a)
    act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome="pass",
        document_number="永巩固〔2026〕3号",
    )
    from workflow.models import BatchItem

    BatchItem.objects.filter(case=case).delete()  # as a single approval recorded before its one-case batch
    Batch.objects.filter(items__isnull=True).delete()
    rows = {row["户主姓名"]: row for row in ledger(login(personas.county_officer), "monitored_households")}
    assert rows["张大山"]["批复文号"] == "永巩固〔2026〕3号" and day(rows["张大山"]["批复日期"]) == today()


def test_the_risk_elimination_ledger_gives_the_exits_number_and_date(personas, login, monitored_a):
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    actors = {"village_cadre": personas.cadre_a, "township_officer": personas.township}
    while True:
        open_step = CaseStep.objects.select_related("step").filter(case=case, status=CaseStepStatus.OPEN).first()
        if open_step is None or open_step.step.kind == "county_approval":
            break
        case = act_after_publicity(
            actor=actors.get(open_step.step.role, personas.county_officer),
            case=case,
            step_code=open_step.step.code,
            outcome="pass",
        )
    login(personas.approver).post(
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固〔2026〕30号",
        },
    )
    case.refresh_from_db()
    # Decided: the household is marked; the township's 公告并标注风险消除 still to come.
    assert case.status == CaseStatus.OPEN and case.household.risk_eliminated_on == today()
    rows = ledger(login(personas.county_officer), "risk_elimination")
    assert [(r["户主姓名"], r["批复文号"], day(r["批复日期"])) for r in rows] == [
        ("张大山", "永巩固〔2026〕30号", today())
    ]
