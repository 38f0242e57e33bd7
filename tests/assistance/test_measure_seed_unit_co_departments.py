"""The units the seeds name beside a measure's lead (004 (十二) 消费帮扶: 县总工会、县供销社; (十四) 小额免息贷款:
县财政局、人民银行新丰支行 …) are its seeded 协同部门 (catalogue.SEED_UNIT_CO_DEPARTMENTS), put by migration 0012 on
the rows still as migration 0009 seeded them; a list the county edited is kept. Their clerks are then given those
measures."""

import importlib

import pytest
from django.apps import apps

from accounts.choices import Department, Role
from assistance import selectors_department
from assistance.catalogue import allowed_departments
from assistance.models import MeasureType
from assistance.services import plans
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("assistance.migrations.0012_co_departments_seed_units")


def co(code):
    return MeasureType.objects.get(code=code).co_departments


def test_the_migration_extends_the_rows_still_as_seeded_and_keeps_the_countys_edits():
    # As 0009 seeded them (one saved back by the configuration site in another order), and two the county edited.
    MeasureType.objects.filter(code="consumption_help").update(co_departments=["rural_revitalization", "agriculture"])
    MeasureType.objects.filter(code="enterprise_linkage").update(co_departments=["rural_revitalization", "industry_it"])
    MeasureType.objects.filter(code="micro_credit").update(co_departments=[])
    MeasureType.objects.filter(code="charity").update(co_departments=["civil_affairs", "health"])

    migration.forwards(apps, None)

    assert co("consumption_help") == [
        "agriculture",
        "rural_revitalization",
        Department.TRADE_UNION,
        Department.SUPPLY_MARKETING,
        Department.COMMERCE,
    ]
    assert co("enterprise_linkage") == ["rural_revitalization", "industry_it", Department.SUPPLY_MARKETING]
    assert co("micro_credit") == []
    assert co("charity") == ["civil_affairs", "health"]

    migration.backwards(apps, None)

    assert co("consumption_help") == ["agriculture", "rural_revitalization"]
    assert co("enterprise_linkage") == ["rural_revitalization", "industry_it"]
    assert (co("micro_credit"), co("charity")) == ([], ["civil_affairs", "health"])


def test_a_new_install_carries_the_seed_units():
    credit = MeasureType.objects.get(code="micro_credit")
    assert allowed_departments(credit) == [
        Department.RURAL_REVITALIZATION,
        Department.AGRICULTURE,
        Department.FINANCE,
        Department.PEOPLES_BANK,
        Department.BANKING_INSURANCE,
    ]


@pytest.mark.parametrize(
    ("code", "department"),
    [("consumption_help", Department.SUPPLY_MARKETING), ("consumption_help", Department.TRADE_UNION)],
)
def test_a_clerk_of_a_seed_unit_is_given_the_measure(personas, login, monitored_a, code, department):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    body = {
        "plan": plan.pk,
        "measure_code": code,
        "responsible_department": department,
        "responsible_person": "李干部",
        "starts_on": today().isoformat(),
        "confirm_unusual": True,
        "confirm_mismatch": True,
        "mismatch_reason": "村两委研究确定",
    }

    response = login(personas.township).post("/api/v1/assistance/measures/", body, content_type="application/json")

    assert response.status_code == 201, response.content.decode()
    clerk = UserFactory(
        username="unit_clerk",
        role=Role.DEPARTMENT_CLERK,
        region_path=personas.county_officer.region_path,
        department=department,
    )
    measures = selectors_department.department_measure_list(actor=clerk)
    assert [m.measure_type.code for m in measures] == [code]
    page = login(clerk).get("/assistance/department/").content.decode()
    assert "消费帮扶" in page
