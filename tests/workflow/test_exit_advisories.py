"""Before a risk is marked eliminated: fewer than six months since inclusion, or no measure in place, is said to
whoever opens, reviews or approves the exit (workflow.advisories; the measures check comes from assistance). They
inform and never block."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assistance.choices import MeasureStatus
from assistance.models import MeasureType
from assistance.services import measures, plans
from households.models import Household
from households.services.income import income_save
from tests.workflow.helpers import act_after_publicity
from workflow.advisories import exit_advisories, months_between
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def included(household, months_ago: int):
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    start = dt.date(year, month + 1, min(today.day, 28))
    Household.objects.filter(pk=household.pk).update(monitoring_start=start)
    household.refresh_from_db()
    return household


def measure_under_way(actor, household):
    plan = plans.plan_create(actor=actor, household=household)
    # One that answers the household's risk: another would be questioned (assistance.fit).
    measure_type = (
        MeasureType.objects.filter(for_member=False, risk_types__overlap=household.risk_types).order_by("pk").first()
    )
    measure = measures.measure_add(
        actor=actor, plan=plan, measure_type=measure_type, member=None, starts_on=timezone.localdate(),
        responsible_person="王干部",
    )  # fmt: skip
    return measures.measure_set_status(actor=actor, measure=measure, status=MeasureStatus.IN_PROGRESS)


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == 0
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 4, 1)) == 1
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 14)) == 5
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 15)) == 6


def test_a_recent_inclusion_without_measures_is_said_on_the_form_and_the_case(personas, login, monitored_a):
    household = included(monitored_a, 2)
    client = login(personas.cadre_a)

    form = client.get(f"/workflow/households/{household.pk}/cases/new/").content.decode()
    assert "如发起风险消除，请注意" in form and "纳入监测仅 2 个月" in form and "尚未落实帮扶措施" in form
    assert '<option value="exit" selected>' in form  # a monitored household's case is its exit, by default

    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "风险消除前请核实" in page and "纳入监测仅 2 个月" in page  # it informs; the case is open all the same


def earned(actor, household, wage: str, year: int | None = None):
    """A year's income: wages only, so per-capita net income is wage / living members."""
    amounts = {"wage_income": Decimal(wage)}
    return income_save(actor=actor, household=household, year=year or timezone.localdate().year, amounts=amounts)


def test_six_months_and_a_measure_under_way_say_nothing(personas, login, monitored_a):
    household = included(monitored_a, 7)
    earned(personas.cadre_a, household, "50000")
    assert exit_advisories(household, timezone.localdate()) == [
        "尚未落实帮扶措施（帮扶方案中没有实施中或已完成的措施），风险消除前一般应至少落实一项。"
    ]
    measure_under_way(personas.township, household)

    assert exit_advisories(household, timezone.localdate()) == []
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    assert "data-exit-advisories" not in login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()


def test_the_county_approver_sees_them_in_the_batch(personas, login, monitored_a):
    household = included(monitored_a, 1)
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    for actor, code in (
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert household.head_name in page
    assert "纳入监测仅 1 个月" in page and "尚未落实帮扶措施" in page
    # A caution, not a form error: errors.js would count a .field-error and say 有 N 处需要更正 on a plain load.
    assert '<ul class="small advisories" data-exit-advisories>' in page and "field-error" not in page


def test_income_below_the_line_or_missing_and_unmet_guarantees_are_said(personas, login, monitored_a):
    """Seed 003 §二2(5): income steadily above the line, 两不愁三保障 and drinking water secured (review approver 2,
    assistance 1)."""
    household = included(monitored_a, 7)
    measure_under_way(personas.township, household)
    today = timezone.localdate()
    assert exit_advisories(household, today) == [
        f"尚未录入{today.year - 1}年或{today.year}年收支：风险消除前应核实收入是否持续稳定高于监测标准。"
    ]

    earned(personas.cadre_a, household, "1000", year=today.year - 1)
    (advice,) = exit_advisories(household, today)
    assert advice.startswith(f"{today.year - 1}年人均纯收入") and "低于监测标准" in advice

    Household.objects.filter(pk=household.pk).update(housing_ok=False, water_ok=False)
    household.refresh_from_db()
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "低于监测标准" in page and "两不愁三保障及饮水安全未达标：住房安全有保障、饮水安全有保障" in page

    earned(personas.cadre_a, household, "50000")  # this year's, above the line, is the one read
    assert exit_advisories(household, today) == [
        "两不愁三保障及饮水安全未达标：住房安全有保障、饮水安全有保障（以档案最近记录为准）。"
    ]
