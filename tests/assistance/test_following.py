"""Which plans are still followed (回访, help contacts, the village publicity, new plans and measures), and which
households still need a help contact (帮扶联系人 / 帮扶责任人)."""

import datetime as dt

import pytest

from assistance import selectors
from assistance.models import MeasureType, Plan
from assistance.services import contacts, measures, plans
from config.errors import ApplicationError
from households.choices import HouseholdType
from households.models import Household
from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.helpers import allow_green_channel, case_act
from workflow.choices import CaseStatus, Outcome
from workflow.models import Case
from workflow.services.cases import case_withdraw
from workflow.services.green_channel import case_open_green_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordinary_a(household_a):
    """An ordinary (not lifted-out) household, as in the review: 一般农户 helped first in the green channel."""
    Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
    household_a.refresh_from_db()
    return household_a


def open_green(personas, household):
    allow_green_channel(household)  # the test county's Yongxiu procedure has none of its own (seed 000)
    visit_record(actor=personas.cadre_a, household=household, visited_on=today(), notes="入户核查灾情")
    return case_open_green_channel(
        actor=personas.county_officer,
        household=household,
        cause="disaster",
        reason="7月暴雨房屋倒塌",
        village_study="村两委研究同意先行救助",
        channel="cadre_visit",
        risk_types=["disaster_loss"],
        category="sudden_hardship",
    )


def helped_first(personas, household):
    """A green-channel case, a plan made before inclusion, a measure, and a return visit overdue."""
    case = open_green(personas, household)
    plan = plans.plan_create(actor=personas.township, household=household)
    assert plan.pre_monitoring
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today(),
        responsible_person="民政办 王主任",
        amount=500,
        confirm_mismatch=True,
        mismatch_reason="暴雨受灾先行救助",
    )
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=3))
    return case, plan


def followed_everywhere(personas, login, county, household) -> dict[str, bool]:
    """Where a followed plan shows: the overdue list, the township's counts, the publicity list, the contact
    worklists, and whether the household may have a plan (and its plan new measures)."""
    client = login(personas.township)
    overdue = client.get("/assistance/return-visits/?show=overdue").context["page"]
    publicity = client.get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    needing = client.get("/assistance/contacts/?show=needs_contact&kind=monitored").context["page"]
    return {
        "overdue_list": household.pk in [p.household_id for p in overdue],
        "overdue_count": selectors.overdue_count(actor=personas.township) == 1,
        "due_count": selectors.due_count(actor=personas.township) == 1,
        "publicity": "临时救助" in publicity and household.head_name in publicity,
        "plans_needing_contact": selectors.plan_list(
            actor=personas.township, filters={"contact_state": selectors.CONTACT_NEEDS_CHANGE}
        ).exists(),
        "households_needing_contact": household.pk in [h.pk for h in needing],
        "plan_allowed": plans.plan_allowed(household),
    }


ALL = {
    "overdue_list": True,
    "overdue_count": True,
    "due_count": True,
    "publicity": True,
    "plans_needing_contact": True,
    "households_needing_contact": True,
    "plan_allowed": True,
}
NONE = dict.fromkeys(ALL, False)


def test_a_withdrawn_green_channel_plan_is_no_longer_followed_nor_publicised(personas, login, county, ordinary_a):
    case, plan = helped_first(personas, ordinary_a)
    assert followed_everywhere(personas, login, county, ordinary_a) == ALL

    case_withdraw(actor=personas.county_officer, case=case, note="误开绿色通道")

    assert followed_everywhere(personas, login, county, ordinary_a) == NONE
    page = login(personas.township).get("/assistance/").content.decode()
    assert "已不是监测对象，不再回访" in page
    plan_page = login(personas.township).get(f"/assistance/households/{ordinary_a.pk}/").content.decode()
    assert "已不是监测对象，不再回访" in plan_page and "＋ 添加措施" not in plan_page and "＋ 记录回访" not in plan_page
    assert "绿色通道：纳入前先行帮扶" not in plan_page
    # No new measure on it (measure_add asks plans.plan_allowed).
    with pytest.raises(ApplicationError) as refused:
        measures.measure_add(
            actor=personas.township,
            plan=plan,
            measure_type=MeasureType.objects.get(code="charity"),
            starts_on=today(),
            responsible_person="县慈善会",
            confirm_mismatch=True,
            mismatch_reason="先行救助",
        )
    assert refused.value.message == measures.MSG_PLAN_CLOSED
    # Nor a return visit (the re-check recorded one on it).
    from assistance.services.visits import MSG_NOT_FOLLOWED, return_visit_record

    with pytest.raises(ApplicationError) as no_visit:
        return_visit_record(actor=personas.township, plan=plan, visited_on=today(), effect="good")
    assert no_visit.value.message == MSG_NOT_FOLLOWED


def test_a_green_channel_inclusion_revoked_by_its_owed_review_stops_the_follow_up(personas, login, county, ordinary_a):
    case, _plan = helped_first(personas, ordinary_a)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )
    assert followed_everywhere(personas, login, county, ordinary_a) == ALL

    case_act(
        actor=personas.cadre_a,
        case=case,
        step_code="village_review",
        outcome=Outcome.REJECT,
        note="村两委研究认为灾情不实",
    )

    assert followed_everywhere(personas, login, county, ordinary_a) == NONE


def test_a_green_channel_household_marked_risk_eliminated_is_no_longer_followed(personas, login, county, ordinary_a):
    """000 §三(三)8 / 003 §二2(5): 标注"风险消除"的，不再按"监测对象"进行监测帮扶. The green-channel case that
    brought the household in stays approved in its history; it must not keep the plan alive."""
    case, plan = helped_first(personas, ordinary_a)
    # The case ran its course (approved) and the household was monitored; later its exit was approved, which
    # clears the category (workflow.services.outcomes.case_outcome_apply for an exit case).
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    Household.objects.filter(pk=ordinary_a.pk).update(monitoring_category="sudden_hardship")
    assert followed_everywhere(personas, login, county, ordinary_a) == ALL

    Household.objects.filter(pk=ordinary_a.pk).update(monitoring_category="")

    assert followed_everywhere(personas, login, county, ordinary_a) == NONE
    # The plan and its measure stay on record.
    assert login(personas.township).get(f"/assistance/households/{ordinary_a.pk}/").status_code == 200
    assert plan.measures.count() == 1


def test_the_publicity_list_holds_only_households_monitored_now(personas, login, county, monitored_a):
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="serious_illness_relief"),
        member=monitored_a.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="医保局 李科长",
    )
    url = f"/assistance/publicity/{county.village_a.code}/print/"
    assert "综合保障" in login(personas.cadre_a).get(url).content.decode()

    Household.objects.filter(pk=monitored_a.pk).update(monitoring_category="")  # 风险消除

    page = login(personas.cadre_a).get(url).content.decode()
    assert "综合保障" not in page and "本村暂无帮扶措施" in page


class TestHouseholdsNeedingAContact:
    """003 §二3(2): 脱贫户和边缘易致贫户的帮扶责任人原则上保持不变…对新识别的边缘易致贫户和突发严重困难户，及时安排帮扶
    联系人. The tile counts them and the contacts page lists them, filterable."""

    def tile(self, client):
        return {t["label"]: t for t in client.get("/").context["tiles"]}["监测户和脱贫户帮扶联系人需调整"]

    def test_a_lifted_out_household_without_a_contact_is_counted_and_listed(self, personas, login, household_a):
        client = login(personas.township)
        tile = self.tile(client)
        assert tile["count"] == 1
        page = client.get(tile["url"])
        assert [h.pk for h in page.context["page"]] == [household_a.pk]
        assert "张大山" in page.content.decode() and "未安排" in page.content.decode()
        lifted = client.get("/assistance/contacts/?show=needs_contact&kind=lifted_out").context["page"]
        assert [h.pk for h in lifted] == [household_a.pk]
        assert list(client.get("/assistance/contacts/?show=needs_contact&kind=monitored").context["page"]) == []
        # another village's cadre does not see it
        assert self.tile(login(personas.cadre_b))["count"] == 0

        contacts.help_contact_assign(actor=personas.township, household=household_a, contact=personas.cadre_a)

        assert self.tile(client)["count"] == 0
        assert client.get("/assistance/contacts/?show=needs_contact").context["page"].paginator.count == 0

    def test_a_newly_included_household_without_a_plan_is_counted_and_listed(self, personas, login, monitored_a):
        client = login(personas.township)
        assert not Plan.objects.exists()
        assert self.tile(client)["count"] == 1
        assert client.get("/assistance/").context["contacts_to_change"] == 1
        page = client.get("/assistance/contacts/?show=needs_contact&kind=monitored")
        assert [h.pk for h in page.context["page"]] == [monitored_a.pk]
        assert "尚无帮扶方案" in page.content.decode()
        assert list(client.get("/assistance/contacts/?show=needs_contact&kind=lifted_out").context["page"]) == []

    def test_an_ordinary_household_that_is_not_monitored_needs_none(self, personas, login, ordinary_a):
        assert self.tile(login(personas.township))["count"] == 0

    def test_the_list_filters_by_village_and_name(self, personas, login, county, household_a):
        client = login(personas.township)
        village_b = client.get(f"/assistance/contacts/?show=needs_contact&village={county.village_b.code}")
        assert village_b.context["page"].paginator.count == 0
        by_name = client.get("/assistance/contacts/?show=needs_contact&q=张大山")
        assert [h.pk for h in by_name.context["page"]] == [household_a.pk]

    def test_the_contacts_page_links_to_the_list(self, personas, login, household_a):
        page = login(personas.township).get("/assistance/contacts/").content.decode()
        assert "帮扶联系人需调整的农户" in page and "?show=needs_contact" in page
