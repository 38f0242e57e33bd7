"""A measure's responsible department is kept by the village and township: the department closes it
(test_department_closes_measure), so a cadre who could move 住房和城乡建设局's measure to 乡镇、村落实 could then
close it himself. Only the county bureau changes or removes a measure's department; a measure without one may still
be given one. The page says so at 责任部门 and refuses a change there, naming the department."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Department
from accounts.models import AuditEvent
from assistance.choices import TOWNSHIP_VILLAGE, MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measure_status, measures, plans
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db

HOUSING = "住房和城乡建设局"


def put(plan, code="housing_renovation", department=Department.HOUSING):
    return PlanMeasure.objects.create(
        plan=plan,
        household=plan.household,
        region_path=plan.region_path,
        measure_type=MeasureType.objects.get(code=code),
        responsible_department=department,
        responsible_unit="县住建局" if department else "乡镇、村",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=10),
        status=MeasureStatus.PLANNED,
        created_by=plan.created_by,
    )


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


def _department(measure):
    return PlanMeasure.objects.get(pk=measure.pk).responsible_department


@pytest.mark.parametrize("new", [TOWNSHIP_VILLAGE, "", Department.CIVIL_AFFAIRS])
def test_the_village_and_township_cannot_change_or_remove_a_departments_department(personas, plan, new):
    housing = put(plan)

    for actor in (personas.cadre_a, personas.township):
        with pytest.raises(ValidationError) as refused:
            measures.measure_update(actor=actor, measure=housing, responsible_department=new)
        (message,) = refused.value.message_dict["responsible_department"]
        assert f"责任部门是{HOUSING}" in message and "县乡村振兴局" in message

    assert _department(housing) == Department.HOUSING
    assert not AuditEvent.objects.filter(action="assistance.measure_update").exists()


def test_the_village_still_edits_the_rest_of_a_departments_measure(personas, plan):
    housing = put(plan)

    measures.measure_update(
        actor=personas.cadre_a, measure=housing, responsible_department=Department.HOUSING, responsible_person="李四"
    )

    housing.refresh_from_db()
    assert (housing.responsible_department, housing.responsible_person) == (Department.HOUSING, "李四")


def test_the_county_bureau_reassigns_or_removes_the_department(personas, plan):
    relief = put(plan, code="temporary_relief", department=Department.CIVIL_AFFAIRS)

    # To another department that handles the measure (catalogue.allowed_departments: test_measure_departments).
    measures.measure_update(actor=personas.county_officer, measure=relief, responsible_department=Department.EMERGENCY)
    assert _department(relief) == Department.EMERGENCY
    measures.measure_update(actor=personas.county_officer, measure=relief, responsible_department=TOWNSHIP_VILLAGE)
    assert _department(relief) == ""


def test_the_cadre_gives_a_department_to_a_measure_without_one(personas, plan):
    own = put(plan, code="temporary_relief", department="")

    measures.measure_update(actor=personas.cadre_a, measure=own, responsible_department=Department.CIVIL_AFFAIRS)

    assert _department(own) == Department.CIVIL_AFFAIRS


def test_the_page_says_who_keeps_the_department_and_refuses_the_change_at_the_field(personas, login, plan):
    housing = put(plan)
    cadre = login(personas.cadre_a)
    url = f"/assistance/measures/{housing.pk}/"
    page = cadre.get(url).content.decode()
    assert f"由{HOUSING}办结：村、乡镇不能更改或取消责任部门" in page

    form = page_form(page, having="responsible_department")
    form.update(responsible_department=TOWNSHIP_VILLAGE)
    refused = cadre.post(url, form)

    assert refused.status_code == 200
    assert refused.context["edit_form"].errors["responsible_department"] == [
        f"“农村危房改造”的责任部门是{HOUSING}，村、乡镇不能更改或取消：措施由{HOUSING}办结，"
        "确需调整责任部门的，请县乡村振兴局修改。"
    ]
    assert _department(housing) == Department.HOUSING
    # and so the close stays the department's
    with pytest.raises(PermissionDenied, match=f"由{HOUSING}办结"):
        measure_status.measure_set_status(
            actor=personas.cadre_a, measure=housing, status=MeasureStatus.DONE, note="已改造"
        )


def test_the_county_bureau_s_page_has_no_such_note_and_saves_the_change(personas, login, plan):
    housing = put(plan)
    county = login(personas.county_officer)
    url = f"/assistance/measures/{housing.pk}/"
    page = county.get(url).content.decode()
    assert "不能更改或取消责任部门" not in page

    form = page_form(page, having="responsible_department")
    form.update(responsible_department=TOWNSHIP_VILLAGE)

    assert county.post(url, form).status_code == 302
    assert _department(housing) == ""
