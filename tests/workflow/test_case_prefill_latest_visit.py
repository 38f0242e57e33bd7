"""发起识别纳入 opened from the household's page (no ?from_visit=) takes what the household's latest visit found, as
the visit form promises (风险类型…供发起识别纳入), and says which visit (date, visitor) it took them from; a later visit
that found no risk, an open case or a monitored household leaves the form as it was."""

import datetime as dt

import pytest

from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.test_case_openings import _checked, _selected
from workflow.choices import Channel
from workflow.selectors_openings import case_prefill

pytestmark = pytest.mark.django_db


def url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def visited(actor, household, days_ago, **found):
    return visit_record(actor=actor, household=household, visited_on=today() - dt.timedelta(days=days_ago), **found)


def test_the_latest_visit_that_found_a_risk_fills_the_form_and_is_named(personas, login, household_a):
    visit = visited(personas.cadre_a, household_a, 3, risk_found=True, risk_types=["disaster_loss", "medical_cost"])

    form = login(personas.cadre_a).get(url(household_a)).content.decode()

    assert sorted(_checked(form, "risk_types")) == ["disaster_loss", "medical_cost"]
    assert _selected(form, "channel") == [Channel.CADRE_VISIT]
    assert f'value="{visit.visited_on.isoformat()}"' in form
    name = personas.cadre_a.get_full_name() or personas.cadre_a.username
    assert "data-prefilled-from" in form and f"已按 {visit.visited_on:%Y-%m-%d} {name}的" in form


def test_a_later_visit_without_risk_leaves_it_unfilled(personas, login, household_a):
    visited(personas.cadre_a, household_a, 5, risk_found=True, risk_types=["disaster_loss"])
    visited(personas.cadre_a, household_a, 1)

    form = login(personas.cadre_a).get(url(household_a)).content.decode()

    assert _checked(form, "risk_types") == [] and "data-prefilled-from" not in form
    assert case_prefill(household=household_a) == ({}, "")


def test_a_monitored_household_takes_nothing(personas, monitored_a):
    visited(personas.cadre_a, monitored_a, 1, risk_found=True, risk_types=["disaster_loss"])
    assert case_prefill(household=monitored_a) == ({}, "")


def test_from_visit_still_wins_and_is_named(personas, login, household_a):
    named = visited(personas.cadre_a, household_a, 6, risk_found=True, risk_types=["disaster_loss"])
    visited(personas.cadre_a, household_a, 1, risk_found=True, risk_types=["medical_cost"])

    form = login(personas.cadre_a).get(f"{url(household_a)}?from_visit={named.pk}").content.decode()

    assert _checked(form, "risk_types") == ["disaster_loss"] and f"已按 {named.visited_on:%Y-%m-%d}" in form
