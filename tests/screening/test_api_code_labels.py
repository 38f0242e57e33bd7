"""Each coded value of the screening API has its Chinese label beside it, `<field>_display`, as /api/v1/households/
gives household_type_display; a list of risk type codes has the list of their labels, risk_types_display, in the
same order. A county's dashboard or a mobile app shows 待处理 and 人均纯收入低于监测范围 without a code list of its
own."""

import datetime as dt

import pytest

from households.choices import RiskType
from screening.choices import RunKind
from screening.choices_campaigns import AreaLevel, ProblemType
from screening.services import campaign_problems, campaigns
from screening.services.runs import screening_run
from tests.clock import today
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db


def test_results_runs_flags_exclusions_and_rules_give_each_code_with_its_chinese_label(
    line, make_household, personas, login
):
    household = make_household("5000")
    run = screening_run(kind=RunKind.NIGHTLY)
    client = login(personas.cadre_a)
    flag = client.post("/api/v1/risk-flags/", {"household": household.pk, "risk_type": "disaster_loss", "note": "洪灾"})
    child = {"household": household.pk, "kind": "well_off_child", "child_name": "李大儿"}
    child["child_id_number"] = make_id(dt.date(1990, 5, 5), 77)
    exclusion = client.post("/api/v1/exclusions/", child, content_type="application/json")

    results = client.get("/api/v1/screening-results/")
    runs = client.get(f"/api/v1/screening-runs/{run.pk}/")
    changes = client.get(f"/api/v1/screening-runs/{run.pk}/changes/")
    rules = client.get("/api/v1/screening-rules/")

    (result,) = results.json()["results"]
    assert (result["status"], result["status_display"]) == ("hit", "待处理")
    assert result["risk_types"] == ["low_income"] and result["risk_types_display"] == ["人均纯收入低于监测范围"]
    assert (runs.json()["kind_display"], runs.json()["status_display"]) == ("每日全县筛查", "已完成")
    (change,) = changes.json()["results"]
    assert (change["change_display"], change["status_display"]) == ("新命中", "待处理")
    flagged, excluded = flag.json(), exclusion.json()
    assert (flagged["risk_type_display"], flagged["source_display"]) == ("因灾因意外财产损失大", "干部录入")
    assert (excluded["kind_display"], excluded["source_display"]) == ("分户子女经济条件好", "村乡干部录入")
    for rule in rules.json():
        assert rule["risk_type_display"] == RiskType(rule["risk_type"]).label and rule["kind_display"]
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/screening-results/", "get", results)
    assert_matches_schema(schema, "/api/v1/screening-runs/{id}/", "get", runs)
    assert_matches_schema(schema, "/api/v1/screening-runs/{id}/changes/", "get", changes)
    assert_matches_schema(schema, "/api/v1/screening-rules/", "get", rules)
    assert_matches_schema(schema, "/api/v1/risk-flags/", "post", flag)
    assert_matches_schema(schema, "/api/v1/exclusions/", "post", exclusion)


def test_a_campaigns_phases_forms_and_area_problems_give_each_code_with_its_chinese_label(
    make_household, personas, county, login
):
    day = today()
    campaign = campaigns.campaign_create(
        actor=personas.county_officer,
        name="集中排查",
        region=county.county,
        villages=[county.village_a],
        phases=[{"kind": "field_screening", "starts_on": day - dt.timedelta(days=5), "ends_on": day}],
    )
    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=make_household("9000"), at_risk=True,
        answers={"3": {"checked": ["housing_2"], "problem": "墙体开裂"}}, risk_types=["unsafe_housing", "other"],
    )  # fmt: skip
    campaign_problems.area_problem_create(
        actor=personas.cadre_a, campaign=campaign, level=AreaLevel.VILLAGE, region=county.village_a,
        problem_type=ProblemType.EMPLOYMENT, content="公益岗平均发放",
    )  # fmt: skip
    client = login(personas.cadre_a)

    detail = client.get(f"/api/v1/campaigns/{campaign.pk}/")
    forms = client.get("/api/v1/screening-forms/")
    problems = client.get("/api/v1/area-problems/")

    assert [(p["kind"], p["kind_display"]) for p in detail.json()["phases"]] == [("field_screening", "入户排查")]
    (form,) = forms.json()["results"]
    assert form["risk_types_display"] == ["唯一住房存在安全问题", "其他风险"]
    (problem,) = problems.json()["results"]
    assert (problem["level_display"], problem["problem_type_display"]) == ("村级层面", "脱贫人口就业")
    schema = openapi(client)
    assert_matches_schema(schema, "/api/v1/campaigns/{id}/", "get", detail)
    assert_matches_schema(schema, "/api/v1/screening-forms/", "get", forms)
    assert_matches_schema(schema, "/api/v1/area-problems/", "get", problems)
