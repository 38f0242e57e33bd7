"""The hard rules of a risk elimination (workflow.services.exit_rules; seed 003 §二2(5), 000 §三(三)8): no income of
this or last year, an income at or below the line, or a failed 两不愁三保障 or water finding refuses opening the
exit and passing its township audit and county approval, on every path (the service, the township's and county's
batches, the API), asked again at each step; and the exit ends with the township's 公告并标注风险消除."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from config.errors import ApplicationError
from households.models import Household, HouseholdIncome
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.helpers import act_after_publicity, exit_ready, measure_in_place
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome
from workflow.exit_checks import MSG_GUARANTEES, MSG_NO_INCOME
from workflow.models import Case, CaseStep, Procedure
from workflow.services.batches import BatchConflict, CaseRef, batch_decide, case_version
from workflow.services.cases import case_open
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕9号"


def line(amount="7300", inclusive=False):
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal(amount), inclusive=inclusive
    )


def earns(household, per_capita):
    HouseholdIncome.objects.filter(household=household).delete()
    exit_ready(household, per_capita)


def open_exit(personas, household):
    return case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )


def at(personas, household, step_code):
    """An exit opened on a good record and passed up to `step_code`."""
    exit_ready(household)
    case = open_exit(personas, household)
    steps = [(personas.cadre_a, "village_review"), (personas.cadre_a, "village_publicity")]
    steps += [(personas.township, "township_audit"), (personas.approver, "county_approval")]
    for actor, code in steps:
        if code == step_code:
            break
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    return case


def no_income_message():
    return MSG_NO_INCOME.format(last=this_year() - 1, this=this_year())


def test_an_exit_is_not_opened_without_an_income_of_this_or_last_year(personas, login, monitored_a):
    measure_in_place(monitored_a)
    HouseholdIncome.objects.create(
        household=monitored_a, region_path=monitored_a.region_path, year=this_year() - 2, per_capita_net_income=50000
    )
    with pytest.raises(ApplicationError) as error:
        open_exit(personas, monitored_a)
    assert error.value.message == no_income_message()
    assert "收入持续稳定" in error.value.message and "不能标注“风险消除”" in error.value.message
    # The API says the same.
    response = login(personas.cadre_a).post(
        "/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit", "channel": "cadre_visit"}
    )
    assert response.status_code == 400 and "无法说明收入持续稳定高于监测标准" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("income", "inclusive", "said"),
    [("7000", False, "7,000 元，低于"), ("7300", True, "7,300 元，等于")],
)
def test_an_exit_is_not_opened_with_an_income_at_or_below_the_line(personas, monitored_a, income, inclusive, said):
    line(inclusive=inclusive)
    earns(monitored_a, income)
    with pytest.raises(ApplicationError) as error:
        open_exit(personas, monitored_a)
    message = error.value.message
    assert f"{this_year()}年人均纯收入 {said}{this_year()}年江西省监测标准 7,300 元" in message
    assert "收入尚未稳定高于监测标准，不能标注“风险消除”" in message
    earns(monitored_a, "7301")
    assert open_exit(personas, monitored_a).status == CaseStatus.OPEN


def test_an_exit_is_not_opened_while_a_guarantee_fails(personas, login, monitored_a):
    exit_ready(monitored_a)
    Household.objects.filter(pk=monitored_a.pk).update(housing_ok=False, water_ok=False)
    monitored_a.refresh_from_db()
    with pytest.raises(ApplicationError) as error:
        open_exit(personas, monitored_a)
    # Named as what fails, not under the fields' positive labels (review: "未达标：饮水安全有保障" said the opposite).
    assert error.value.message == MSG_GUARANTEES.format(failed="住房安全无保障、饮水安全无保障")
    page = login(personas.cadre_a).post(
        f"/workflow/households/{monitored_a.pk}/cases/new/",
        {"kind": "exit", "channel": "cadre_visit", "discovered_on": today().isoformat()},
    )
    assert "两不愁三保障及饮水安全未达标：住房安全无保障、饮水安全无保障" in page.content.decode()
    assert "有保障" not in page.content.decode().split("未达标：", 1)[1].split("（以档案", 1)[0]
    assert not Case.objects.exists()


def test_the_township_audit_asks_again(personas, login, monitored_a):
    case = at(personas, monitored_a, "township_audit")
    HouseholdIncome.objects.filter(household=monitored_a).delete()  # the row was entered for the wrong household

    with pytest.raises(ApplicationError) as error:
        act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    assert error.value.message == no_income_message()
    case.refresh_from_db()
    # The township's queue flags it, its batch and the API refuse it; a return or a refusal stays possible.
    queue = login(personas.township).get("/api/v1/township-audits/").json()["results"]
    assert [row["pass_refusal"] for row in queue] == [no_income_message()]
    with pytest.raises(BatchConflict) as batch:
        township_batch_audit(
            actor=personas.township, refs=[CaseRef(case.pk, case_version(case))], outcome=Outcome.PASS, note=""
        )
    assert "张大山" in batch.value.message and "无法说明收入持续稳定" in batch.value.message
    body = {"cases": [{"id": case.pk, "version": case_version(case)}], "outcome": "pass"}
    api = login(personas.township).post("/api/v1/township-audits/decide/", body, content_type="application/json")
    assert api.status_code == 400 and "无法说明收入持续稳定" in api.content.decode()
    assert CaseStep.objects.get(case=case, step__code="township_audit").status == CaseStepStatus.OPEN

    exit_ready(monitored_a)
    case = act_after_publicity(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.OPEN


def test_the_county_approval_asks_again_alone_in_a_batch_and_through_the_api(personas, login, monitored_a):
    case = at(personas, monitored_a, "county_approval")
    line()
    earns(monitored_a, "7000")  # a visit found the income fell meanwhile
    reason = "人均纯收入 7,000 元，低于"
    case.refresh_from_db()

    with pytest.raises(ApplicationError, match=reason):
        act_after_publicity(
            actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
            document_number=NUMBER,
        )  # fmt: skip
    with pytest.raises(BatchConflict) as batch:
        batch_decide(
            actor=personas.approver,
            refs=[CaseRef(case.pk, case_version(case))],
            decision="approve",
            document_number=NUMBER,
            decided_on=timezone.localdate(),
        )
    assert reason in batch.value.message
    client = login(personas.approver)
    assert reason in client.get("/workflow/batches/").content.decode()  # flagged before it is ticked
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}],
        "decision": "approve",
        "document_number": NUMBER,
        "decided_on": today().isoformat(),
    }
    api = client.post("/api/v1/batches/", body, content_type="application/json")
    assert api.status_code == 400 and reason in api.content.decode()
    single = {"step_code": "county_approval", "outcome": "pass", "document_number": NUMBER}
    api = client.post(f"/api/v1/cases/{case.pk}/act/", single, content_type="application/json")
    assert api.status_code == 400 and reason in api.content.decode()
    assert Household.objects.get(pk=monitored_a.pk).monitoring_category  # still monitored

    Household.objects.filter(pk=monitored_a.pk).update(medical_ok=False)
    earns(monitored_a, "9000")
    with pytest.raises(ApplicationError, match="基本医疗无保障"):
        act_after_publicity(
            actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
            document_number=NUMBER,
        )  # fmt: skip


def test_the_exit_ends_with_the_townships_announcement_after_the_household_is_marked(personas, monitored_a):
    """000 §三(三)8 在监测系统中及时标注“风险消除”: the county's approval marks the household; the case stays open at
    the township's 公告并标注风险消除, which no longer asks the rules (the household is marked), and closes it."""
    case = at(personas, monitored_a, "county_approval")
    case = act_after_publicity(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)
    monitored_a.refresh_from_db()
    assert (monitored_a.monitoring_category, monitored_a.risk_eliminated_on) == ("", today())
    assert case.status == CaseStatus.OPEN
    announce = CaseStep.objects.get(case=case, step__code="announcement")
    assert (announce.status, announce.step.name) == (CaseStepStatus.OPEN, "公告并标注风险消除")

    HouseholdIncome.objects.filter(household=monitored_a).delete()
    case = act_after_publicity(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)
    assert case.status == CaseStatus.APPROVED


migration = importlib.import_module("workflow.migrations.0021_exit_announcement_step")


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0020_caseevent_detail"))
    migration.forwards(state.apps, None)


def as_before():
    procedure = Procedure.objects.get(code="yongxiu_exit")
    procedure.steps.filter(code="announcement").delete()
    return procedure


def codes(procedure):
    return list(procedure.steps.order_by("order").values_list("code", flat=True))


def test_the_migration_keeps_an_exit_under_way_on_its_steps_and_gives_new_ones_the_announcement(personas, monitored_a):
    before = as_before()
    old = at(personas, monitored_a, "county_approval")

    run_migration()
    run_migration()

    current = Procedure.objects.get(code="yongxiu_exit")
    assert current.pk != before.pk and current.is_active and codes(current)[-2:] == ["county_approval", "announcement"]
    before.refresh_from_db()
    assert not before.is_active and before.code == migration.ARCHIVED_CODE and codes(before)[-1] == "county_approval"
    old = act_after_publicity(actor=personas.approver, case=old, step_code="county_approval", outcome=Outcome.PASS)
    assert old.status == CaseStatus.APPROVED  # closed at the approval, as when it was opened
    # A new exit runs the procedure with the announcement.
    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="marginal")
    monitored_a.refresh_from_db()
    assert open_exit(personas, monitored_a).procedure_id == current.pk


def test_without_exits_under_way_the_migration_adds_the_step_in_place(personas):
    before = as_before()
    run_migration()
    run_migration()
    assert Procedure.objects.filter(code__startswith="yongxiu_exit").count() == 1
    assert codes(Procedure.objects.get(pk=before.pk)) == [
        "village_review",
        "village_publicity",
        "township_audit",
        "county_approval",
        "announcement",
    ]


def test_the_open_cases_ledger_shows_an_exits_category_and_risks(personas, login, monitored_a):
    """在办识别退出事项台账: an exit carries none of its own; its row shows the household's."""
    at(personas, monitored_a, "village_review")
    export = login(personas.county_officer).post("/reports/export/", {"ledger": "open_cases"})
    header, body = ledger_table(read_xlsx(download(export)))
    rows = [dict(zip(header, row, strict=False)) for row in body]
    assert rows[0]["事项"] == "风险消除"
    assert (rows[0]["监测类别"], rows[0]["风险类型"]) == ("边缘易致贫户", "大病重病重残医疗支出大")
