"""The cadre verifies knowing the household (review clerk_alerts, finding 10): the alert page shows whether it is
monitored and any open case, and 纳入监测 on a household whose identification case is open joins that case and says
so. No outcome is preselected, not even 已是监测对象 for a monitored household: the cadre chooses (review ux1)."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from alerts.services.verification import MSG_JOINED_CASE
from households.choices import MonitoringCategory
from households.models import Household
from tests.alerts.conftest import csv_file, header_of, ingest
from workflow.models import Case, CaseEvent

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
ILLNESS = "health-serious-illness"


@pytest.fixture
def alert(clerks, people):
    # Two alerts of two files (one row's two alerts are verified together: alerts.services.verification_row).
    today = timezone.localdate()
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today)
    illness = [["张大山", people["zhang"].id_number, "白血病", f"{today:%Y-%m-%d}"]]
    ingest(clerks["health"], ILLNESS, csv_file(illness, header=header_of(ILLNESS), name="ill.csv"), today=today)
    return Alert.objects.filter(person_name="张大山").order_by("pk").first()


def test_a_monitored_household_is_shown_and_no_outcome_is_preselected(personas, alert, login):
    Household.objects.filter(pk=alert.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)

    response = login(personas.cadre_a).get(f"/alerts/{alert.pk}/")

    page = response.content.decode()
    assert "data-household-standing" in page and "边缘易致贫户" in page and "data-hint-monitored" in page
    assert not response.context["form"]["outcome"].value()


def test_an_ordinary_household_preselects_nothing(personas, alert, login):
    response = login(personas.cadre_a).get(f"/alerts/{alert.pk}/")

    assert "不是监测对象" in response.content.decode() and not response.context["form"]["outcome"].value()


def test_include_on_a_household_with_an_open_case_joins_it_and_tells_the_cadre(personas, alert, login):
    client = login(personas.cadre_a)
    today = f"{timezone.localdate():%Y-%m-%d}"
    first, second = Alert.objects.filter(household=alert.household).order_by("pk")
    client.post(f"/alerts/{first.pk}/", {"outcome": "include", "visited_on": today, "category": "marginal",
                                         "risk_types": ["medical_cost"], "note": "住院自付较多"})  # fmt: skip
    case = Case.objects.get(household=alert.household)

    page = client.get(f"/alerts/{second.pk}/").content.decode()
    assert f"/cases/{case.pk}/" in page and "data-hint-open-case" in page
    response = client.post(f"/alerts/{second.pk}/", {"outcome": "include", "visited_on": today,
                                                     "note": "医疗自付又增加"},
                           follow=True)  # fmt: skip

    assert MSG_JOINED_CASE in response.content.decode()
    second.refresh_from_db()
    assert second.case == case and Case.objects.filter(household=alert.household).count() == 1
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost"]  # unchanged: the note records what the cadre found
    note = CaseEvent.objects.filter(case=case, summary__contains="并入部门预警").get()
    assert "入户核实认为有大病重病重残医疗支出大" in note.summary  # the alert's risk: the page asks for none
    # The case's record is read by officials too: a health alert is named by its department's label only.
    assert f"（{second.get_department_display()}：卫健部门预警）" in note.summary
    assert second.rule.name not in note.summary and second.feed_type.name not in note.summary


def test_include_that_joins_the_open_case_asks_for_no_category_or_risk_types(personas, alert, login):
    client = login(personas.cadre_a)
    today = f"{timezone.localdate():%Y-%m-%d}"
    first, second = Alert.objects.filter(household=alert.household).order_by("pk")
    client.post(f"/alerts/{first.pk}/", {"outcome": "include", "visited_on": today, "category": "marginal",
                                         "risk_types": ["medical_cost"], "note": "住院自付较多"})  # fmt: skip
    case = Case.objects.get(household=alert.household)

    page = client.get(f"/alerts/{second.pk}/").content.decode()
    assert 'name="category"' not in page and 'name="risk_types"' not in page
    assert "纳入监测时请选择" not in page  # nor does the check before the confirmation ask for a category
    response = client.post(f"/alerts/{second.pk}/", {"outcome": "include", "visited_on": today,
                                                     "note": "务工收入减少"}, follow=True)  # fmt: skip

    assert MSG_JOINED_CASE in response.content.decode()
    second.refresh_from_db()
    assert second.status == "verified" and second.case == case
    case.refresh_from_db()
    assert case.risk_types == ["medical_cost"] and case.category == "marginal"


def test_the_api_joins_the_open_case_without_a_category(personas, alert, login):
    client = login(personas.cadre_a)
    today = f"{timezone.localdate():%Y-%m-%d}"
    first, second = Alert.objects.filter(household=alert.household).order_by("pk")
    body = {"outcome": "include", "visited_on": today, "note": "住院自付较多", "category": "marginal"}
    assert client.post(f"/api/v1/alerts/{first.pk}/verify/", body, "application/json").status_code == 200

    body = {"outcome": "include", "visited_on": today, "note": "务工收入减少"}
    response = client.post(f"/api/v1/alerts/{second.pk}/verify/", body, "application/json")

    assert response.status_code == 200, response.json()
    assert response.json()["case"] == Case.objects.get(household=alert.household).pk
