import datetime as dt
from decimal import Decimal

import pytest

from households.services import registry, visits
from screening.choices import ExclusionKind, ResultStatus, RunKind, RunStatus
from screening.models import RiskFlag, ScreeningResult, ScreeningRule
from screening.services import results
from screening.services.runs import screening_run, screening_run_household
from tests.clock import this_year, today
from tests.screening.dismissing import dismiss

pytestmark = pytest.mark.django_db


def _result(household):
    return ScreeningResult.objects.filter(household=household).first()


def test_income_below_the_line_fires_with_a_chinese_reason_and_exactly_at_the_line_does_not(line, make_household):
    below = make_household("7299.99")
    at = make_household("7300.00")

    run = screening_run(kind=RunKind.NIGHTLY)

    assert _result(below).reasons == [f"人均纯收入 7,299.99 元，低于 {this_year()} 年监测标准 7,300.00 元"]
    assert _result(below).status == ResultStatus.HIT
    assert _result(at) is None
    assert run.households_evaluated == 2 and run.hits == 1 and run.status == RunStatus.DONE


def test_the_warning_line_applies_in_its_period(line, make_household, personas):
    from screening.services import config

    year = this_year()
    config.warning_line_save(
        actor=personas.county_officer,
        line=line,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        amount=Decimal("7500"),
    )
    household = make_household("7400")

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).reasons == [f"人均纯收入 7,400.00 元，低于 {year} 年预警线 7,500.00 元"]


def test_the_run_takes_the_newest_line_and_within_a_year_the_countys_before_the_provinces(line, make_household, county):
    from screening.models import MonitoringLine

    year = this_year()
    MonitoringLine.objects.create(year=year, region_prefix=county.county.path, region_label="永修县", amount=8000)
    MonitoringLine.objects.create(year=year - 1, region_prefix=county.county.path, region_label="永修县", amount=9999)
    MonitoringLine.objects.create(year=year + 1, region_prefix="36", region_label="江西省", amount=9999)
    household = make_household("7800")

    screening_run(kind=RunKind.NIGHTLY)

    # This year's county line (8,000), not the province's (7,300), last year's county line or next year's.
    assert _result(household).reasons == [f"人均纯收入 7,800.00 元，低于 {year} 年监测标准 8,000.00 元"]


def test_a_townships_own_line_is_its_households_and_the_others_keep_the_countys(line, make_household, county):
    """A line for one township (a prefix inside the county) beside the province's: the county's run and each
    household's run give each household the line of its own place."""
    from screening.models import MonitoringLine

    year = this_year()
    MonitoringLine.objects.create(year=year, region_prefix=county.township.path, region_label="涂埠镇", amount=8000)
    in_township = make_household("7800")  # village A is in the township
    elsewhere = make_household("7800", village=county.village_c)  # another township: the province's 7,300

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(in_township).reasons == [f"人均纯收入 7,800.00 元，低于 {year} 年监测标准 8,000.00 元"]
    assert _result(elsewhere) is None
    ScreeningResult.objects.all().delete()
    screening_run_household(household=in_township)
    screening_run_household(household=elsewhere)
    assert _result(in_township).reasons == [f"人均纯收入 7,800.00 元，低于 {year} 年监测标准 8,000.00 元"]
    assert _result(elsewhere) is None


def test_lines_within_keeps_only_the_lines_that_can_be_chosen():
    from screening.engine import Line, lines_within

    def make(prefix, year):
        return Line(prefix=prefix, year=year, amount=Decimal(1000 + year), warning=None)

    town, county_line, province, other = (
        make("360425100", 2026),
        make("360425", 2026),
        make("36", 2026),
        make("44", 2026),
    )
    older = make("360425", 2025)
    # In a county's run: a township's line inside it stays; the first line of a year covering the whole county is
    # everyone's of that year; what follows it that year, and another province's line, can never be chosen. A line of
    # another year stays: an income of that year is compared with it.
    assert lines_within([town, county_line, province, other], "360425") == [town, county_line]
    assert lines_within([province, older], "360425") == [province, older]
    assert lines_within([other], "360425") == []
    assert lines_within([town, other], "360425") == [town]
    # In one household's run (its own path), one line a year at most.
    assert lines_within([town, county_line], "360425101201") == [county_line]
    # Nothing known about the scope: every line stays, none is everyone's.
    assert lines_within([county_line, province], "") == [county_line, province]


def test_a_place_no_line_covers_is_not_hit_for_income(make_household):
    from screening.models import MonitoringLine

    MonitoringLine.objects.exclude(region_prefix="44").delete()  # only Guangdong's line is left
    household = make_household("100")

    run = screening_run(kind=RunKind.NIGHTLY)

    assert _result(household) is None and run.failures == []


def test_rigid_expenses_above_half_the_income(line, make_household):
    household = make_household("9000", members=2, medical_expenses=Decimal("9001"))
    under = make_household("9000", members=2, medical_expenses=Decimal("9000"))

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).reasons == ["刚性支出 9,001.00 元（医疗 9,001.00 元），为家庭收入的 50%（超过 50%）"]
    assert _result(under) is None


def test_a_visit_finding_unsafe_housing_fires_the_housing_rule(line, make_household, personas):
    household = make_household("9000")
    visits.visit_record(actor=personas.cadre_a, household=household, visited_on=today(), findings={"housing_ok": False})

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).reasons == ["最近一次走访发现：住房安全无保障"]
    flag = RiskFlag.objects.get(household=household, is_active=True)
    assert (flag.risk_type, flag.source) == ("unsafe_housing", "rule")


def test_serious_illness_without_insurance_and_long_unemployment(line, make_household, personas):
    year = this_year()
    household = make_household("9000", members=2)
    son = household.members.exclude(relation="head").get()
    registry.member_update(actor=personas.cadre_a, member=son, data={"health": "serious", "medical_insurance": False})
    head = household.members.get(relation="head")
    registry.member_update(
        actor=personas.cadre_a,
        member=head,
        data={"labour_skill": "ordinary", "employment_place": "out_of_province", "employment_months": 5},
    )
    from households.services import income

    income.income_save(  # 13,500 a head last year, 9,000 this year: down a third
        actor=personas.cadre_a, household=household, year=year - 1, amounts={"wage_income": Decimal("27000")}
    )

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(year, 12, 4))

    reasons = _result(household).reasons
    assert f"家庭成员 {son.name} 患有大病且未参加基本医疗保险" in reasons
    assert (
        f"主要劳动力 {head.name}（本年前11个月务工5个月），失岗 6 个月以上；{year} 年人均纯收入 9,000.00 元，"
        "比上年 13,500.00 元下降 33%"
    ) in reasons


def test_an_exclusion_fact_marks_the_hit_excluded_and_an_override_restores_it(line, make_household, personas):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, note="2023年购轿车")
    screening_run(kind=RunKind.NIGHTLY)
    result = _result(household)
    assert result.status == ResultStatus.EXCLUDED
    assert result.exclusion_reasons == ["家中有消费型轿车（2023年购轿车）"]

    results.result_override_exclusion(actor=personas.county_officer, result=result, justification="车辆为农用三轮车")
    screening_run(kind=RunKind.NIGHTLY)

    result.refresh_from_db()
    assert result.status == ResultStatus.HIT
    assert result.override_reason == "车辆为农用三轮车"


def test_below_the_line_but_stable_with_no_guarantee_problem_is_not_at_risk(line, make_household, personas):
    from households.services import income

    household = make_household("7000")
    income.income_save(
        actor=personas.cadre_a, household=household, year=this_year() - 1, amounts={"wage_income": Decimal("13600")}
    )  # 6,800 per person last year: income is rising
    # 003 §二2(2): and a well-off child on record (tests/screening/test_stable_exclusions.py).
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.WELL_OFF_CHILD)

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.BELOW_LINE_STABLE


def test_a_dismissal_stays_until_the_reasons_change(line, make_household, personas):
    household = make_household("7000")
    screening_run(kind=RunKind.NIGHTLY)
    dismiss(actor=personas.cadre_a, result=_result(household))

    screening_run(kind=RunKind.NIGHTLY)
    assert _result(household).status == ResultStatus.DISMISSED

    visits.visit_record(actor=personas.cadre_a, household=household, visited_on=today(), findings={"water_ok": False})
    screening_run(kind=RunKind.NIGHTLY)
    assert _result(household).status == ResultStatus.HIT


def test_a_household_no_longer_hit_leaves_the_worklist_and_its_flags_end(line, make_household, personas):
    from households.services import income

    household = make_household("7000")
    screening_run(kind=RunKind.NIGHTLY)
    income.income_save(
        actor=personas.cadre_a, household=household, year=this_year(), amounts={"wage_income": Decimal("20000")}
    )

    screening_run_household(household=household)

    assert _result(household) is None
    assert not RiskFlag.objects.filter(household=household, is_active=True).exists()


def test_the_single_household_run_touches_only_that_household(line, make_household):
    one, other = make_household("5000"), make_household("5000")

    run = screening_run_household(household=one)

    assert (run.kind, run.households_evaluated, run.hits) == (RunKind.HOUSEHOLD, 1, 1)
    assert _result(one) is not None and _result(other) is None


def test_a_failing_household_does_not_stop_the_run(line, make_household, monkeypatch):
    from screening import engine_kinds as engine

    good, bad = make_household("5000"), make_household("5000")
    original = engine._income_below_line

    def explode_for_bad(compiled, prefix):
        # Division by zero for one household only: stands for data that breaks a rule's SQL.
        original(compiled, prefix)
        compiled.condition = f"1 / (h.id - {bad.pk}) <> 0 AND {compiled.condition}"

    monkeypatch.setattr(engine, "_income_below_line", explode_for_bad)

    run = screening_run(kind=RunKind.NIGHTLY)

    assert run.status == RunStatus.DONE_WITH_FAILURES
    assert run.failures == [
        {"rule": "INCOME_BELOW_LINE", "household": bad.pk, "error": "该户数据无法按此规则计算，请核对收支与成员信息"}
    ]
    assert _result(good).status == ResultStatus.HIT


def test_a_misconfigured_rule_is_reported_and_the_others_run(line, make_household):
    household = make_household("5000")
    ScreeningRule.objects.filter(code="RIGID_EXPENSE").update(params={"bogus": 1})

    run = screening_run(kind=RunKind.NIGHTLY)

    assert run.failures[0]["rule"] == "RIGID_EXPENSE"
    assert _result(household).status == ResultStatus.HIT


def test_monitored_households_are_shown_as_monitored(line, make_household):
    household = make_household("5000")
    type(household).objects.filter(pk=household.pk).update(monitoring_category="marginal")

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.MONITORED


def test_a_rule_code_with_quotes_is_data_not_sql(line, make_household):
    ScreeningRule.objects.filter(code="INCOME_BELOW_LINE").update(code="收入'); DROP TABLE x; --")
    household = make_household("5000")

    run = screening_run(kind=RunKind.NIGHTLY)

    assert run.failures == []
    assert _result(household).rule_codes == ["收入'); DROP TABLE x; --"]
    assert RiskFlag.objects.filter(household=household, source="rule", is_active=True).exists()
