"""The village cadre's case form and case page (review of the cadre's journey on a phone): the form reports every
field's error in one round, and a household proposed for 人均纯收入低于监测范围 whose latest income is above the
line is pointed out to the cadre before the township flags it (selectors_batches.FLAG_INCOME_ABOVE)."""

import datetime as dt
from decimal import Decimal

import pytest

from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.workflow import helpers
from workflow.choices import CaseKind, Channel, Outcome
from workflow.forms import CONFIRM_INCOME_LABEL, MSG_CHANNEL_REQUIRED
from workflow.models import Case
from workflow.selectors_batches import FLAG_INCOME_ABOVE
from workflow.services.case_opening import MSG_FUTURE_DATE, MSG_RISK_REQUIRED
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    year = this_year()
    MonitoringLine.objects.filter(year__gte=year - 1).delete()
    return MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("6000"))


@pytest.fixture
def well_off(personas, household_a, line):
    """张大山's household: 2 people, 20,000 元 each this year, well above the 6,000 元 line."""
    income_save(
        actor=personas.cadre_a, household=household_a, year=this_year(), amounts={"wage_income": Decimal("40000")}
    )
    return household_a


def url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def low_income_body(**extra):
    return {
        "kind": "identification",
        "channel": Channel.CADRE_VISIT,
        "risk_types": ["low_income"],
        # Income below the line has no national code of its own: the cause found at the visit is chosen.
        "national_risk_types": ["unstable_employment"],
        "category": "sudden_hardship",
        "discovered_on": today().isoformat(),
        **extra,
    }


def test_the_case_form_reports_a_missing_channel_a_future_date_and_no_risk_type_at_once(personas, login, household_a):
    response = login(personas.cadre_a).post(
        url(household_a),
        {
            "kind": "identification",
            "category": "sudden_hardship",
            "discovered_on": (today() + dt.timedelta(days=3)).isoformat(),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert MSG_CHANNEL_REQUIRED in page and MSG_FUTURE_DATE in page and MSG_RISK_REQUIRED in page
    assert not Case.objects.filter(household=household_a).exists()


def test_low_income_for_a_household_above_the_line_is_asked_once_then_opened(personas, login, well_off):
    client = login(personas.cadre_a)

    asked = client.post(url(well_off), low_income_body())
    opened = client.post(url(well_off), low_income_body(confirm_income="on"))

    page = asked.content.decode()
    assert asked.status_code == 200 and "不低于" in page and "20,000.00 元" in page
    assert FLAG_INCOME_ABOVE in page and CONFIRM_INCOME_LABEL in page
    assert opened.status_code == 302
    assert Case.objects.get(household=well_off).risk_types == ["low_income"]


def test_the_box_is_not_shown_nor_asked_for_other_risks_or_an_income_below_the_line(
    personas, login, household_a, household_b, line
):
    year = this_year()
    income_save(actor=personas.cadre_b, household=household_b, year=year, amounts={"wage_income": Decimal("3000")})

    form = login(personas.cadre_a).get(url(household_a)).content.decode()
    poor = login(personas.cadre_b).post(url(household_b), low_income_body())

    assert CONFIRM_INCOME_LABEL not in form
    assert poor.status_code == 302


def test_the_village_sees_the_flag_on_the_case_page_at_its_steps(personas, login, well_off):
    case = case_open(
        actor=personas.cadre_a,
        household=well_off,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["low_income"],
        national_risk_types=["illness"],
        category="sudden_hardship",
    )
    client = login(personas.cadre_a)

    at_review = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    helpers.case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    at_publicity = client.get(f"/workflow/cases/{case.pk}/").content.decode()

    for page in (at_review, at_publicity):
        assert "data-income-flag-village" in page and FLAG_INCOME_ABOVE in page and "20,000.00 元" in page
