"""A visit about one thing must not clear a problem recorded before: the 两不愁三保障 boxes open as the household
stands, and a finding not given keeps the household's current status (a visit form, a return visit, an alert's
verification, the API)."""

import re

import pytest
from django.utils import timezone

from households.models import Household
from households.services.visits import visit_record
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def unsafe_house(actor, household):
    visit_record(
        actor=actor,
        household=household,
        visited_on=timezone.localdate(),
        findings={"housing_ok": False},
        notes="房屋东墙开裂",
    )
    assert Household.objects.get(pk=household.pk).housing_ok is False


def checked(page: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page) or re.search(rf'<input[^>]*value="{name}"[^>]*>', page)
    assert tag, name
    return " checked" in tag.group(0)


def test_a_visit_without_findings_keeps_the_recorded_problem(personas, household_a):
    unsafe_house(personas.cadre_a, household_a)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=timezone.localdate(), notes="救助已发放")
    household_a.refresh_from_db()
    assert household_a.housing_ok is False and household_a.water_ok is True


def test_the_visit_form_opens_as_the_household_stands(personas, login, household_a):
    unsafe_house(personas.cadre_a, household_a)
    client = login(personas.cadre_a)
    page = client.get(f"/households/{household_a.pk}/visits/new/").content.decode()
    assert not checked(page, "housing_ok") and checked(page, "water_ok")


def test_the_api_asks_what_it_does_not_send_rather_than_keep_it(personas, login, household_a):
    """A client shows no boxes: an item it leaves out is nobody's answer, so it is asked for (api_visits), neither
    recorded as the household's 是 nor as this visit's finding."""
    unsafe_house(personas.cadre_a, household_a)
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "visited_on": timezone.localdate().isoformat(), "water_ok": False}

    refused = client.post("/api/v1/visits/", body, content_type="application/json")
    sent = client.post("/api/v1/visits/", {**ALL_SECURED, **body, "housing_ok": False}, content_type="application/json")

    assert refused.status_code == 400 and "housing_ok" in refused.json() and "water_ok" not in refused.json()
    assert sent.status_code == 201, sent.content
    household_a.refresh_from_db()
    assert household_a.housing_ok is False and household_a.water_ok is False
