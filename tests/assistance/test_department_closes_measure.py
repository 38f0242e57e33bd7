"""Review (assistance) finding 1: a measure with a responsible department is closed (已完成、已终止) by that
department's clerk or the county bureau, never by the village or township, who may only start it (实施中); the
page shows them who closes it instead of the choices, and a forged request is refused naming the department."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accounts.choices import Department
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measure_status, plans
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db

HOUSING = "住房和城乡建设局"


def put(plan, code="housing_renovation", department=Department.HOUSING, **fields):
    values = {"starts_on": today() - dt.timedelta(days=10), "status": MeasureStatus.PLANNED, **fields}
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_department=department,
        responsible_unit="县住建局" if department else "乡镇、村",
        responsible_person="王干部",
        created_by=plan.created_by,
        **values,
    )


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


@pytest.mark.parametrize("status", [MeasureStatus.DONE, MeasureStatus.STOPPED])
def test_the_village_and_township_cannot_close_a_departments_measure(personas, plan, status):
    housing = put(plan)

    for actor in (personas.cadre_a, personas.township):
        with pytest.raises(PermissionDenied, match=f"由{HOUSING}办结"):
            measure_status.measure_set_status(actor=actor, measure=housing, status=status, note="已改造")

    housing.refresh_from_db()
    assert (housing.status, housing.completed_by) == (MeasureStatus.PLANNED, None)


def test_the_village_may_start_it_and_the_county_bureau_or_the_department_close_it(personas, plan):
    housing, doctor = put(plan), put(plan, department=Department.HEALTH, code="family_doctor")

    measure_status.measure_set_status(actor=personas.cadre_a, measure=housing, status=MeasureStatus.IN_PROGRESS)
    measure_status.measure_set_status(
        actor=personas.county_officer, measure=housing, status=MeasureStatus.DONE, note="竣工"
    )
    measure_status.measure_complete_by_department(actor=personas.clerk, measure=doctor, note="已签约")

    housing.refresh_from_db()
    doctor.refresh_from_db()
    assert (housing.status, housing.completed_by) == (MeasureStatus.DONE, personas.county_officer)
    assert (doctor.status, doctor.completed_by) == (MeasureStatus.DONE, personas.clerk)


def test_the_village_still_closes_its_own_measure(personas, plan):
    own = put(plan, code="temporary_relief", department="")

    measure_status.measure_set_status(actor=personas.cadre_a, measure=own, status=MeasureStatus.DONE, note="已发放")

    own.refresh_from_db()
    assert (own.status, own.completed_by) == (MeasureStatus.DONE, personas.cadre_a)


def test_the_api_refuses_the_cadre_with_a_403_naming_the_department(personas, login, plan):
    housing = put(plan)

    response = login(personas.cadre_a).post(
        f"/api/v1/assistance/measures/{housing.pk}/status/",
        {"status": "done", "note": "已改造"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert f"由{HOUSING}办结" in response.json()["detail"]
    assert PlanMeasure.objects.get(pk=housing.pk).status == MeasureStatus.PLANNED


def test_the_page_offers_the_cadre_only_to_start_it_and_says_who_closes_it(personas, login, plan):
    housing = put(plan)
    cadre = login(personas.cadre_a)
    url = f"/assistance/measures/{housing.pk}/"

    planned = cadre.get(url).content.decode()
    assert f"由{HOUSING}办结" in planned and "data-closed-by" in planned
    assert 'value="in_progress"' in planned
    assert 'value="done"' not in planned and 'value="stopped"' not in planned

    forged = cadre.post(url, {"action": "status", "status": "done", "note": "已改造", "shown_status": "planned"})
    assert forged.status_code == 200
    assert PlanMeasure.objects.get(pk=housing.pk).status == MeasureStatus.PLANNED

    PlanMeasure.objects.filter(pk=housing.pk).update(status=MeasureStatus.IN_PROGRESS)
    under_way = cadre.get(url).content.decode()
    assert "当前状态：实施中" in under_way and f"由{HOUSING}办结" in under_way
    assert 'name="status"' not in under_way  # read-only: no choices to make
    assert "修改责任、日期、金额" in under_way  # the measure is still open to correct


def test_the_county_bureau_is_offered_the_close_with_a_confirmation(personas, login, plan):
    housing = put(plan, status=MeasureStatus.IN_PROGRESS)
    client = login(personas.county_officer)
    url = f"/assistance/measures/{housing.pk}/"

    page = client.get(url).content.decode()
    assert 'value="done"' in page and 'value="stopped"' in page and "data-closed-by" not in page
    assert "确认将该措施改为" in page and "改后不能再修改或撤回" in page

    form = page_form(page, having="status")
    form.update(status="done", note="竣工验收", on=f"{today():%Y-%m-%d}")
    assert client.post(url, form).status_code == 302
    assert PlanMeasure.objects.get(pk=housing.pk).status == MeasureStatus.DONE
