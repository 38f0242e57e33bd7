"""000 §三(一) type 2 "生产经营失败，累计经济损失较大，出现负债和家庭基本生活出现困难的": the seeded BUSINESS_LOSS rule
hits a household whose screening year's 生产经营性支出 exceeds its 生产经营性收入 by at least the rule's amount and
whose per-capita net income is below the rule's multiple of the monitoring line (the line fixture: 7,300 元, so 1.5
times is 10,950 元), with a Chinese reason quoting the amounts and the risk type 生产经营失败."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.services import income, registry
from screening.choices import RuleKind, RunKind, RunStatus
from screening.models import RiskFlag, ScreeningResult, ScreeningRule
from screening.rule_params import validate_params
from screening.services.runs import screening_run
from tests.clock import this_year
from tests.households.conftest import member_row, numbered

pytestmark = pytest.mark.django_db


@pytest.fixture
def business_household(personas, county):
    """A household of two with a year's wage income and business figures (this year unless `year` is given)."""
    counter = iter(range(300, 10_000, 13))

    def _make(wage: str, business_income: str, business_expenses: str, *, year: int | None = None, household=None):
        if household is None:
            rows = [
                member_row(numbered("户主", next(counter)), Relation.HEAD, dt.date(1975, 1, 1), next(counter)),
                member_row(numbered("成员", next(counter)), Relation.SON, dt.date(2000, 1, 1), next(counter)),
            ]
            household = registry.household_create(
                actor=personas.county_officer, village=county.village_a, members=rows, household_type="ordinary"
            )
        income.income_save(
            actor=personas.county_officer,
            household=household,
            year=year or this_year(),
            amounts={
                "wage_income": Decimal(wage),
                "business_income": Decimal(business_income),
                "business_expenses": Decimal(business_expenses),
            },
            confirm_unusual=True,
        )
        return household

    return _make


def _result(household):
    return ScreeningResult.objects.filter(household=household, is_current=True).first()


def _reason(*, business_income, expenses, loss, per_capita, year=None):
    year = year or this_year()
    return (
        f"生产经营性收入 {business_income} 元，生产经营性支出 {expenses} 元，"
        f"亏损 {loss} 元（达到设定的 10,000.00 元）；"
        f"{year} 年人均纯收入 {per_capita} 元，低于 {year} 年监测标准 7,300.00 元的 1.5 倍（10,950.00 元），"
        "是否负债请走访核实"
    )


def test_the_rule_is_seeded_for_the_county_with_its_defaults():
    rule = ScreeningRule.objects.get(code="BUSINESS_LOSS")

    assert rule.kind == RuleKind.BUSINESS_LOSS and rule.is_active
    assert rule.risk_type == "business_failure"
    assert rule.params == {"min_loss": 10000, "line_multiple": 1.5}
    assert rule.get_kind_display() == "生产经营失败、经济损失较大"


def test_a_loss_with_per_capita_income_under_one_and_a_half_lines_is_hit_with_the_amounts(line, business_household):
    # 40,000 wages + 5,000 business income − 25,000 business costs = 20,000 for two: 10,000 a head, above the line.
    household = business_household("40000", "5000", "25000")

    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.rule_codes == ["BUSINESS_LOSS"]
    assert result.reasons == [
        _reason(business_income="5,000.00", expenses="25,000.00", loss="20,000.00", per_capita="10,000.00")
    ]
    assert result.risk_types == ["business_failure"]
    assert RiskFlag.objects.filter(household=household, risk_type="business_failure", source="rule").exists()


def test_a_loss_exactly_at_the_amount_is_hit_and_a_cent_less_is_not(line, business_household):
    at = business_household("20000", "5000", "15000")  # a loss of 10,000.00: 5,000 a head
    under = business_household("20000", "5000", "14999.99")

    screening_run(kind=RunKind.NIGHTLY)

    # 5,000 a head is under the line too: the income rule fires beside it.
    assert _result(at).rule_codes == ["BUSINESS_LOSS", "INCOME_BELOW_LINE"]
    assert "亏损 10,000.00 元（达到设定的 10,000.00 元）" in _result(at).reasons[0]
    # The other household is under the line: the income rule lists it, the business rule does not.
    assert _result(under).rule_codes == ["INCOME_BELOW_LINE"]


def test_income_at_one_and_a_half_lines_is_not_hit_and_a_cent_under_is(line, business_household):
    at = business_household("41900", "5000", "25000")  # 21,900 for two: 10,950.00 a head, the boundary
    under = business_household("41899.98", "5000", "25000")  # 10,949.99 a head
    well_off = business_household("90000", "0", "50000")  # a loss of 50,000, but 20,000 a head

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(at) is None and _result(well_off) is None
    assert _result(under).reasons == [
        _reason(business_income="5,000.00", expenses="25,000.00", loss="20,000.00", per_capita="10,949.99")
    ]


def test_a_business_with_a_profit_or_no_business_is_not_hit(line, business_household):
    profit = business_household("10000", "25000", "5000")  # 15,000 a head
    none = business_household("20000", "0", "0")  # 10,000 a head, no business

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(profit) is None and _result(none) is None


def test_only_the_screening_years_loss_counts_not_an_earlier_years(line, business_household):
    # Last year's business lost 30,000; this year's made a little: the household's screening year is this year.
    household = business_household("20000", "1000", "31000", year=this_year() - 1)
    business_household("20000", "1000", "500", household=household)

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household) is None


def test_a_run_for_last_year_reads_last_years_loss_though_this_years_income_is_entered(line, business_household):
    from screening.models import MonitoringLine

    MonitoringLine.objects.create(
        year=this_year() - 1, region_prefix="36", region_label="江西省", amount=Decimal("7300")
    )
    household = business_household("20000", "1000", "31000", year=this_year() - 1)  # −10,000: −5,000 a head
    business_household("60000", "1000", "500", household=household)

    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year() - 1, 12, 15))

    result = _result(household)
    assert "BUSINESS_LOSS" in result.rule_codes
    assert (
        _reason(
            business_income="1,000.00",
            expenses="31,000.00",
            loss="30,000.00",
            per_capita="-5,000.00",
            year=this_year() - 1,
        )
        in result.reasons
    )


def test_the_rules_parameters_steer_it(line, business_household):
    household = business_household("50000", "5000", "17000")  # a loss of 12,000: 19,000 a head
    rule = ScreeningRule.objects.get(code="BUSINESS_LOSS")

    screening_run(kind=RunKind.NIGHTLY)
    assert _result(household) is None

    rule.params = {"min_loss": 12000, "line_multiple": 3}  # 21,900 a head
    rule.save()
    screening_run(kind=RunKind.NIGHTLY)
    assert _result(household).reasons == [
        "生产经营性收入 5,000.00 元，生产经营性支出 17,000.00 元，亏损 12,000.00 元（达到设定的 12,000.00 元）；"
        f"{this_year()} 年人均纯收入 19,000.00 元，低于 {this_year()} 年监测标准 7,300.00 元的 3 倍（21,900.00 元），"
        "是否负债请走访核实"
    ]


def test_a_full_county_run_hits_the_losing_households_only(line, business_household):
    hit = [business_household("30000", "2000", "20000"), business_household("10000", "0", "30000")]
    missed = [
        business_household("30000", "2000", "10000"),  # a loss of 8,000
        business_household("80000", "2000", "20000"),  # 31,000 a head
        business_household("30000", "20000", "2000"),  # a profit
    ]

    run = screening_run(kind=RunKind.NIGHTLY)

    assert run.status == RunStatus.DONE and not run.failures
    losing = set(
        ScreeningResult.objects.filter(is_current=True, rule_codes__contains=["BUSINESS_LOSS"]).values_list(
            "household_id", flat=True
        )
    )
    assert losing == {h.pk for h in hit}
    assert not losing & {h.pk for h in missed}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_loss": 500}, "参数“min_loss”应在1000到1000000之间。"),
        ({"line_multiple": 4}, "参数“line_multiple”应在1到3之间。"),
        ({"line_multiple": "1.5"}, "参数“line_multiple”应为数字。"),
        ({"debt": 1}, "规则类型“生产经营失败、经济损失较大”没有参数“debt”，可用参数：min_loss、line_multiple。"),
    ],
)
def test_bad_parameters_are_refused_in_chinese(params, message):
    with pytest.raises(ValidationError) as refused:
        validate_params(RuleKind.BUSINESS_LOSS, params)

    assert refused.value.message_dict["params"] == [message]


def test_the_api_edits_the_parameters_and_refuses_bad_ones(personas, login):
    rule = ScreeningRule.objects.get(code="BUSINESS_LOSS")
    client = login(personas.county_officer)
    url = f"/api/v1/screening-rules/{rule.pk}/"

    ok = client.patch(url, {"params": {"min_loss": 20000, "line_multiple": 2}}, content_type="application/json")
    bad = client.patch(url, {"params": {"min_loss": 0}}, content_type="application/json")

    assert ok.status_code == 200 and ok.json()["params"] == {"min_loss": 20000, "line_multiple": 2}
    assert bad.status_code == 400 and bad.json()["params"] == ["参数“min_loss”应在1000到1000000之间。"]
    assert ScreeningRule.objects.get(pk=rule.pk).params == {"min_loss": 20000, "line_multiple": 2}


def test_the_rule_page_has_a_field_per_parameter_and_refuses_bad_values_at_the_field(personas, login, monkeypatch):
    from screening import tasks

    monkeypatch.setattr(tasks.screen_county, "delay", lambda kind: None)
    rule = ScreeningRule.objects.get(code="BUSINESS_LOSS")
    client = login(personas.county_officer)

    page = client.get(f"/screening/rules/{rule.pk}/").content.decode()
    response = client.post(
        f"/screening/rules/{rule.pk}/",
        {"name": rule.name, "risk_type": rule.risk_type, "is_active": "on", "param_min_loss": "500",
         "param_line_multiple": "1.5"},
    )  # fmt: skip

    assert 'name="param_min_loss" value="10000"' in page and "生产经营亏损最低金额（元）" in page
    assert 'name="param_line_multiple" value="1.5"' in page and "人均纯收入低于监测标准的倍数" in page
    assert response.context["form"].errors["param_min_loss"] == ["生产经营亏损最低金额（元）应在1000到1000000之间。"]


def test_the_rules_page_and_api_explain_the_rule(personas, login):
    client = login(personas.county_officer)

    page = client.get("/screening/rules/").content.decode()
    rules = client.get("/api/v1/screening-rules/").json()

    assert "生产经营亏损最低金额（元）：10000" in page and "人均纯收入低于监测标准的倍数：1.5" in page
    assert "是否出现负债、往年是否连续亏损，请在走访中核实" in page
    business = next(r for r in rules if r["kind"] == "business_loss")
    assert "对应监测对象第2类" in business["note"]


def test_the_configuration_site_edits_the_parameters_as_typed_fields(personas, login, monkeypatch):
    from screening import tasks
    from tests.screening.test_config_admin import rule_data

    monkeypatch.setattr(tasks.screen_county, "delay", lambda kind: None)
    rule = ScreeningRule.objects.get(code="BUSINESS_LOSS")
    client = login(personas.system_admin)
    url = f"/admin/screening/screeningrule/{rule.pk}/change/"

    form = client.get(url).context["adminform"].form
    refused = client.post(url, rule_data(rule, param_line_multiple="5"))
    saved = client.post(url, rule_data(rule, param_min_loss="30000"))

    assert {"param_min_loss", "param_line_multiple"} <= set(form.fields)
    assert refused.context["adminform"].form.errors["param_line_multiple"] == [
        "人均纯收入低于监测标准的倍数应在1到3之间。"
    ]
    assert saved.status_code == 302
    assert ScreeningRule.objects.get(pk=rule.pk).params == {"min_loss": 30000, "line_multiple": 1.5}
