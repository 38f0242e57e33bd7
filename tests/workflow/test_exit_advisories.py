"""Before a risk is marked eliminated: fewer than six months since inclusion, a risk its measure
has not answered, an income just above the line or under the warning line, rigid expenses out of control, or the
line compared with an earlier year's, is said to whoever opens, reviews or approves the exit (workflow.advisories;
the measures checks come from assistance). They inform and never block (the hard rules: test_exit_rules)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from assistance.choices import MeasureStatus
from assistance.models import MeasureType, Plan
from assistance.services import measure_status, measures, plans
from households.models import Household, HouseholdIncome
from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year
from tests.workflow.helpers import act_after_publicity, exit_ready
from workflow.advisories import exit_advisories, months_between
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open
from workflow.services.exit_rules import MSG_EXIT_NO_MEASURE, exit_refusal

pytestmark = pytest.mark.django_db


def included(household, months_ago: int):
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    start = dt.date(year, month + 1, min(today.day, 28))
    Household.objects.filter(pk=household.pk).update(monitoring_start=start)
    household.refresh_from_db()
    return household


def measure_under_way(actor, household, code=None, status=MeasureStatus.IN_PROGRESS):
    plan = Plan.objects.filter(household=household).first() or plans.plan_create(actor=actor, household=household)
    # One that answers the household's risk: another would be questioned (assistance.fit).
    measure_type = (
        MeasureType.objects.get(code=code)
        if code
        else MeasureType.objects.filter(for_member=False, risk_types__overlap=household.risk_types).order_by("pk")[0]
    )
    measure = measures.measure_add(
        actor=actor, plan=plan, measure_type=measure_type, member=None, starts_on=timezone.localdate(),
        responsible_person="王干部",
    )  # fmt: skip
    if status == MeasureStatus.PLANNED:
        return measure
    measure = measure_status.measure_set_status(actor=actor, measure=measure, status=MeasureStatus.IN_PROGRESS)
    if status == MeasureStatus.DONE:
        # A department's measure is closed by the county bureau (or the department), not the village or township.
        bureau = get_user_model().objects.get(username="county_officer")
        measure = measure_status.measure_set_status(
            actor=bureau, measure=measure, status=MeasureStatus.DONE, note="已办结"
        )
    return measure


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == 0
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 4, 1)) == 1
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 14)) == 5
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 15)) == 6


def test_a_recent_inclusion_is_said_on_the_form_and_the_case(personas, login, monitored_a):
    household = exit_ready(included(monitored_a, 2))
    client = login(personas.cadre_a)

    form = client.get(f"/workflow/households/{household.pk}/cases/new/").content.decode()
    assert "如发起风险消除，请注意" in form and "纳入监测仅 2 个月" in form
    assert '<option value="exit" selected>' in form  # a monitored household's case is its exit, by default

    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "风险消除前请核实" in page and "纳入监测仅 2 个月" in page  # it informs; the case is open all the same


def earned(actor, household, wage: str, year: int | None = None):
    """A year's income: wages only, so per-capita net income is wage / living members."""
    amounts = {"wage_income": Decimal(wage)}
    return income_save(actor=actor, household=household, year=year or timezone.localdate().year, amounts=amounts)


def test_six_months_and_a_completed_measure_for_the_risk_say_nothing(personas, login, monitored_a):
    household = included(monitored_a, 7)
    line(this_year(), "7300")  # this year's: an earlier year's standing in would be said
    earned(personas.cadre_a, household, "50000")
    earned(personas.cadre_a, household, "48000", year=this_year() - 1)
    # No measure in place is a refusal now, not an advisory (test_exit_measures).
    assert exit_advisories(household, timezone.localdate()) == []
    assert exit_refusal(household, timezone.localdate()) == MSG_EXIT_NO_MEASURE
    measure_under_way(personas.township, household, status=MeasureStatus.DONE)

    assert exit_advisories(household, timezone.localdate()) == []
    assert exit_refusal(household, timezone.localdate()) == ""
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    assert "data-exit-advisories" not in login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()


def test_the_county_approver_sees_them_in_the_batch(personas, login, monitored_a):
    household = exit_ready(included(monitored_a, 1))
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    for actor, code in (
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert household.head_name in page
    assert "纳入监测仅 1 个月" in page
    # A caution, not a form error: errors.js would count a .field-error and say 有 N 处需要更正 on a plain load.
    assert '<ul class="small advisories" data-exit-advisories>' in page and "field-error" not in page


def line(year, amount, warning=None):
    line = MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal(amount))
    if warning:
        today = timezone.localdate()
        line.warnings.create(starts_on=today - dt.timedelta(days=1), ends_on=today, amount=Decimal(warning))
    return line


def income(household, year, per_capita, **amounts):
    """A year's income of a one-person household: wages of `per_capita`, with any rigid expenses given."""
    values = {"wage_income": Decimal(per_capita), **{k: Decimal(v) for k, v in amounts.items()}}
    HouseholdIncome.objects.update_or_create(
        household=household,
        year=year,
        defaults={"region_path": household.region_path, "members_count": 1, **values,
                  "per_capita_net_income": Decimal(per_capita)},
    )  # fmt: skip


def settled(personas, monitored_a):
    """Six months monitored, its risk's measure completed: nothing but the income is left to say."""
    household = included(monitored_a, 7)
    measure_under_way(personas.township, household, status=MeasureStatus.DONE)
    income(household, this_year() - 1, "50000")  # a year before, well above: one year alone is said
    return household


def test_an_income_just_above_the_line_after_a_year_at_or_below_it_is_not_yet_sustained(personas, monitored_a):
    household = settled(personas, monitored_a)
    year = this_year()
    line(year - 1, "7000")
    line(year, "7300")
    income(household, year - 1, "6800")
    income(household, year, "9000")

    assert exit_advisories(household, timezone.localdate()) == [
        f"{year}年人均纯收入 9,000 元，{year - 1}年仅 6,800 元（低于{year - 1}年江西省监测标准 7,000 元）："
        "收入刚超过标准，尚未持续稳定。"
    ]
    income(household, year - 1, "7500")
    assert exit_advisories(household, timezone.localdate()) == []


def test_rigid_expenses_large_against_income_are_uncontrollable(personas, monitored_a):
    """003 §二2(5) 刚性支出不可控的, as the screening rule reads it (医疗、教育、灾害、其他 over half the income)."""
    household = settled(personas, monitored_a)
    year = this_year()
    line(year, "7300")
    income(household, year, "20000", medical_expenses="12000", education_expenses="3000")

    assert exit_advisories(household, timezone.localdate()) == [
        f"{year}年刚性支出 15,000 元（医疗 12,000 元，教育 3,000 元），为家庭收入 20,000 元的 75%："
        "刚性支出不可控，风险消除稳定性较弱，宜在促进稳定增收等方面继续帮扶，风险稳定消除后再履行程序。"
    ]
    income(household, year, "20000", medical_expenses="9000", education_expenses="0")  # under half of the income
    assert exit_advisories(household, timezone.localdate()) == []


def test_an_earlier_years_line_and_the_warning_line_are_said(personas, monitored_a):
    household = settled(personas, monitored_a)
    year = this_year()
    line(year - 1, "7300", warning="10000")
    income(household, year, "9000")

    assert exit_advisories(household, timezone.localdate()) == [
        f"{year}年人均纯收入 9,000 元，高于监测标准但低于预警线 10,000 元：收入稳定性较弱，风险稳定消除后再履行程序。",
        f"比对收入所用的是{year - 1}年监测标准（江西省 7,300 元）：沿用{year - 1}年标准，{year}年未设置。",
    ]


def test_a_risk_whose_measure_is_still_planned_is_named_with_it(personas, login, monitored_a):
    """缺什么补什么 (000 §四): included for an unsafe house, its 农村危房改造 still 计划中; its other risk answered."""
    Household.objects.filter(pk=monitored_a.pk).update(risk_types=["unsafe_housing", "medical_cost"])
    household = exit_ready(included(monitored_a, 7))
    line(this_year(), "7300")
    measure_under_way(personas.township, household, code="housing_renovation", status=MeasureStatus.PLANNED)
    measure_under_way(personas.township, household, code="temporary_relief", status=MeasureStatus.DONE)

    assert exit_advisories(household, timezone.localdate()) == [
        "缺什么补什么：纳入时的风险“唯一住房存在安全问题”的对应措施尚未完成（农村危房改造：计划中），"
        "风险消除前请核实该风险是否已经消除。"
    ]
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "农村危房改造：计划中" in page


def test_two_unanswered_risks_are_two_advisories_on_the_form_and_the_case(personas, login, monitored_a):
    """Each 缺什么补什么 advisory is its own bullet: two used to print as one line with no break."""
    Household.objects.filter(pk=monitored_a.pk).update(risk_types=["unsafe_housing", "medical_cost"])
    household = exit_ready(included(monitored_a, 7))
    line(this_year(), "7300")
    measure_under_way(personas.township, household, code="housing_renovation", status=MeasureStatus.PLANNED)
    measure_under_way(personas.township, household, code="temporary_relief")

    said = [a for a in exit_advisories(household, timezone.localdate()) if a.startswith("缺什么补什么")]
    assert len(said) == 2
    assert "农村危房改造：计划中" in said[0] and "临时救助：实施中" in said[1]
    form = login(personas.cadre_a).get(f"/workflow/households/{household.pk}/cases/new/").content.decode()
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    for html in (form, page):
        assert f"<li>{said[0]}</li>" in html and f"<li>{said[1]}</li>" in html
