"""The cadre chooses the outcome and writes what the visit found (review ux1, item 1): no outcome is preselected, a
submission without one is refused with 请选择核实结果。, and 核实情况 is required for every outcome, since every outcome
records a 预警核实 visit (the household's visit of the month). An alert whose name differs from the registry's
member steers toward no outcome. The API refuses the same, naming the field in Chinese."""

import pytest
from django.utils import timezone

from alerts.choices import AlertStatus
from alerts.models import Alert
from alerts.services.verification import MSG_BAD_OUTCOME, MSG_NOTE_REQUIRED, MSG_REASON_REQUIRED
from households.choices import MonitoringCategory, VisitKind
from households.models import Household, Visit
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def raise_for(clerk, name: str, id_number: str) -> Alert:
    ingest(
        clerk, CODE, csv_file([[name, id_number, "未参保", "10"]], header=header_of(CODE)), today=timezone.localdate()
    )
    return Alert.objects.get(person_name=name)


@pytest.fixture
def monitored(people):
    """张大山's household, already monitored."""
    household = people["zhang"].household
    Household.objects.filter(pk=household.pk).update(monitoring_category=MonitoringCategory.MARGINAL)
    return household


def alert_visits(household) -> int:
    return Visit.objects.filter(household=household, kind=VisitKind.ALERT).count()


def checked_outcomes(page: str) -> list[str]:
    return [line for line in page.splitlines() if 'name="outcome"' in line and "checked" in line]


def test_no_outcome_is_preselected_for_a_monitored_household(personas, clerks, people, monitored, login):
    alert = raise_for(clerks["health"], "张大山", people["zhang"].id_number)

    response = login(personas.cadre_a).get(f"/alerts/{alert.pk}/")

    assert not response.context["form"]["outcome"].value()
    assert not checked_outcomes(response.content.decode())


def test_one_tap_on_submit_verifies_nothing_and_says_what_to_choose(personas, clerks, people, monitored, login):
    alert = raise_for(clerks["health"], "张大山", people["zhang"].id_number)
    today = f"{timezone.localdate():%Y-%m-%d}"
    client = login(personas.cadre_a)

    page = client.post(f"/alerts/{alert.pk}/", {"visited_on": today}).content.decode()

    assert MSG_BAD_OUTCOME in page
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING and alert_visits(monitored) == 0


def test_every_outcome_needs_what_the_visit_found(personas, clerks, people, monitored, login):
    alert = raise_for(clerks["health"], "张大山", people["zhang"].id_number)
    today = f"{timezone.localdate():%Y-%m-%d}"
    client = login(personas.cadre_a)

    monitored_page = client.post(f"/alerts/{alert.pk}/", {"outcome": "monitored", "visited_on": today})
    wrong_data = client.post(
        f"/alerts/{alert.pk}/", {"outcome": "wrong_data", "visited_on": today, "department_note": "身份证号有误"}
    )
    no_risk = client.post(f"/alerts/{alert.pk}/", {"outcome": "not_at_risk", "visited_on": today, "note": "  "})

    assert monitored_page.context["form"].errors["note"] == [MSG_NOTE_REQUIRED]
    assert MSG_NOTE_REQUIRED in monitored_page.content.decode()
    assert wrong_data.context["form"].errors["note"] == [MSG_NOTE_REQUIRED]
    assert no_risk.context["form"].errors["note"] == [MSG_REASON_REQUIRED]  # the outcome's own words
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING and alert_visits(monitored) == 0
    # The field is marked required on the page.
    assert '核实情况（仅系统内可见） <span class="req"' in monitored_page.content.decode()

    client.post(f"/alerts/{alert.pk}/", {"outcome": "monitored", "visited_on": today, "note": "户主在家，已按方案帮扶"})

    done = Alert.objects.get(pk=alert.pk)
    assert (done.status, done.outcome, done.outcome_note) == ("verified", "monitored", "户主在家，已按方案帮扶")
    assert "户主在家，已按方案帮扶" in done.visit.notes


def test_a_name_mismatch_steers_toward_no_outcome(personas, clerks, people, monitored, login):
    alert = raise_for(clerks["health"], "张三", people["zhang"].id_number)
    assert alert.name_differs

    response = login(personas.cadre_a).get(f"/alerts/{alert.pk}/")

    page = response.content.decode()
    assert "姓名不一致" in page and not checked_outcomes(page)
    assert "请选择“已是监测对象”，按帮扶方案跟进" not in page
    assert "data-hint-monitored" in page and "请按入户核实的情况选择核实结果" in page


def test_the_api_names_the_missing_outcome_and_note(personas, clerks, people, monitored, login):
    alert = raise_for(clerks["health"], "张大山", people["zhang"].id_number)
    url = f"/api/v1/alerts/{alert.pk}/verify/"
    today = f"{timezone.localdate():%Y-%m-%d}"
    client = login(personas.cadre_a)

    no_outcome = client.post(url, {"visited_on": today, "note": "在家"}, content_type="application/json")
    no_note = client.post(url, {"outcome": "monitored", "visited_on": today}, content_type="application/json")
    blank = client.post(url, {"outcome": "monitored", "visited_on": today, "note": ""}, content_type="application/json")

    assert (no_outcome.status_code, no_outcome.json()["outcome"]) == (400, [MSG_BAD_OUTCOME])
    assert (no_note.status_code, no_note.json()["note"]) == (400, [MSG_NOTE_REQUIRED])
    assert (blank.status_code, blank.json()["note"]) == (400, [MSG_NOTE_REQUIRED])
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING and alert_visits(monitored) == 0
