"""风险消除时间 (Household.risk_eliminated_on): an approved exit sets it, an approved inclusion or re-mark clears it,
and a household with it set — by an exit here or by the go-live import — takes a 风险再标注 (003 §二2(2)) for its
new risk, never a new 识别纳入."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.audit_labels import audit_rows
from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent
from tests.households.test_registry_import import VILLAGE_B, hn, member, pid, run, xlsx_upload
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act_after_publicity as case_act
from tests.workflow.test_green_channel import open_green
from tests.workflow.test_services import run_exit
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import Batch
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.case_opening import suggested_kind
from workflow.services.cases import case_open, case_withdraw

pytestmark = pytest.mark.django_db

ELIMINATED_ON = dt.date(2024, 3, 1)
REMARK_STEPS = [
    ("cadre_a", "village_review"),
    ("cadre_a", "village_publicity"),
    ("township", "township_preliminary"),
    ("county_officer", "county_comparison"),
    ("township", "township_audit"),
    ("township", "township_publicity"),
    ("approver", "county_approval"),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_risk(personas, household, kind=CaseKind.IDENTIFICATION):
    """A new risk found on a visit, opened as the cadre asks (identification, unless told otherwise)."""
    return case_open(
        actor=personas.cadre_a if household.region_path.startswith(personas.cadre_a.region_path) else personas.cadre_b,
        household=household,
        kind=kind,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category="marginal" if household.household_type == "ordinary" else "unstable",
    )


def imported_eliminated(personas):
    """A household the national system marked 风险消除, brought by the go-live import."""
    head = member(
        hn("X1"), VILLAGE_B, "是", "钱七", pid(dt.date(1962, 2, 2), 71), "户主", 户类型="一般农户",
        **{"监测对象类别": "边缘易致贫户", "纳入监测时间": "2022-05-01", "风险类型": "因病",
           "风险是否消除": "是", "风险消除时间": ELIMINATED_ON.isoformat()},
    )  # fmt: skip
    record = run(personas.county_officer, xlsx_upload([head]))
    assert record.rows_bad == 0, record.message
    return Household.objects.get(number=hn("X1"))


def test_a_household_imported_as_risk_eliminated_takes_a_remark_for_its_new_risk(personas, county):
    household = imported_eliminated(personas)
    assert suggested_kind(household) == CaseKind.REMARK

    case = new_risk(personas, household)

    assert case.kind == CaseKind.REMARK
    assert case.events.first().summary.startswith("发起风险再标注")
    # Asked for outright, the re-mark is allowed as well: no 风险消除 case of this system is needed.
    case_withdraw(actor=personas.cadre_b, case=case, note="重新发起")
    assert new_risk(personas, household, kind=CaseKind.REMARK).kind == CaseKind.REMARK


def test_an_approved_exit_sets_the_date_and_an_approved_remark_clears_it(personas, monitored_a):
    run_exit(personas, monitored_a)  # the household changes at the county's approval

    monitored_a.refresh_from_db()
    assert (monitored_a.monitoring_category, monitored_a.risk_eliminated_on) == ("", timezone.localdate())
    approval = HouseholdEvent.objects.filter(household=monitored_a, summary__contains="不再按监测对象").latest("pk")
    assert {"field": "risk_eliminated_on", "label": "风险消除时间", "old": "", "new": str(timezone.localdate())} in (
        approval.changes
    )
    assert suggested_kind(monitored_a) == CaseKind.REMARK
    audit = audit_rows(personas.audit_admin, AuditEvent.objects.filter(action="workflow.exit_approved"))
    lines = "\n".join(line for row in audit for line in row.changes)
    assert "风险消除时间：" in lines and "risk_eliminated_on" not in lines

    remark = new_risk(personas, monitored_a)
    actors = {"cadre_a": personas.cadre_a, "township": personas.township}
    actors |= {"county_officer": personas.county_officer, "approver": personas.approver}
    for who, code in REMARK_STEPS:
        remark = case_act(actor=actors[who], case=remark, step_code=code, outcome=Outcome.PASS)

    monitored_a.refresh_from_db()
    assert remark.kind == CaseKind.REMARK
    assert (monitored_a.monitoring_category, monitored_a.risk_eliminated_on) == ("unstable", None)
    assert suggested_kind(monitored_a) == CaseKind.EXIT


@pytest.mark.parametrize("path", ["single", "batch"])
def test_an_approved_identification_clears_a_stale_date_on_either_approval_path(personas, household_b, path):
    case = at_approval(personas, household_b, personas.cadre_b)
    # A date left from before (a record corrected by hand, say): the inclusion ends it all the same.
    Household.objects.filter(pk=household_b.pk).update(risk_eliminated_on=ELIMINATED_ON)

    if path == "single":
        case_act(
            actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
            document_number="永巩固〔2026〕5号",
        )  # fmt: skip
    else:
        batch_decide(
            actor=personas.approver, refs=[CaseRef(case.pk, case_version(case))], decision="approve",
            document_number="永巩固〔2026〕6号", decided_on=timezone.localdate(),
        )  # fmt: skip

    household_b.refresh_from_db()
    assert (household_b.monitoring_category, household_b.risk_eliminated_on) == ("marginal", None)
    approval = HouseholdEvent.objects.filter(household=household_b, summary="纳入监测").get()
    assert {"field": "risk_eliminated_on", "label": "风险消除时间", "old": "2024-03-01", "new": ""} in approval.changes


def test_a_revoked_green_channel_remark_leaves_the_household_marked_eliminated_as_before(personas, household_a):
    Household.objects.filter(pk=household_a.pk).update(risk_eliminated_on=ELIMINATED_ON)
    household_a.refresh_from_db()
    case = open_green(personas.county_officer, household_a)
    assert case.kind == CaseKind.REMARK
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )  # fmt: skip
    assert Household.objects.get(pk=household_a.pk).risk_eliminated_on is None

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="灾情不实")

    household_a.refresh_from_db()
    assert (household_a.monitoring_category, household_a.risk_eliminated_on) == ("", ELIMINATED_ON)
    assert new_risk(personas, household_a).kind == CaseKind.REMARK


def test_the_migration_dates_earlier_exits_by_their_decision_and_skips_households_monitored_again(
    personas, monitored_a
):
    fill = importlib.import_module("households.migrations.0012_household_risk_eliminated_on").fill_risk_eliminated_on
    case = run_exit(personas, monitored_a)
    # As before the column: the exit decided by a 批复 of some days ago (the reports' 批复日期), no date kept.
    Batch.objects.filter(items__case=case).update(decided_on=dt.date(2025, 12, 30))
    Household.objects.filter(pk=monitored_a.pk).update(risk_eliminated_on=None)

    fill(apps, None)
    assert Household.objects.get(pk=monitored_a.pk).risk_eliminated_on == dt.date(2025, 12, 30)

    # Monitored again since (a later inclusion): not eliminated, whatever its earlier exit.
    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="marginal", risk_eliminated_on=None)
    fill(apps, None)
    assert Household.objects.get(pk=monitored_a.pk).risk_eliminated_on is None
