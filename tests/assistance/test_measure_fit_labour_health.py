"""Assistance review findings 1, 2, 4, 9 and part of 3: a loan for a household nobody in which can work, 特困 and
低保 for a household that can, a disability subsidy for a healthy member, a plan page that said "均已安排" over a
data conflict, a measure completed before it started, and a measure added after the household left monitoring."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance import fit
from assistance.choices import MeasureStatus
from assistance.models import MeasureType, PlanMeasure
from assistance.selectors import plan_suggestions
from assistance.services import measure_status, measures, plans
from config.errors import ApplicationError
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household
from households.services import registry
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def born(years_ago: int) -> dt.date:
    return dt.date(today().year - years_ago, 1, 1)


def make_household(personas, county, rows, *, risks, capacity):
    household = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type="lifted_out", address="北坪村"
    )
    return monitor(household, risks=risks, capacity=capacity)


def add(actor, plan, code, member=None, **extra):
    values = {"starts_on": today(), "responsible_person": "李干部", **extra}
    measure_type = MeasureType.objects.get(code=code)
    return measures.measure_add(actor=actor, plan=plan, measure_type=measure_type, member=member, **values)


def api_add(client, plan, code, **extra):
    body = {"plan": plan.pk, "measure_code": code, "responsible_person": "测试", "starts_on": today().isoformat()}
    return client.post("/api/v1/assistance/measures/", {**body, **extra}, content_type="application/json")


@pytest.fixture
def alone(personas, county):
    """胡妹秀, 81, lives alone and has no labour (review finding 1's household 76)."""
    rows = [member_row("胡妹秀", Relation.HEAD, born(81), 61, labour_skill="none")]
    household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.NONE)
    return plans.plan_create(actor=personas.township, household=household)


@pytest.fixture
def workers(personas, county):
    """谭鑫阳's household (finding 2): an ordinary labourer working in the province, a weak labourer; low income."""
    rows = [
        member_row(
            "谭鑫阳",
            Relation.HEAD,
            born(40),
            62,
            labour_skill="ordinary",
            employment_place="in_province",
            employment_months=10,
        ),
        member_row("谭母", Relation.MOTHER, born(62), 64, labour_skill="weak"),
    ]
    household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.HAS_LABOUR)
    return plans.plan_create(actor=personas.township, household=household)


@pytest.fixture
def healthy(personas, county):
    """方俊's household (finding 4): risk 大病重病重残医疗支出大, but nobody is registered ill."""
    rows = [
        member_row(
            "方俊",
            Relation.HEAD,
            born(37),
            64,
            labour_skill="ordinary",
            employment_place="out_of_province",
            employment_months=11,
        ),
        member_row("方妻", Relation.SPOUSE, born(35), 65, labour_skill="ordinary"),
    ]
    household = make_household(personas, county, rows, risks=["medical_cost"], capacity=LabourCapacity.HAS_LABOUR)
    return plans.plan_create(actor=personas.township, household=household)


class TestDevelopmentForAHouseholdWithoutLabour:
    def test_the_api_refuses_a_loan_for_the_whole_household_of_an_old_woman_who_cannot_work(
        self, personas, login, alone
    ):
        response = api_add(login(personas.township), alone, "micro_credit", amount="50000")
        assert response.status_code == 400
        message = response.json()["measure_type"][0]
        assert "该户无劳动能力（胡妹秀81周岁，无劳动力），不能为全户安排产业帮扶措施“脱贫人口小额信贷”" in message
        assert "请考虑低保、特困等兜底保障" in message
        assert not PlanMeasure.objects.exists()

    @pytest.mark.parametrize("code", ["industry_award", "enterprise_linkage", "courtyard", "agri_insurance"])
    def test_every_industry_measure_for_the_whole_household_is_refused(self, personas, alone, code):
        with pytest.raises(ValidationError) as error:
            add(personas.township, alone, code)
        assert "不能为全户安排产业帮扶措施" in error.value.message_dict["measure_type"][0]

    def test_the_form_left_on_the_whole_household_shows_the_refusal(self, personas, login, alone):
        response = login(personas.township).post(
            f"/assistance/plans/{alone.pk}/measures/new/",
            {
                "measure_type": MeasureType.objects.get(code="micro_credit").pk,
                "member": "",
                "responsible_person": "测试",
                "starts_on": today().isoformat(),
                "amount": "50000",
            },
        )
        assert response.status_code == 200
        assert "不能为全户安排产业帮扶措施“脱贫人口小额信贷”" in response.content.decode()
        assert not PlanMeasure.objects.exists()

    def test_the_members_skills_decide_over_a_stale_household_field(self, personas, county):
        # The field says 无劳动能力, but the son is an ordinary labourer: the suggestions offer him development too.
        rows = [
            member_row("卢老汉", Relation.HEAD, born(70), 66, labour_skill="lost"),
            member_row("卢小军", Relation.SON, born(35), 67, labour_skill="ordinary"),
        ]
        household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.NONE)
        plan = plans.plan_create(actor=personas.township, household=household)
        assert add(personas.township, plan, "micro_credit").pk

    def test_the_safety_net_is_still_added_without_a_question(self, personas, alone):
        assert add(personas.township, alone, "tekun").mismatch_reason == ""


class TestSafetyNetForAHouseholdThatCanWork:
    @pytest.mark.parametrize("code", ["tekun", "dibao"])
    def test_the_api_asks_before_giving_the_safety_net_to_a_household_with_labour(self, personas, login, workers, code):
        client = login(personas.county_officer)
        asked = api_add(client, workers, code)
        assert asked.status_code == 400
        question = asked.json()["confirm_mismatch"][0]
        assert "该户劳动能力为“有劳动能力”" in question and "防止陷入福利陷阱" in question
        assert not PlanMeasure.objects.exists()

        added = api_add(client, workers, code, confirm_mismatch=True, mismatch_reason="户主突发重病，村民代表会议评议")
        assert added.status_code == 201
        assert added.json()["mismatch_reason"] == "户主突发重病，村民代表会议评议"

    def test_the_suggestions_offer_no_safety_net_to_that_household_either(self, workers):
        assert not [s for s in plan_suggestions(workers) if s.measure_type.code in ("dibao", "tekun")]

    def test_dibao_for_a_partial_household_with_a_stable_wage_is_asked(self, personas, county):
        rows = [
            member_row(
                "刘弱",
                Relation.HEAD,
                born(50),
                68,
                labour_skill="weak",
                employment_place="in_county",
                employment_months=8,
            ),
        ]
        household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.PARTIAL)
        plan = plans.plan_create(actor=personas.township, household=household)
        with pytest.raises(ValidationError) as error:
            add(personas.township, plan, "dibao")
        assert "该户有成员稳定务工（刘弱务工8个月）" in error.value.message_dict["confirm_mismatch"][0]

    def test_tekun_for_two_people_without_labour_is_asked_and_dibao_is_not(self, personas, county):
        rows = [
            member_row("卢俊", Relation.HEAD, born(69), 69, labour_skill="lost"),
            member_row("卢妻", Relation.SPOUSE, born(67), 70, labour_skill="none"),
        ]
        household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.NONE)
        plan = plans.plan_create(actor=personas.township, household=household)
        with pytest.raises(ValidationError) as error:
            add(personas.township, plan, "tekun")
        assert "该户有2名在世成员，一般应纳入低保" in error.value.message_dict["confirm_mismatch"][0]
        assert add(personas.township, plan, "dibao").mismatch_reason == ""

    def test_the_page_asks_with_the_labour_reason(self, personas, login, workers):
        response = login(personas.township).post(
            f"/assistance/plans/{workers.pk}/measures/new/",
            {
                "measure_type": MeasureType.objects.get(code="tekun").pk,
                "responsible_person": "测试",
                "starts_on": today().isoformat(),
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "该户劳动能力为“有劳动能力”" in page and 'name="mismatch_reason"' in page


class TestEveryAdoptedSuggestionIsAccepted:
    def test_suggestions_for_households_with_and_without_labour_add_without_a_question(
        self, personas, alone, workers, healthy
    ):
        for plan in (alone, workers, healthy):
            for suggestion in plan_suggestions(plan):
                measure = measures.measure_add(
                    actor=personas.township,
                    plan=plan,
                    measure_type=suggestion.measure_type,
                    member=suggestion.member,
                    starts_on=today(),
                    responsible_person="李干部",
                )
                assert measure.mismatch_reason == ""


class TestPersonMedicalMeasures:
    @pytest.mark.parametrize(
        ("code", "says"),
        [
            ("disability_subsidy", "方俊的健康状况为“健康”，未登记为残疾，不能安排“残疾人两项补贴”"),
            (
                "serious_illness_relief",
                "未登记患有大病、长期慢性病或残疾，不能安排医疗保障措施“大病专项救助（医疗救助）”",
            ),
        ],
    )
    def test_a_medical_measure_for_a_healthy_member_is_refused(self, personas, healthy, code, says):
        with pytest.raises(ValidationError) as error:
            add(personas.township, healthy, code, healthy.household.members.get(name="方俊"))
        assert says in error.value.message_dict["member"][0]
        assert not PlanMeasure.objects.exists()

    def test_the_api_refuses_the_disability_subsidy_for_a_healthy_worker(self, personas, login, healthy):
        member = healthy.household.members.get(name="方俊")
        response = api_add(login(personas.cadre_a), healthy, "disability_subsidy", member=member.pk)
        assert response.status_code == 400
        assert "未登记为残疾" in response.json()["member"][0]

    def test_the_disability_subsidy_goes_to_a_disabled_member_and_illness_relief_to_a_chronic_one(
        self, personas, healthy
    ):
        spouse = healthy.household.members.get(name="方妻")
        spouse.health, spouse.disability_grade = "disabled", "2"
        spouse.save(update_fields=["health", "disability_grade"])
        head = healthy.household.members.get(name="方俊")
        head.health = "chronic"
        head.save(update_fields=["health"])
        assert add(personas.township, healthy, "disability_subsidy", spouse).pk
        assert add(personas.township, healthy, "serious_illness_relief", head).pk

    def test_medical_insurance_support_goes_to_any_monitored_member(self, personas, healthy):
        # 001 §四: every monitored person is in the 医保参保资助 scope, ill or not.
        assert add(personas.township, healthy, "medical_insurance_subsidy", healthy.household.members.first()).pk


class TestPlanPageSaysTheConflict:
    def test_a_medical_risk_with_nobody_ill_is_said_instead_of_all_arranged(self, personas, login, healthy):
        add(personas.township, healthy, "temporary_relief")  # the one household measure the risk is offered
        assert plan_suggestions(healthy) == []
        page = login(personas.cadre_a).get(f"/assistance/households/{healthy.household_id}/").content.decode()
        assert "均已安排" not in page
        assert "该户风险为“大病重病重残医疗支出大”，但没有成员登记为患有大病、长期慢性病或残疾" in page
        assert "暂无建议：该户风险与成员信息不一致（见上），请先核实。" in page

    def test_with_an_ill_member_there_is_no_conflict(self, personas, login, healthy):
        Household.objects.get(pk=healthy.household_id).members.filter(name="方妻").update(health="serious")
        page = login(personas.cadre_a).get(f"/assistance/households/{healthy.household_id}/").content.decode()
        assert "但没有成员登记为患有大病" not in page

    def test_a_schooling_risk_without_a_child_of_school_age_is_said(self, personas, healthy):
        household = Household.objects.get(pk=healthy.household_id)
        household.risk_types = ["school_dropout"]
        conflicts = fit.risk_conflicts(household=household, members=household.members.all(), today=today())
        assert conflicts == [
            "该户风险为“义务教育阶段子女辍学”，但没有中小学（含中职）在校生或6—17周岁的子女，"
            "教育帮扶措施无法落实到人。请核实成员信息。"
        ]


class TestCompletionDate:
    def test_a_measure_cannot_be_done_before_it_starts(self, personas, healthy):
        measure = add(personas.township, healthy, "temporary_relief", starts_on=today() + dt.timedelta(days=20))
        with pytest.raises(ValidationError) as error:
            measure_status.measure_set_status(  # 民政's measure: closed by the county bureau (or 民政)
                actor=personas.county_officer, measure=measure, status=MeasureStatus.DONE, note="已发放"
            )
        starts = (today() + dt.timedelta(days=20)).isoformat()
        assert error.value.message_dict["on"] == [f"完成日期不能早于措施的开始日期（{starts}）。"]
        measure.refresh_from_db()
        assert (measure.status, measure.completed_on) == (MeasureStatus.PLANNED, None)

    def test_the_department_page_refuses_a_completion_date_before_the_start(self, personas, login, county):
        rows = [member_row("吴病", Relation.HEAD, born(50), 71, health="chronic", labour_skill="weak")]
        household = make_household(personas, county, rows, risks=["medical_cost"], capacity=LabourCapacity.PARTIAL)
        plan = plans.plan_create(actor=personas.township, household=household)
        measure = add(personas.township, plan, "family_doctor", household.members.get(), starts_on=today())
        earlier = (today() - dt.timedelta(days=3)).isoformat()
        response = login(personas.clerk).post(
            f"/assistance/department/{measure.pk}/", {"note": "已签约", "on": earlier}
        )
        assert response.status_code == 200
        assert f"完成日期不能早于措施的开始日期（{today().isoformat()}）。" in response.content.decode()
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.PLANNED

    def test_the_department_api_answers_400(self, personas, login, county):
        rows = [member_row("吴病", Relation.HEAD, born(50), 72, health="chronic", labour_skill="weak")]
        household = make_household(personas, county, rows, risks=["medical_cost"], capacity=LabourCapacity.PARTIAL)
        plan = plans.plan_create(actor=personas.township, household=household)
        measure = add(personas.township, plan, "family_doctor", household.members.get(), starts_on=today())
        response = login(personas.clerk).post(
            f"/api/v1/assistance/department-measures/{measure.pk}/done/",
            {"note": "已签约", "on": (today() - dt.timedelta(days=1)).isoformat()},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "完成日期不能早于措施的开始日期" in response.json()["on"][0]


class TestNoMeasureAfterMonitoringEnds:
    def test_a_household_no_longer_monitored_gets_no_new_measure(self, personas, login, healthy):
        # As the exit's outcome leaves it (workflow.services.outcomes): no monitoring category, no green channel; an
        # ordinary household (a lifted-out one is still helped as 脱贫户: assistance.following).
        Household.objects.filter(pk=healthy.household_id).update(
            monitoring_category="", household_type=HouseholdType.ORDINARY
        )
        with pytest.raises(ApplicationError) as error:
            add(personas.township, healthy, "temporary_relief")
        assert error.value.message == measures.MSG_PLAN_CLOSED
        response = api_add(login(personas.township), healthy, "temporary_relief")
        assert response.status_code == 400
        assert "该户现在不是监测对象或脱贫户，也不在“绿色通道”先行帮扶中" in str(response.json())
        assert not PlanMeasure.objects.exists()

    def test_a_green_channel_plan_takes_no_measure_after_the_case_is_withdrawn(self, personas, household_a):
        from households.services.visits import visit_record
        from tests.workflow.helpers import allow_green_channel
        from workflow.services.cases import case_withdraw
        from workflow.services.green_channel import case_open_green_channel

        Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)  # not a 脱贫户
        allow_green_channel(household_a)  # the test county's Yongxiu procedure has none of its own (seed 000)
        visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="入户核查")
        case = case_open_green_channel(
            actor=personas.township,
            household=household_a,
            cause="disaster",
            reason="7月暴雨房屋倒塌",
            village_study="村两委研究同意先行救助",
            channel="cadre_visit",
            risk_types=["disaster_loss"],
            category="sudden_hardship",
        )
        plan = plans.plan_create(actor=personas.township, household=household_a)
        assert add(personas.township, plan, "temporary_relief", amount=500).pk  # help first, in the channel

        case_withdraw(actor=personas.township, case=case, note="误开")
        with pytest.raises(ApplicationError) as error:
            add(personas.township, plan, "charity", amount=300)
        assert error.value.message == measures.MSG_PLAN_CLOSED
        assert PlanMeasure.objects.count() == 1

    def test_a_monitored_household_still_gets_measures(self, personas, healthy):
        Household.objects.filter(pk=healthy.household_id).update(monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP)
        assert add(personas.township, healthy, "temporary_relief").pk


class TestDevelopmentForAnElderlyPartialHousehold:
    """The re-check's case (卢俊, 69, weak labourer, and his wife, 67, who lost her labour): partial capacity and nobody
    of working age who can work. Industry help for the whole household is asked about, with a reason kept; the
    suggestions no longer offer it."""

    @pytest.fixture
    def elderly(self, personas, county):
        rows = [
            member_row("卢俊", Relation.HEAD, born(69), 66, labour_skill="weak"),
            member_row("卢妻", Relation.SPOUSE, born(67), 67, labour_skill="lost"),
        ]
        household = make_household(personas, county, rows, risks=["low_income"], capacity=LabourCapacity.PARTIAL)
        return plans.plan_create(actor=personas.township, household=household)

    def test_industry_help_for_the_whole_household_is_asked_then_kept_with_its_reason(self, personas, elderly):
        with pytest.raises(ValidationError) as error:
            add(personas.township, elderly, "industry_award")
        assert "无劳动年龄内能劳动的成员（卢俊69周岁" in error.value.message_dict["confirm_mismatch"][0]
        measure = add(
            personas.township,
            elderly,
            "industry_award",
            confirm_mismatch=True,
            mismatch_reason="发展庭院养鸡，村里代销",
        )
        assert measure.mismatch_reason == "发展庭院养鸡，村里代销"

    def test_the_suggestions_offer_no_development_measure(self, elderly):
        assert not [s for s in plan_suggestions(elderly) if fit.is_development(s.measure_type)]
