"""Each coded value of the assistance API has its Chinese label beside it, `<field>_display`, as
/api/v1/households/ gives household_type_display: a plan's 每月, a measure's 计划中 and its department, a claim's
因病 and 已申报, an employment record's quarter and place. A measure's blank department is 乡镇、村落实, as the
measure input names it, not an empty label."""

from decimal import Decimal

import pytest

from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL
from assistance.models import MeasureType
from assistance.services import claims, employment, measures, plans
from households.choices import EmploymentPlace
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    """A plan with a 卫健 measure (personas.clerk is 卫健) and one the township and village carry out, a claim, and
    this quarter's employment record of the head."""
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    spouse, head = plan.household.members.get(name="李秀英"), plan.household.members.get(name="张大山")
    for code, member, department in [("family_doctor", spouse, None), ("charity", None, TOWNSHIP_VILLAGE)]:
        measures.measure_add(
            actor=personas.township,
            plan=plan,
            measure_type=MeasureType.objects.get(code=code),
            member=member,
            responsible_department=department,
            starts_on=today(),
            responsible_person="刘医生",
            # A single-risk household's second measure is asked about (assistance.fit.single_risk_question).
            confirm_mismatch=True,
            mismatch_reason="村两委研究确定",
        )
    claims.claim_create(
        actor=personas.cadre_a, household=monitored_a, cause="illness", amount=Decimal("1000"), occurred_on=today()
    )
    employment.employment_record_save(
        actor=personas.township, member=head, year=today().year, quarter=quarter(), employed=True,
        place=EmploymentPlace.IN_PROVINCE, months=3,
    )  # fmt: skip
    return plan


def quarter() -> int:
    return (today().month - 1) // 3 + 1


def test_plans_measures_claims_and_employment_give_each_code_with_its_chinese_label(personas, login, plan):
    client = login(personas.township)

    detail = client.get(f"/api/v1/assistance/plans/{plan.pk}/")
    measure_list = client.get("/api/v1/assistance/measures/")
    claim_list = client.get("/api/v1/assistance/claims/")
    records = client.get("/api/v1/assistance/employment/", {"quarter": f"{today().year}Q{quarter()}"})
    department = login(personas.clerk).get("/api/v1/assistance/department-measures/")

    assert (detail.json()["return_cadence"], detail.json()["return_cadence_display"]) == (30, "每月")
    shown = {m["measure_code"]: m for m in measure_list.json()["results"]}
    assert shown["family_doctor"]["status_display"] == "计划中"
    assert shown["family_doctor"]["responsible_department"] == "health"
    assert shown["family_doctor"]["responsible_department_display"] == "卫生健康委员会"
    assert shown["charity"]["responsible_department"] == ""
    assert shown["charity"]["responsible_department_display"] == TOWNSHIP_VILLAGE_LABEL
    (claim,) = claim_list.json()["results"]
    assert (claim["cause_display"], claim["status_display"]) == ("因病", "已申报")
    (record,) = records.json()["results"]
    assert (record["place"], record["place_display"]) == ("in_province", "省内县外")
    assert record["quarter_display"] == ["一季度", "二季度", "三季度", "四季度"][quarter() - 1]
    (task,) = department.json()["results"]
    assert task["status_display"] == "计划中"
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/assistance/plans/{id}/", "get", detail)
    assert_matches_schema(schema, "/api/v1/assistance/measures/", "get", measure_list)
    assert_matches_schema(schema, "/api/v1/assistance/claims/", "get", claim_list)
    assert_matches_schema(schema, "/api/v1/assistance/employment/", "get", records)
    assert_matches_schema(schema, "/api/v1/assistance/department-measures/", "get", department)
