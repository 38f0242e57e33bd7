"""Review (department) findings 1 and 4: a measure goes only to the departments that handle it (its catalogue default,
the lead, and its 协同部门: MeasureType.co_departments, seeded from catalogue.CO_DEPARTMENTS), in the service, the API
and the form; a measure already given to another department keeps it. 以工代赈 and 消费帮扶 go to their leads, the new
发改局 and 工信局 (000 §四(二); 004 (七)(十)(十二)), whose clerks now see them."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.choices import Department, Role
from assistance.catalogue import allowed_departments
from assistance.choices import TOWNSHIP_VILLAGE
from assistance.models import MeasureType, PlanMeasure
from assistance.services import measures, plans
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
REFUSED = "「大病专项救助（医疗救助）」应由医疗保障局或民政局负责，不能交由公安局。"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def spouse(plan):
    return plan.household.members.get(name="李秀英")


def illness(plan, department, **extra):
    return measures.measure_add(
        actor=extra.pop("actor", None) or plan.created_by,
        plan=plan,
        measure_type=MeasureType.objects.get(code="serious_illness_relief"),
        member=spouse(plan),
        starts_on=today(),
        responsible_person="李干部",
        responsible_department=department,
        **extra,
    )


def test_the_service_refuses_a_department_that_does_not_handle_the_measure(plan):
    with pytest.raises(ValidationError) as refused:
        illness(plan, Department.PUBLIC_SECURITY)

    assert refused.value.message_dict["responsible_department"] == [REFUSED]
    assert not PlanMeasure.objects.exists()
    assert illness(plan, Department.CIVIL_AFFAIRS).responsible_department == Department.CIVIL_AFFAIRS
    assert illness(plan, TOWNSHIP_VILLAGE, confirm_unusual=True).responsible_department == ""
    default = illness(plan, "", confirm_unusual=True)
    assert default.responsible_department == Department.MEDICAL_INSURANCE


def test_the_api_refuses_it_at_the_field(personas, login, plan):
    body = {
        "plan": plan.pk,
        "measure_code": "serious_illness_relief",
        "member": spouse(plan).pk,
        "responsible_department": "public_security",
        "responsible_person": "李干部",
        "starts_on": today().isoformat(),
    }

    response = login(personas.township).post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["responsible_department"] == [REFUSED]
    assert not PlanMeasure.objects.exists()


def test_the_form_names_each_measures_departments_and_refuses_another(personas, login, plan):
    client = login(personas.township)
    url = f"/assistance/plans/{plan.pk}/measures/new/"
    page = client.get(url).content.decode()
    serious = MeasureType.objects.get(code="serious_illness_relief")

    assert f'value="{serious.pk}" data-departments="medical_insurance civil_affairs"' in page
    assert "js/measure_departments.js" in page
    response = client.post(
        url,
        {
            "measure_type": serious.pk,
            "member": spouse(plan).pk,
            "responsible_department": "public_security",
            "responsible_person": "李干部",
            "starts_on": today().isoformat(),
        },
    )
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not PlanMeasure.objects.exists()


def test_a_measure_given_to_another_department_before_keeps_it_and_its_edit_form_lists_only_the_measures(
    personas, login, plan
):
    old = illness(plan, Department.CIVIL_AFFAIRS)
    PlanMeasure.objects.filter(pk=old.pk).update(responsible_department=Department.PUBLIC_SECURITY)

    kept = measures.measure_update(actor=personas.township, measure=old, responsible_person="王干部")
    assert (kept.responsible_department, kept.responsible_person) == (Department.PUBLIC_SECURITY, "王干部")
    with pytest.raises(ValidationError, match="不能交由教育局"):
        measures.measure_update(actor=personas.county_officer, measure=old, responsible_department="education")

    page = login(personas.township).get(f"/assistance/measures/{old.pk}/").content.decode()
    select = page.split('name="responsible_department"')[1].split("</select>")[0]
    assert "医疗保障局" in select and "民政局" in select and "公安局" in select and "教育局" not in select


def test_work_relief_and_consumption_help_go_to_their_leads_whose_clerks_see_them(personas, county, login, plan):
    assert Department.DEVELOPMENT_REFORM.label == "发展和改革局" and Department.INDUSTRY_IT.label == "工业和信息化局"
    relief = MeasureType.objects.get(code="work_relief")
    assert relief.default_department == Department.DEVELOPMENT_REFORM
    assert MeasureType.objects.get(code="consumption_help").default_department == Department.INDUSTRY_IT
    assert allowed_departments(relief) == [
        Department.DEVELOPMENT_REFORM,
        Department.HUMAN_RESOURCES,
        Department.FINANCE,  # 000 §四(二) 以工代赈 (test_measure_seed_unit_co_departments)
        Department.TRANSPORT,
    ]
    measure = measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=relief,
        member=plan.household.members.get(name="张大山"),
        starts_on=today(),
        responsible_person="李干部",
        confirm_mismatch=True,
        mismatch_reason="需就近务工",
    )
    assert (measure.responsible_department, measure.responsible_unit) == ("development_reform", "县发展和改革局")

    clerk = UserFactory(
        username="fgj", role=Role.DEPARTMENT_CLERK, region_path=county.county.path,
        region_name=county.county.name, department=Department.DEVELOPMENT_REFORM,
    )  # fmt: skip
    listed = login(clerk).get("/api/v1/assistance/department-measures/").json()
    assert [row["id"] for row in listed["results"]] == [measure.pk]


def test_the_data_migration_gives_the_seeded_rows_their_leads_and_leaves_a_countys_edit():
    migration = importlib.import_module("assistance.migrations.0008_department_development_industry")
    MeasureType.objects.filter(code="work_relief").update(default_department="")
    MeasureType.objects.filter(code="consumption_help").update(default_department="", default_unit_name="县商务局")

    migration.forwards(apps, None)

    assert MeasureType.objects.get(code="work_relief").default_department == Department.DEVELOPMENT_REFORM
    assert MeasureType.objects.get(code="consumption_help").default_department == ""
