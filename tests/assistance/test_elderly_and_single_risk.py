"""Assistance re-review findings 1 and 2: an elderly couple recorded as labourers got no measure for its job-loss
risk while the page said every risk was covered, and a single-risk household was given further measures without a
question (000 §四, 003 §二3(1): 对风险单一的，实施单项措施，防止陷入福利陷阱; 对无劳动能力或部分丧失劳动能力且无法通过
产业就业获得稳定收入的，纳入农村低保)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assistance import fit
from assistance.models import MeasureType
from assistance.selectors import plan_advice, plan_suggestions
from assistance.services import measures, plans
from households.choices import LabourCapacity, Relation
from households.labour import working_capacity
from households.services import registry
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def born(years_ago: int) -> dt.date:
    return dt.date(today().year - years_ago, 1, 1)


def add(actor, plan, code, member=None, **extra):
    values = {"starts_on": today(), "responsible_person": "李干部", **extra}
    measure_type = MeasureType.objects.get(code=code)
    return measures.measure_add(actor=actor, plan=plan, measure_type=measure_type, member=member, **values)


def api_add(client, plan, code, **extra):
    body = {"plan": plan.pk, "measure_code": code, "responsible_person": "测试", "starts_on": today().isoformat()}
    return client.post("/api/v1/assistance/measures/", {**body, **extra}, content_type="application/json")


@pytest.fixture
def elderly(personas, county):
    """高秀's household (finding 1): 69 and 70, both chronically ill, recorded as an ordinary and a weak labourer,
    the household's field 有劳动能力; risks 低收入 and 失岗."""
    rows = [
        member_row("高秀", Relation.HEAD, born(69), 71, labour_skill="ordinary", health="chronic"),
        member_row("郝波", Relation.SPOUSE, born(70), 72, labour_skill="weak", health="chronic"),
    ]
    household = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type="lifted_out", address="北坪村"
    )
    household = monitor(household, risks=["low_income", "unemployment"], capacity=LabourCapacity.HAS_LABOUR)
    return plans.plan_create(actor=personas.township, household=household)


@pytest.fixture
def single(personas, county):
    """谢帅财's household (finding 2): two labourers in work, one risk, 其他."""
    rows = [
        member_row("谢帅财", Relation.HEAD, born(36), 73, labour_skill="ordinary"),
        member_row("高佳", Relation.SPOUSE, born(32), 74, labour_skill="ordinary"),
    ]
    household = registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type="lifted_out", address="北坪村"
    )
    household = monitor(household, risks=["other"], capacity=LabourCapacity.HAS_LABOUR)
    return plans.plan_create(actor=personas.township, household=household)


class TestAnElderlyCoupleRecordedAsLabourers:
    def test_labour_capacity_counts_a_labourer_past_working_age_as_weak(self, elderly):
        members = list(elderly.household.members.all())
        assert working_capacity(elderly.household, members, today()) == LabourCapacity.PARTIAL

    def test_the_plan_page_says_partial_capacity_and_why(self, personas, login, elderly):
        page = login(personas.township).get(f"/assistance/households/{elderly.household_id}/").content.decode()
        assert "<dt>劳动能力</dt><dd>弱劳动能力或半劳动能力" in page
        assert "高秀69周岁不在劳动年龄（16—64周岁）内" in page
        assert "与户档案不符" not in page  # the field agrees with the skills: age is not a data error

    def test_dibao_is_suggested_for_the_job_loss_risk_and_added_without_a_question(self, personas, elderly):
        dibao = next(s for s in plan_suggestions(elderly) if s.measure_type.code == "dibao")
        assert "针对风险：主要劳动力失岗6个月以上（无法通过产业就业帮扶）" in dibao.reason
        assert plan_advice(elderly).unanswered == []
        assert add(personas.township, elderly, "dibao").pk  # no confirm_mismatch: not a welfare trap here
        assert not plan_advice(elderly).unanswered

    def test_the_api_adds_dibao_without_a_question(self, personas, login, elderly):
        response = api_add(login(personas.township), elderly, "dibao")
        assert response.status_code == 201, response.content

    def test_no_employment_measure_is_suggested_and_one_for_the_whole_household_is_asked(self, personas, elderly):
        assert not [s for s in plan_suggestions(elderly) if fit.is_development(s.measure_type)]
        with pytest.raises(ValidationError) as error:
            add(personas.township, elderly, "industry_award")
        assert "无劳动年龄内能劳动的成员" in error.value.message_dict["confirm_mismatch"][0]

    def test_a_risk_nothing_answers_is_said_not_covered_by_all_arranged(self, personas, login, elderly):
        MeasureType.objects.filter(code__in=["dibao", "tekun"]).update(is_active=False)
        assert plan_advice(elderly).unanswered == ["unemployment"]
        page = login(personas.township).get(f"/assistance/households/{elderly.household_id}/").content.decode()
        assert "风险“主要劳动力失岗6个月以上”尚无对应的帮扶措施" in page
        assert "风险对应的措施均已安排" not in page


class TestASingleRiskGetsASingleMeasure:
    def test_a_further_household_measure_for_the_same_risk_is_asked_with_a_reason(self, personas, single):
        add(personas.township, single, "temporary_relief")
        with pytest.raises(ValidationError) as error:
            add(personas.township, single, "charity")
        question = error.value.message_dict["confirm_mismatch"][0]
        assert "该户为单一风险（其他风险），已安排针对该风险的“临时救助”" in question
        assert "防止陷入福利陷阱" in question
        with pytest.raises(ValidationError) as error:
            add(personas.township, single, "charity", confirm_mismatch=True)
        assert error.value.message_dict["mismatch_reason"] == [fit.MSG_MISMATCH_REASON_REQUIRED]
        measure = add(personas.township, single, "charity", confirm_mismatch=True, mismatch_reason="火灾后急需")
        assert measure.mismatch_reason == "火灾后急需"

    def test_the_api_asks_the_same(self, personas, login, single):
        client = login(personas.township)
        assert api_add(client, single, "temporary_relief").status_code == 201
        response = api_add(client, single, "love_supermarket")
        assert response.status_code == 400
        assert "该户为单一风险" in response.json()["confirm_mismatch"][0]
        confirmed = api_add(client, single, "love_supermarket", confirm_mismatch=True, mismatch_reason="积分激励")
        assert confirmed.status_code == 201, confirmed.content

    def test_the_form_page_asks_the_same(self, personas, login, single):
        add(personas.township, single, "temporary_relief")
        client = login(personas.township)
        form = {
            "measure_type": MeasureType.objects.get(code="charity").pk,
            "starts_on": today().isoformat(),
            "responsible_person": "李干部",
        }
        response = client.post(f"/assistance/plans/{single.pk}/measures/new/", form)
        assert response.status_code == 200
        assert "该户为单一风险（其他风险）" in response.content.decode()

    def test_a_stopped_measure_does_not_count(self, personas, single):
        first = add(personas.township, single, "temporary_relief")
        type(first).objects.filter(pk=first.pk).update(status="stopped")
        assert add(personas.township, single, "charity").pk

    def test_a_compound_risk_household_is_not_asked(self, personas, single):
        type(single.household).objects.filter(pk=single.household_id).update(risk_types=["other", "disaster_loss"])
        add(personas.township, single, "temporary_relief")
        assert add(personas.township, single, "charity").pk

    def test_a_risk_the_plan_already_answers_gets_no_further_suggestion(self, personas, single):
        assert [s.measure_type.code for s in plan_suggestions(single)] == ["temporary_relief"]
        add(personas.township, single, "charity")
        assert plan_suggestions(single) == []


class TestTheHistorySaysWhichQuestionWasConfirmed:
    """The audit event of a measure added after a question names that question, not always 与该户风险不符."""

    def summary(self, plan) -> str:
        return plan.household.events.filter(summary__startswith="安排帮扶措施").latest("pk").summary

    def test_a_confirmed_single_risk_question(self, personas, single):
        add(personas.township, single, "temporary_relief")
        add(personas.township, single, "charity", confirm_mismatch=True, mismatch_reason="火灾后急需")
        summary = self.summary(single)
        assert "（单一风险已有措施，理由：火灾后急需）" in summary
        assert "与该户风险不符" not in summary

    def test_a_confirmed_safety_net_question(self, personas, single):
        add(personas.township, single, "dibao", confirm_mismatch=True, mismatch_reason="村民代表会议评议")
        summary = self.summary(single)
        assert "（与低保、特困的兜底条件不符，理由：村民代表会议评议）" in summary
        assert "与该户风险不符" not in summary

    def test_a_confirmed_working_age_question(self, personas, elderly):
        add(personas.township, elderly, "industry_award", confirm_mismatch=True, mismatch_reason="发展庭院养鸡")
        summary = self.summary(elderly)
        assert "（无劳动年龄内能劳动的成员，理由：发展庭院养鸡）" in summary
        assert "与该户风险不符" not in summary
