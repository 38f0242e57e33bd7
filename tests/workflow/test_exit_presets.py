"""The risk-elimination procedures of 涞源县 (seed 001 §五) and 桃沟乡 (seed 003 §二2(5)). Until they were shipped a
cadre there who proposed an exit was refused (本县尚未启用风险消除程序): only Yongxiu had one. Each runs to the
household marked 风险消除 — at Laiyuan's 县级审定, at Taogou's 区级备案公告 where no county approval precedes — and
asks the exit's hard rules (workflow.services.exit_rules) at the township's audit and at the decision; migration
0023 installs both on a database that has only Yongxiu's."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.choices import Role
from config.errors import ApplicationError
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, RegionLevel, Relation
from households.models import Household, HouseholdEvent, HouseholdIncome
from households.services import registry
from tests.clock import this_year, today
from tests.factories import UserFactory, region
from tests.households.conftest import member_row
from tests.workflow.helpers import act_after_publicity, exit_ready
from workflow.choices import CaseKind, CaseStatus, Outcome
from workflow.exit_checks import MSG_NO_INCOME
from workflow.models import Case, Procedure, Step
from workflow.presets import install
from workflow.services.cases import case_open
from workflow.services.exit_rules import MSG_EXIT_NO_LABOUR

pytestmark = pytest.mark.django_db

# A district of Anhui for 桃沟乡: the seed names no division code, so taogou's presets carry 340000, inactive, until
# the district installing them sets its own prefix on them and activates them, as this does.
TAOGOU_DISTRICT = "340398"


def area(prefix, county_name, township_name, village_name, approver=True):
    """A county (or district) with one township and village, its staff, and a monitored household fit to exit."""
    county = region(f"{prefix}000000", county_name, RegionLevel.COUNTY)
    township = region(f"{prefix}100000", township_name, RegionLevel.TOWNSHIP, county)
    village = region(f"{prefix}100201", village_name, RegionLevel.VILLAGE, township)

    def user(name, role, scope):
        return UserFactory(username=f"{prefix}_{name}", role=role, region_path=scope.path, region_name=scope.name)

    cadre = user("cadre", Role.VILLAGE_CADRE, village)
    officer = user("township", Role.TOWNSHIP_OFFICER, township)  # puts it on the roll (脱贫户), a cadre may not
    rows = [
        member_row("赵山", Relation.HEAD, dt.date(1970, 3, 12), 51),
        member_row("钱梅", Relation.SPOUSE, dt.date(1972, 5, 2), 62),
    ]
    household = registry.household_create(
        actor=officer, village=village, members=rows, household_type=HouseholdType.LIFTED_OUT
    )
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2025, 3, 1),
        risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    household.refresh_from_db()
    return SimpleNamespace(
        cadre=cadre,
        township=officer,
        county_officer=user("county", Role.COUNTY_OFFICER, county),
        approver=user("approver", Role.COUNTY_APPROVER, county),
        household=exit_ready(household),
    )


@pytest.fixture
def laiyuan(db):
    return area("130630", "涞源县", "涞源镇", "东关村")


@pytest.fixture
def taogou(db):
    # Installed as a district does: its own prefix, and activated (the presets ship them inactive on 340000).
    taogou = Procedure.objects.filter(code__in=["taogou_identification", "taogou_exit"])
    taogou.update(region_prefix=TAOGOU_DISTRICT, is_active=True)
    return area(TAOGOU_DISTRICT, "沿淮区", "桃沟乡", "桃沟村")


def open_exit(people):
    return case_open(actor=people.cadre, household=people.household, kind=CaseKind.EXIT, confirm_advisories=True)


def run(case, steps):
    for actor, code in steps:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    return case


def marked(household):
    household.refresh_from_db()
    return household.monitoring_category == "" and household.risk_eliminated_on == today()


def no_income():
    return MSG_NO_INCOME.format(last=this_year() - 1, this=this_year())


def test_a_laiyuan_exit_runs_to_the_countys_decision_which_marks_the_household(laiyuan):
    case = open_exit(laiyuan)
    assert case.procedure.code == "laiyuan_exit" and case.status == CaseStatus.OPEN
    steps = list(case.procedure.steps.order_by("order").values_list("name", "role", "days", "day_type"))
    assert steps == [
        ("村级评议", "village_cadre", None, ""),
        ("村级公示", "village_cadre", 5, "calendar"),
        ("乡镇审核", "township_officer", None, ""),
        ("县级审定", "county_officer", None, ""),  # 001 §五: the county bureau decides it
    ]
    case = run(
        case,
        [(laiyuan.cadre, "village_review"), (laiyuan.cadre, "village_publicity"), (laiyuan.township, "township_audit")],
    )
    assert not marked(laiyuan.household)
    case = run(case, [(laiyuan.county_officer, "county_approval")])
    assert case.status == CaseStatus.APPROVED and case.closed_on == today()
    assert marked(laiyuan.household)
    assert HouseholdEvent.objects.filter(household=laiyuan.household, summary__startswith="标注“风险消除”").exists()


def test_a_laiyuan_cadre_proposes_an_exit_on_the_page(laiyuan, login):
    response = login(laiyuan.cadre).post(
        f"/workflow/households/{laiyuan.household.pk}/cases/new/",
        {"kind": "exit", "discovered_on": today().isoformat(), "confirm_advisories": "on"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = Case.objects.get(household=laiyuan.household)
    assert (case.kind, case.procedure.code) == (CaseKind.EXIT, "laiyuan_exit")


def test_laiyuans_township_audit_and_county_decision_ask_the_exit_rules_again(laiyuan):
    case = run(open_exit(laiyuan), [(laiyuan.cadre, "village_review"), (laiyuan.cadre, "village_publicity")])
    HouseholdIncome.objects.filter(household=laiyuan.household).delete()
    with pytest.raises(ApplicationError) as error:
        run(case, [(laiyuan.township, "township_audit")])
    assert error.value.message == no_income()

    exit_ready(laiyuan.household)
    case = run(case, [(laiyuan.township, "township_audit")])
    Household.objects.filter(pk=laiyuan.household.pk).update(labour_capacity=LabourCapacity.NONE)
    with pytest.raises(ApplicationError) as error:
        run(case, [(laiyuan.county_officer, "county_approval")])
    assert error.value.message == MSG_EXIT_NO_LABOUR
    laiyuan.household.refresh_from_db()
    assert laiyuan.household.monitoring_category == MonitoringCategory.MARGINAL
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_a_taogou_exit_is_decided_by_the_districts_filing(taogou):
    case = open_exit(taogou)
    assert case.procedure.code == "taogou_exit"
    steps = list(case.procedure.steps.order_by("order").values_list("name", "role", "kind", "days", "day_type"))
    assert steps == [
        ("村两委评议", "village_cadre", "village_review", None, ""),
        ("村内公示", "village_cadre", "publicity", 5, "working"),
        ("乡党委政府审核", "township_officer", "township_audit", None, ""),
        ("区级备案公告并标注风险消除", "county_officer", "announcement", None, ""),
    ]
    case = run(
        case,
        [(taogou.cadre, "village_review"), (taogou.cadre, "village_publicity"), (taogou.township, "township_review")],
    )
    assert not marked(taogou.household) and case.status == CaseStatus.OPEN
    case = run(case, [(taogou.county_officer, "district_filing")])
    assert case.status == CaseStatus.APPROVED
    assert marked(taogou.household)
    summaries = HouseholdEvent.objects.filter(household=taogou.household).values_list("summary", flat=True)
    assert "标注“风险消除”，不再按监测对象监测帮扶" in summaries


def test_taogous_township_review_and_district_filing_ask_the_exit_rules_again(taogou):
    case = run(open_exit(taogou), [(taogou.cadre, "village_review"), (taogou.cadre, "village_publicity")])
    Household.objects.filter(pk=taogou.household.pk).update(housing_ok=False)
    with pytest.raises(ApplicationError, match="住房安全无保障"):
        run(case, [(taogou.township, "township_review")])

    Household.objects.filter(pk=taogou.household.pk).update(housing_ok=True)
    case = run(case, [(taogou.township, "township_review")])
    HouseholdIncome.objects.filter(household=taogou.household).delete()
    with pytest.raises(ApplicationError) as error:
        run(case, [(taogou.county_officer, "district_filing")])
    assert error.value.message == no_income()
    assert not marked(taogou.household)
    # The district may still refuse it: nothing was decided before its filing.
    case = act_after_publicity(
        actor=taogou.county_officer, case=case, step_code="district_filing", outcome=Outcome.REJECT, note="收入未核实"
    )
    assert case.status == CaseStatus.REJECTED and not marked(taogou.household)


migration = importlib.import_module("workflow.migrations.0023_exit_presets_laiyuan_taogou")
numberless = importlib.import_module("workflow.migrations.0033_step_needs_approval_number")
county_only = importlib.import_module("workflow.migrations.0034_step_approval_number_county_only")


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0022_exit_no_channel"))
    migration.forwards(state.apps, None)


def exits():
    return dict(Procedure.objects.filter(kind="exit").values_list("code", "is_active"))


def test_the_migration_installs_both_on_a_database_without_them(personas, monitored_a):
    yongxiu = Procedure.objects.get(code="yongxiu_exit")
    exit_ready(monitored_a)
    under_way = case_open(actor=personas.cadre_a, household=monitored_a, kind=CaseKind.EXIT, confirm_advisories=True)
    yongxiu_steps = list(yongxiu.steps.values_list("pk", "order", "code", "name", "role"))
    Procedure.objects.filter(code__in=["laiyuan_exit", "taogou_exit"]).delete()
    # A district that installed Taogou's identification set its own prefix on it.
    Procedure.objects.filter(code="taogou_identification").update(region_prefix=TAOGOU_DISTRICT)

    run_migration()
    run_migration()

    assert exits() == {"yongxiu_exit": True, "laiyuan_exit": True, "taogou_exit": True}
    laiyuan, taogou = Procedure.objects.get(code="laiyuan_exit"), Procedure.objects.get(code="taogou_exit")
    assert (laiyuan.region_prefix, taogou.region_prefix) == ("130630", TAOGOU_DISTRICT)
    assert list(laiyuan.steps.order_by("order").values_list("code", "kind", "days", "day_type")) == [
        ("village_review", "village_review", None, ""),
        ("village_publicity", "publicity", 5, "calendar"),
        ("township_audit", "township_audit", None, ""),
        ("county_approval", "county_approval", None, ""),
    ]
    assert list(taogou.steps.order_by("order").values_list("code", "kind", "role")) == [
        ("village_review", "village_review", "village_cadre"),
        ("village_publicity", "publicity", "village_cadre"),
        ("township_review", "township_audit", "township_officer"),
        ("district_filing", "announcement", "county_officer"),
    ]
    # What the presets install on a new database is what the migration installs on an old one, once 0033 has given
    # Laiyuan's 县级审定 to the county bureau without a 批复文号 (001 §五) and 0034 unset it on the other steps.
    numberless.forwards(django_apps, None)
    county_only.forwards(django_apps, None)
    fields = ("order", "code", "name", "role", "kind", "days", "day_type", "parallel_with_next")
    fields += ("needs_approval_number",)
    installed = {code: list(Procedure.objects.get(code=code).steps.values_list(*fields)) for code in exits()}
    install(Procedure, Step)
    for code in ("laiyuan_exit", "taogou_exit"):
        assert list(Procedure.objects.get(code=code).steps.values_list(*fields)) == installed[code]
    # Yongxiu's exit and its case under way are as they were.
    assert list(yongxiu.steps.values_list("pk", "order", "code", "name", "role")) == yongxiu_steps
    under_way.refresh_from_db()
    assert under_way.procedure_id == yongxiu.pk and under_way.status == CaseStatus.OPEN


def test_the_migration_leaves_a_countys_own_exit_procedure_in_use(personas):
    Procedure.objects.filter(code__in=["laiyuan_exit", "taogou_exit"]).delete()
    own = Procedure.objects.create(
        code="laiyuan_own_exit", name="涞源县自定风险消除程序", kind="exit", region_prefix="130630", is_active=True
    )

    run_migration()

    assert exits() == {"yongxiu_exit": True, "laiyuan_own_exit": True, "laiyuan_exit": False, "taogou_exit": True}
    own.refresh_from_db()
    assert own.is_active and Procedure.objects.get(code="taogou_exit").region_prefix == "340000"
