"""Each coded value of the registry API has its Chinese label beside it, `<field>_display`, as /api/v1/households/
gives household_type_display: a member's relation, sex, education, health, skill, work, 低保/特困 and living
status, a household's risk types and national marking, a visit's kind and risk types. A client shows 配偶 and 已故,
not "spouse" and "deceased", without a code list of its own; the read-only roles get no health label where they
get no health code (households.privacy)."""

import datetime as dt

import pytest

from households.choices import (
    AssistanceStatus,
    EmploymentPlace,
    Health,
    HouseholdType,
    LabourSkill,
    NationalMarking,
    Relation,
    StudentStage,
)
from households.models import Household
from households.services import registry
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas, county):
    rows = [
        member_row(
            "张大山",
            Relation.HEAD,
            dt.date(1968, 3, 12),
            11,
            education="junior",
            labour_skill=LabourSkill.ORDINARY,
            employment_place=EmploymentPlace.IN_PROVINCE,
            employment_months=6,
        ),
        member_row(
            "李秀英",
            Relation.SPOUSE,
            dt.date(1970, 7, 2),
            22,
            health=Health.DISABLED,
            disability_grade="2",
            assistance_status=AssistanceStatus.DIBAO,
        ),
    ]
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=rows,
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    Household.objects.filter(pk=household.pk).update(
        risk_types=["unsafe_water", "medical_cost"], national_marking=NationalMarking.MARKED
    )
    return household


def test_a_household_its_members_and_a_visit_give_each_code_with_its_chinese_label(personas, login, family):
    client = login(personas.cadre_a)
    spouse = family.members.get(relation=Relation.SPOUSE)

    visit = client.post(
        "/api/v1/visits/",
        {
            "household": family.pk,
            "visited_on": f"{today():%Y-%m-%d}",
            **ALL_SECURED,
            "risk_found": True,
            "risk_types": ["medical_cost"],
            "notes": "配偶透析，自付费用高",
        },
        content_type="application/json",
    )
    members = client.get("/api/v1/members/", {"household": family.pk})
    marked = client.post(
        f"/api/v1/members/{spouse.pk}/set-status/",
        {"living_status": "deceased", "on": f"{today():%Y-%m-%d}"},
        content_type="application/json",
    )
    detail = client.get(f"/api/v1/households/{family.pk}/")
    visits = client.get("/api/v1/visits/", {"household": family.pk})

    household = detail.json()
    assert household["risk_types"] == ["unsafe_water", "medical_cost"]
    assert household["risk_types_display"] == ["饮水安全问题", "大病重病重残医疗支出大"]
    assert (household["national_marking"], household["national_marking_display"]) == ("marked", "已标注")
    head = next(m for m in household["members"] if m["relation"] == Relation.HEAD)
    assert (head["relation_display"], head["sex_display"], head["living_status_display"]) == ("户主", "男", "在世")
    assert (head["education_display"], head["labour_skill_display"]) == ("初中", "普通劳动力")
    assert (head["employment_place_display"], head["assistance_status_display"]) == ("省内县外", "无")
    assert (head["health_display"], head["disability_grade_display"]) == ("健康", "")
    assert head["student_stage_display"] == StudentStage(head["student_stage"]).label
    wife = next(m for m in members.json()["results"] if m["id"] == spouse.pk)
    assert (wife["relation_display"], wife["sex_display"], wife["living_status_display"]) == ("配偶", "女", "在世")
    assert (wife["health_display"], wife["disability_grade_display"]) == ("残疾", "二级")
    assert (wife["assistance_status"], wife["assistance_status_display"]) == (AssistanceStatus.DIBAO, "低保")
    assert marked.json()["member"]["living_status_display"] == "已故"
    assert (visit.json()["kind"], visit.json()["kind_display"]) == ("monthly", "月度走访")
    assert visit.json()["risk_types_display"] == ["大病重病重残医疗支出大"]
    (listed,) = visits.json()["results"]
    assert listed["risk_types_display"] == ["大病重病重残医疗支出大"]
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/visits/", "post", visit)
    assert_matches_schema(schema, "/api/v1/members/{id}/set-status/", "post", marked)
    assert_matches_schema(schema, "/api/v1/households/{id}/", "get", detail)
    assert_matches_schema(schema, "/api/v1/members/", "get", members)
    assert_matches_schema(schema, "/api/v1/visits/", "get", visits)


def test_a_read_only_role_gets_no_health_label_where_it_gets_no_health_code(personas, login, family):
    client = login(personas.official)

    detail = client.get(f"/api/v1/households/{family.pk}/")

    for member in detail.json()["members"]:
        assert member["health"] is None and member["health_display"] is None
        assert member["disability_grade"] is None and member["disability_grade_display"] is None
        assert member["relation_display"] in {"户主", "配偶"}
    assert_matches_schema(openapi(client), "/api/v1/households/{id}/", "get", detail)
