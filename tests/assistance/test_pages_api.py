import datetime as dt

import pytest

from assistance.models import MeasureType, Plan, PlanMeasure
from assistance.services import measures, plans
from assistance.services.claims import MSG_NOT_ELIGIBLE
from assistance.services.measures import MSG_ENDS_BEFORE_START, MSG_NEGATIVE_AMOUNT
from households.choices import HouseholdType
from households.models import Household
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


@pytest.fixture
def doctor(personas, plan):
    """A 卫健 measure for the seriously ill spouse: the clerk's department (personas.clerk is 卫健)."""
    spouse = plan.household.members.get(name="李秀英")
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=spouse,
        starts_on=today(),
        responsible_person="刘医生",
    )


def test_the_plan_page_shows_suggestions_flagged_as_suggestions(personas, login, plan):
    page = login(personas.cadre_a).get(f"/assistance/households/{plan.household_id}/").content.decode()
    assert "系统建议（缺什么补什么）" in page
    assert "医保参保资助" in page  # medical_cost → the sick spouse
    assert "采纳此建议" in page
    assert not PlanMeasure.objects.exists()  # never applied by itself


def test_a_measure_ending_before_it_starts_is_shown_at_the_field(personas, login, plan):
    measure_type = MeasureType.objects.get(code="housing_renovation")
    response = login(personas.township).post(
        f"/assistance/plans/{plan.pk}/measures/new/",
        {
            "measure_type": measure_type.pk,
            "responsible_person": "张工",
            "starts_on": today().isoformat(),
            "ends_on": (today() - dt.timedelta(days=3)).isoformat(),
            "amount": "-5",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert MSG_ENDS_BEFORE_START in page
    assert not PlanMeasure.objects.exists()


def test_the_plan_page_of_another_village_is_404(personas, login, plan):
    client = login(personas.cadre_b)
    assert client.get(f"/assistance/households/{plan.household_id}/").status_code == 404
    assert client.get(f"/assistance/plans/{plan.pk}/measures/new/").status_code == 404
    assert client.get(f"/assistance/households/{plan.household_id}/contact/").status_code == 404
    assert client.get(f"/api/v1/assistance/plans/{plan.pk}/").status_code == 404


def test_a_measure_of_another_village_is_404_on_page_and_api(personas, login, doctor):
    client = login(personas.cadre_b)
    assert client.get(f"/assistance/measures/{doctor.pk}/").status_code == 404
    assert client.post(f"/api/v1/assistance/measures/{doctor.pk}/status/", {"status": "in_progress"}).status_code == 404


def test_the_clerk_sees_the_head_village_and_member_but_no_full_id_phone_or_health(
    personas, login, monitored_a, doctor
):
    client = login(personas.clerk)
    page = client.get("/assistance/department/").content.decode()
    assert "家庭医生签约服务" in page and "张大山户" in page and "城南村" in page
    spouse = monitored_a.members.get(name="李秀英")
    assert "李秀英" in page  # whom the measure is for (tests/assistance/test_department_member.py)
    for secret in (spouse.id_number, "13800001111", "患有大病"):
        assert secret not in page
    api = client.get("/api/v1/assistance/department-measures/").json()
    assert [row["head_name"] for row in api["results"]] == ["张大山"]
    assert api["results"][0]["member"]["name"] == "李秀英" and spouse.id_number not in str(api)
    assert client.get(f"/assistance/households/{monitored_a.pk}/").status_code == 403
    assert client.get("/api/v1/assistance/plans/").status_code == 403


def test_the_clerk_of_another_department_gets_404(personas, login, county, doctor):
    from tests.factories import UserFactory

    other = UserFactory(username="water_clerk", role="department_clerk", region_path="360425", department="water")
    client = login(other)
    assert client.get(f"/assistance/department/{doctor.pk}/").status_code == 404
    assert client.post(f"/api/v1/assistance/department-measures/{doctor.pk}/done/", {"note": "x"}).status_code == 404
    assert PlanMeasure.objects.get(pk=doctor.pk).status == "planned"


def test_the_clerk_marks_done_through_the_api(personas, login, doctor):
    response = login(personas.clerk).post(
        f"/api/v1/assistance/department-measures/{doctor.pk}/done/", {"note": "已签约"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"


def test_the_claim_page_refuses_an_unmonitored_household_in_chinese(personas, login, household_a):
    client = login(personas.cadre_a)
    assert MSG_NOT_ELIGIBLE in client.get(f"/assistance/households/{household_a.pk}/claims/new/").content.decode()
    response = client.post(
        "/api/v1/assistance/claims/",
        {"household": household_a.pk, "cause": "illness", "amount": "100", "occurred_on": today().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == MSG_NOT_ELIGIBLE


def test_the_api_refuses_a_negative_amount_in_chinese(personas, login, plan):
    response = login(personas.township).post(
        "/api/v1/assistance/measures/",
        {
            "plan": plan.pk,
            "measure_code": "housing_renovation",
            "responsible_person": "张工",
            "starts_on": today().isoformat(),
            "amount": "-1",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["amount"] == [MSG_NEGATIVE_AMOUNT]


def test_the_api_plan_for_an_unmonitored_household_is_refused(personas, login, household_a):
    # An ordinary household: a lifted-out one (脱贫户) may have a plan, monitored or not (assistance.following).
    Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
    response = login(personas.township).post(
        "/api/v1/assistance/plans/", {"household": household_a.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "不是监测对象" in response.json()["detail"]
    assert not Plan.objects.exists()


def test_the_village_publicity_list_carries_no_id_phone_or_member(personas, login, county, monitored_a, doctor):
    page = login(personas.cadre_a).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    assert "综合保障" in page and "张大山" in page  # a health measure under its neutral name (assistance.notice)
    spouse = monitored_a.members.get(name="李秀英")
    for secret in (spouse.id_number, "13800001111", "李秀英", "家庭医生签约服务"):
        assert secret not in page
    assert login(personas.cadre_b).get(f"/assistance/publicity/{county.village_a.code}/print/").status_code == 404


def test_the_household_page_has_the_assistance_tab(personas, login, plan, doctor):
    page = login(personas.cadre_a).get(f"/households/{plan.household_id}/?tab=assistance").content.decode()
    assert "打开帮扶方案" in page and "家庭医生签约服务" in page


def test_home_tiles_for_the_township_and_the_clerk(personas, login, doctor):
    assert "应回访的帮扶户" in login(personas.township).get("/").content.decode()
    clerk_home = login(personas.clerk).get("/").content.decode()
    assert "部门帮扶任务" in clerk_home


def test_the_employment_ledger_lists_working_age_members_and_records_a_quarter(personas, login, monitored_a):
    client = login(personas.cadre_a)
    page = client.get("/assistance/employment/").content.decode()
    assert "张大山" in page
    member = monitored_a.members.get(name="张大山")
    year, quarter = today().year, (today().month - 1) // 3 + 1
    response = client.post(
        f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}",
        {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"},
    )
    assert response.status_code == 302
    rows = client.get(f"/api/v1/assistance/employment/?quarter={year}Q{quarter}").json()["results"]
    assert [(r["name"], r["place"], r["monthly_income"]) for r in rows] == [("张大山", "in_county", "2800.00")]
    assert client.get("/api/v1/assistance/employment/").status_code == 400


def test_the_measure_and_employment_lists_are_cards_on_a_phone(personas, login, doctor, monitored_a):
    """Each row labels its cells (the .ledger cards under 760 px), so status, dates and amount show on a phone
    without scrolling sideways (review cadre_phone finding 7)."""
    client = login(personas.cadre_a)
    measures = client.get("/assistance/measures/").content.decode()
    assert '<div class="ledger">' in measures
    for label in ("户主", "措施", "起止", "金额（元）", "状态"):
        assert f'data-label="{label}"' in measures
    employment = client.get("/assistance/employment/").content.decode()
    assert '<div class="ledger">' in employment and 'data-label="姓名"' in employment
