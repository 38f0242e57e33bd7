"""Who may carry a measure besides its default department is the catalogue row's 协同部门 (MeasureType.co_departments),
edited and audited on the configuration site, and read by the service, the API and the measure forms alike: a county
whose arrangement differs from the seeded one (catalogue.CO_DEPARTMENTS) changes it there."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.audit_labels import change_line, changes_in_words
from accounts.choices import Department
from accounts.models import AuditEvent
from assistance.catalogue import allowed_departments
from assistance.models import MeasureCategory, MeasureType, PlanMeasure
from assistance.services import catalogue, plans
from tests.clock import today

pytestmark = pytest.mark.django_db
SUBSIDY_REFUSED = "「城乡居民医保参保资助」应由医疗保障局负责，不能交由民政局。"
ILLNESS_REFUSED = "「大病专项救助（医疗救助）」应由医疗保障局负责，不能交由民政局。"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def type_data(measure_type, **overrides):
    """The configuration site's change form as it stands for `measure_type`, with `overrides`."""
    data = {
        "category": measure_type.category_id,
        "code": measure_type.code,
        "name": measure_type.name,
        "default_department": measure_type.default_department,
        "co_departments": measure_type.co_departments,
        "default_unit_name": measure_type.default_unit_name,
        "risk_types": measure_type.risk_types,
        "order": measure_type.order,
        "description": measure_type.description,
    }
    data |= {name: "on" for name in ("for_member", "is_active") if getattr(measure_type, name)}
    return data | overrides


def admin_edit(personas, login, measure_type, **overrides):
    return login(personas.system_admin).post(
        f"/admin/assistance/measuretype/{measure_type.pk}/change/", type_data(measure_type, **overrides)
    )


def add_on_the_page(client, plan, measure_type, department):
    return client.post(
        f"/assistance/plans/{plan.pk}/measures/new/",
        {
            "measure_type": measure_type.pk,
            "member": plan.household.members.get(name="李秀英").pk,
            "responsible_department": department,
            "responsible_person": "李干部",
            "starts_on": today().isoformat(),
        },
    )


def add_by_api(client, plan, code, department):
    body = {
        "plan": plan.pk,
        "measure_code": code,
        "member": plan.household.members.get(name="李秀英").pk,
        "responsible_department": department,
        "responsible_person": "李干部",
        "starts_on": today().isoformat(),
        "confirm_unusual": True,
    }
    return client.post("/api/v1/assistance/measures/", body, content_type="application/json")


def test_a_co_department_added_on_the_configuration_site_may_be_given_the_measure(personas, login, plan):
    subsidy = MeasureType.objects.get(code="medical_insurance_subsidy")
    township = login(personas.township)
    assert add_on_the_page(township, plan, subsidy, "civil_affairs").status_code == 200  # refused before the edit

    response = admin_edit(personas, login, subsidy, co_departments=["civil_affairs"])

    assert response.status_code == 302, response.content.decode()[:2000]
    subsidy.refresh_from_db()
    assert subsidy.co_departments == ["civil_affairs"]
    assert allowed_departments(subsidy) == ["medical_insurance", "civil_affairs"]
    page = township.get(f"/assistance/plans/{plan.pk}/measures/new/").content.decode()
    assert f'value="{subsidy.pk}" data-departments="medical_insurance civil_affairs"' in page
    assert add_on_the_page(township, plan, subsidy, "civil_affairs").status_code == 302
    response = add_by_api(township, plan, "medical_insurance_subsidy", "civil_affairs")
    assert response.status_code == 201, response.content.decode()
    given = PlanMeasure.objects.filter(measure_type=subsidy).values_list("responsible_department", flat=True)
    assert list(given) == ["civil_affairs", "civil_affairs"]

    event = AuditEvent.objects.get(action="assistance.measure_type_save")
    assert (event.before, event.after) == ({"co_departments": []}, {"co_departments": ["civil_affairs"]})
    lines = changes_in_words(personas.audit_admin, event.object_type, event.action, event.before, event.after, {})
    assert [change_line(line) for line in lines] == ["协同部门：（空） → 民政局"]


def test_a_co_department_removed_on_the_configuration_site_is_refused(personas, login, plan):
    illness = MeasureType.objects.get(code="serious_illness_relief")
    assert illness.co_departments == ["civil_affairs"]  # seeded (migration 0009)

    assert admin_edit(personas, login, illness, co_departments=[]).status_code == 302

    township = login(personas.township)
    page = township.get(f"/assistance/plans/{plan.pk}/measures/new/").content.decode()
    assert f'value="{illness.pk}" data-departments="medical_insurance"' in page
    response = add_on_the_page(township, plan, illness, "civil_affairs")
    assert response.status_code == 200 and ILLNESS_REFUSED in response.content.decode()
    response = add_by_api(township, plan, "serious_illness_relief", "civil_affairs")
    assert response.status_code == 400 and response.json()["responsible_department"] == [ILLNESS_REFUSED]
    assert not PlanMeasure.objects.exists()


def test_the_configuration_site_refuses_an_unknown_department_and_the_default_again(personas, login):
    subsidy = MeasureType.objects.get(code="medical_insurance_subsidy")

    unknown = admin_edit(personas, login, subsidy, co_departments=["civil_affairs", "tax_bureau"])
    again = admin_edit(personas, login, subsidy, co_departments=["medical_insurance", "civil_affairs"])

    assert unknown.status_code == 200 and "未知的部门：tax_bureau。" in unknown.content.decode()
    assert again.status_code == 200 and "医疗保障局已是默认责任部门，不必再勾选为协同部门。" in again.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.co_departments == []
    assert not AuditEvent.objects.filter(action="assistance.measure_type_save").exists()
    with pytest.raises(ValidationError) as refused:
        catalogue.measure_type_save(actor=personas.system_admin, measure_type=subsidy, **type_fields(subsidy, ["x"]))
    assert refused.value.message_dict["co_departments"] == ["未知的部门：x。"]


def type_fields(measure_type, co_departments):
    values = {name: getattr(measure_type, name) for name in catalogue.TYPE_FIELDS}
    return values | {"co_departments": co_departments}


def test_a_measure_the_county_adds_goes_to_the_co_departments_it_is_given(personas, login):
    response = login(personas.system_admin).post(
        "/admin/assistance/measuretype/add/",
        {
            "category": MeasureCategory.objects.get(code="security").pk,
            "code": "elderly_care",
            "name": "农村留守老人关爱服务",
            "default_department": "civil_affairs",
            "co_departments": ["health", "rural_revitalization"],
            "order": 500,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = MeasureType.objects.get(code="elderly_care")
    assert allowed_departments(added) == [Department.CIVIL_AFFAIRS, Department.HEALTH, Department.RURAL_REVITALIZATION]


def test_the_data_migration_seeds_the_seeded_rows_only():
    migration = importlib.import_module("assistance.migrations.0009_measuretype_co_departments")
    MeasureType.objects.update(co_departments=[])
    # A county made 民政局, one of the seeded co-departments, the lead of 防贫保.
    MeasureType.objects.filter(code="fangpinbao").update(default_department="civil_affairs")
    added = MeasureType.objects.create(
        category=MeasureCategory.objects.get(code="security"), code="elderly_care", name="农村留守老人关爱服务"
    )

    migration.forwards(apps, None)

    assert MeasureType.objects.get(code="serious_illness_relief").co_departments == ["civil_affairs"]
    assert MeasureType.objects.get(code="fangpinbao").co_departments == ["medical_insurance"]
    assert MeasureType.objects.get(code="charity").co_departments == ["civil_affairs"]
    assert MeasureType.objects.get(code="dibao").co_departments == []
    added.refresh_from_db()
    assert added.co_departments == []
