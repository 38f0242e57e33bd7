"""Which exclusion facts exclude (003 §二2(2)): only 消费型轿车, 财政供养人员 and 企业高管 ("不得确定为监测对象"); a
stable income below the line with the guarantees met is left off the worklist only with a well-off child on record
("收入稳定、“三保障”和饮水安全无问题、子女经济条件好的农户，不纳入"). Deposits, commercial property and the other
七严四甄别 items are weighed by the county (000 §三(三)3): notes on a 待处理 result."""

from decimal import Decimal

import pytest

from households.services import income
from screening.choices import ExclusionKind, ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.clock import this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def stable(make_household, personas):
    """5,700 per person this year, 5,800 last year (a fall under 10 %: stable), guarantees met, under 7,300."""

    def _make():
        household = make_household("5700")
        income.income_save(
            actor=personas.county_officer,
            household=household,
            year=this_year() - 1,
            amounts={"wage_income": Decimal("11600")},
        )
        return household

    return _make


def _result(household):
    return ScreeningResult.objects.get(household=household)


def test_a_stable_income_below_the_line_without_a_well_off_child_stays_to_be_handled(line, stable):
    household = stable()

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.HIT


def test_a_stable_income_below_the_line_with_a_well_off_child_is_not_at_risk(line, stable, personas):
    household = stable()
    results.exclusion_add(
        actor=personas.cadre_a, household=household, kind=ExclusionKind.WELL_OFF_CHILD, child_name="张小明"
    )

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.BELOW_LINE_STABLE


@pytest.mark.parametrize("kind", [ExclusionKind.LARGE_DEPOSITS, ExclusionKind.COMMERCIAL_PROPERTY, ExclusionKind.OTHER])
def test_a_fact_the_county_weighs_is_a_note_on_a_result_to_be_handled(line, make_household, personas, kind, login):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=kind, note="县级比对")

    screening_run(kind=RunKind.NIGHTLY)

    result = _result(household)
    assert result.status == ResultStatus.HIT
    assert result.exclusion_reasons == [f"{kind.label}（县级比对）"]
    page = login(personas.cadre_a).get("/screening/").content.decode()
    assert f"待研判情形</span> {kind.label}（县级比对）" in page


@pytest.mark.parametrize("kind", [ExclusionKind.CAR, ExclusionKind.PUBLIC_FUNDED, ExclusionKind.COMPANY_EXECUTIVE])
def test_the_three_barring_facts_exclude(line, make_household, personas, kind):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=kind)

    screening_run(kind=RunKind.NIGHTLY)

    assert _result(household).status == ResultStatus.EXCLUDED


def test_only_a_company_executive_excludes_a_household_that_runs_a_business_is_weighed(
    line, make_household, personas, login
):
    # 003 §二2(2) names 企业高管 among the 不得 facts, not 经商办企业: running a business is a note for the decision.
    trader, executive = make_household("5000"), make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=trader, kind="business", note="县级比对")
    results.exclusion_add(actor=personas.cadre_a, household=executive, kind="company_executive", note="县级比对")

    screening_run(kind=RunKind.NIGHTLY)

    assert (_result(trader).status, _result(trader).exclusion_reasons) == (ResultStatus.HIT, ["经商办企业（县级比对）"])
    assert (_result(executive).status, _result(executive).exclusion_reasons) == (
        ResultStatus.EXCLUDED,
        ["企业高管（县级比对）"],
    )
    client = login(personas.cadre_a)
    assert "待研判情形</span> 经商办企业（县级比对）" in client.get("/screening/").content.decode()
    excluded = client.get("/screening/?status=excluded").content.decode()
    assert "排除情形</span> 企业高管（县级比对）" in excluded and "经商办" not in excluded
    form = client.get(f"/screening/households/{trader.pk}/exclusions/new/").content.decode()
    assert '<option value="company_executive">企业高管</option>' in form
    assert '<option value="business">经商办企业</option>' in form
