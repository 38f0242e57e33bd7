"""Review of the cadre's phone journey, finding 1: a case proposed for 人均纯收入低于监测范围 alone, for a household
with no income row for any year, passed 村级评议 and its page showed no per-capita income. Seed 000 §三(一)1 defines
the type by the per-capita net income against the year's line: the village's review now passes it only with the
household's income of that year on file (services.income_rules, asked by services.pass_rules on every path), the
opening warns, and the case page shows the income and the line it is compared with."""

import datetime as dt
from decimal import Decimal

import pytest

from config.errors import ApplicationError
from households.choices import HouseholdType, Relation
from households.services import registry
from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.households.conftest import member_row
from tests.workflow import helpers
from tests.workflow.test_meeting_confirm import meeting_post, pdf, url
from tests.workflow.test_meetings import open_case, review_step
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import Case, VillageMeeting
from workflow.services.cases import case_open
from workflow.services.income_rules import MSG_INCOME_MISSING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def line():
    year = this_year()
    MonitoringLine.objects.filter(year__gte=year - 1).delete()
    return MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("6000"))


def low_income_case(actor, household, risk_types=("low_income",), national=("unstable_employment",)):
    return case_open(
        actor=actor,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=list(risk_types),
        national_risk_types=list(national),
        category="sudden_hardship",
    )


def refusal() -> str:
    return MSG_INCOME_MISSING.format(year=this_year(), last=this_year() - 1, step="村级评议")


def pass_review(actor, case):
    return helpers.case_act(actor=actor, case=case, step_code="village_review", outcome=Outcome.PASS)


def test_the_village_review_refuses_a_low_income_case_without_the_years_income(personas, household_a, line):
    case = low_income_case(personas.cadre_a, household_a)

    with pytest.raises(ApplicationError) as refused:
        pass_review(personas.cadre_a, case)

    assert refused.value.message == refusal()
    assert "“收支”中录入该户" in refused.value.message
    assert review_step(case).status == CaseStepStatus.OPEN


def test_an_income_two_years_old_is_not_enough_and_last_years_lets_it_pass(personas, household_a, line):
    """Regression review finding 1: asking for this year's income stopped every low-income inclusion on 1 January,
    when only the year just ended is known. Last year's counts; one two years old does not."""
    case = low_income_case(personas.cadre_a, household_a)
    year = this_year()
    income_save(actor=personas.cadre_a, household=household_a, year=year - 2, amounts={"wage_income": Decimal("6000")})

    with pytest.raises(ApplicationError):
        pass_review(personas.cadre_a, case)
    income_save(actor=personas.cadre_a, household=household_a, year=year - 1, amounts={"wage_income": Decimal("6000")})
    pass_review(personas.cadre_a, case)

    assert review_step(case).status == CaseStepStatus.DONE


def test_on_the_10th_of_january_the_income_of_the_year_just_ended_is_the_one_asked_and_shown(
    personas, household_a, line
):
    from workflow.selectors_case_income import case_income
    from workflow.services.income_rules import cases_missing_income

    case = low_income_case(personas.cadre_a, household_a)
    income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("8000")}
    )
    january = dt.date(this_year() + 1, 1, 10)

    shown = case_income(case, january)

    assert cases_missing_income([case], january) == set()
    assert shown.entered and shown.year == this_year() and shown.per_capita == Decimal("4000.00")


def test_another_risk_type_needs_no_income(personas, household_a, line):
    case = low_income_case(personas.cadre_a, household_a, risk_types=["medical_cost"], national=["illness"])

    pass_review(personas.cadre_a, case)

    assert review_step(case).status == CaseStepStatus.DONE


def test_the_review_meeting_refuses_it_on_the_form_by_name(personas, login, county, household_a, line):
    case = low_income_case(personas.cadre_a, household_a)
    helpers.sign_consent(actor=personas.cadre_a, household=household_a)
    helpers.household_checked(actor=personas.cadre_a, case=case)
    rows = [member_row("刘小河", Relation.HEAD, dt.date(1972, 4, 9), 33)]
    second = registry.household_create(
        actor=personas.cadre_a, village=household_a.village, members=rows, household_type=HouseholdType.ORDINARY
    )
    cases = [case, open_case(personas.cadre_a, second)]

    page = login(personas.cadre_a).post(url(county), meeting_post(cases, minutes=pdf())).content.decode()

    assert f"张大山户：{refusal()}" in page
    assert VillageMeeting.objects.count() == 0 and review_step(case).status == CaseStepStatus.OPEN


def test_opening_warns_and_the_case_page_says_what_to_enter_with_a_link(personas, login, household_a, line):
    client = login(personas.cadre_a)
    body = {
        "kind": "identification",
        "channel": Channel.CADRE_VISIT,
        "risk_types": ["low_income"],
        "national_risk_types": ["unstable_employment"],
        "category": "sudden_hardship",
        "discovered_on": today().isoformat(),
    }

    response = client.post(f"/workflow/households/{household_a.pk}/cases/new/", body, follow=True)

    page = response.content.decode()
    case = Case.objects.get(household=household_a)
    year = this_year()
    assert f"该户尚未录入{year - 1}年或{year}年收支" in page  # the opening's warning
    assert f"未录入{year - 1}年或{year}年收支" in page and f"与{year}年监测标准 6,000 元比较" in page
    assert f'href="/households/{household_a.pk}/?tab=income"' in page
    helpers.household_checked(actor=personas.cadre_a, case=case)  # visited: what it lacks is the income
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    form = page.split('id="act-village_review"', 1)[1]
    assert "data-pass-refusal" in form and refusal() in form and "?tab=income" in form


def test_the_case_page_shows_the_years_per_capita_income_and_its_line(personas, login, household_a, line):
    case = low_income_case(personas.cadre_a, household_a)
    income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("8000")}
    )

    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()

    year = this_year()
    assert f"{year}年人均纯收入 <strong>4,000.00 元</strong>，低于{year}年监测标准 6,000 元" in page
    assert "data-case-income-missing" not in page
