"""Review finding (fix_recent 2): the green channel's form (绿色通道：先行认定) does what the ordinary case form does:
it says that 住房/饮水安全有保障 is set to 否 when opening for an unsafe house or water (it always did so silently),
and it is filled from the household's visit that found the risk, naming that visit (已按…走访预填)."""

import datetime as dt

import pytest

from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.helpers import allow_green_channel
from tests.workflow.test_case_openings import _checked
from workflow.services.case_opening import RISK_GUARANTEE_HELP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def channel_configured(household_a):
    """The form is offered where the county's procedure has the channel (Procedure.green_channel); the test
    county's Yongxiu procedure has none of its own (seed 000)."""
    allow_green_channel(household_a)


def url(household):
    return f"/workflow/households/{household.pk}/cases/green/"


def test_the_green_form_says_the_guarantee_is_set_to_no(personas, login, household_a):
    page = login(personas.township).get(url(household_a)).content.decode()

    assert RISK_GUARANTEE_HELP in page


def test_the_green_form_is_filled_from_the_visit_that_found_the_risk_and_names_it(personas, login, household_a):
    day = today() - dt.timedelta(days=2)
    visit = visit_record(
        actor=personas.cadre_a,
        household=household_a,
        visited_on=day,
        findings={"housing_ok": False},
        risk_found=True,
        risk_types=["unsafe_housing", "disaster_loss"],
    )

    page = login(personas.township).get(url(household_a)).content.decode()

    assert sorted(_checked(page, "risk_types")) == ["disaster_loss", "unsafe_housing"]
    assert f'value="{day.isoformat()}"' in page
    name = personas.cadre_a.get_full_name() or personas.cadre_a.username
    assert "data-prefilled-from" in page and f"已按 {visit.visited_on:%Y-%m-%d} {name}的" in page


def test_a_visit_that_found_nothing_fills_nothing(personas, login, household_a):
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="入户核查")

    page = login(personas.township).get(url(household_a)).content.decode()

    assert _checked(page, "risk_types") == [] and "data-prefilled-from" not in page
