"""分户 and 合户 of a monitored household (review: the split took people out of monitoring with no exit procedure and
left their measures on the old plan). The new household carries the monitoring state (000 §三(四): out only through
风险消除), a member's open measures follow them (003 §二3: 一人一措施), and the pages say so before and after."""

import datetime as dt

import pytest

from assistance.choices import MeasureStatus
from assistance.models import HelpContactAssignment, MeasureType, Plan, PlanMeasure
from assistance.moves import PREVIEW_NO_PLAN, SPLIT_CONTACT_REASON
from assistance.selectors import households_without_plan
from assistance.services import measures, plans
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household, HouseholdEvent
from households.services import registry
from households.services.moves import (
    MSG_CHECK_BOTH_INCOMES,
    MSG_SPLIT_NEW_CONSENT,
    MSG_TRANSFER_UNMONITORED,
    household_split,
    member_transfer,
)
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def liu(personas, county):
    """刘老汉户, monitored, with 刘建国's measure (计划中), a household-wide one and one of his already done."""
    rows = [
        member_row("刘老汉", Relation.HEAD, dt.date(1958, 2, 2), 13),
        member_row("陈桂兰", Relation.SPOUSE, dt.date(1960, 6, 6), 24),
        member_row("刘建国", Relation.SON, dt.date(1988, 8, 8), 35, labour_skill="ordinary"),
        member_row("赵小红", Relation.DAUGHTER_IN_LAW, dt.date(1990, 10, 10), 46),
    ]
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=rows,
        # An ordinary household (a village registers no 脱贫户: the 建档立卡 roll decides), 突发严重困难户 since 2025.
        household_type=HouseholdType.ORDINARY,
        phone="13800001111",
        address="城南村7号",
    )
    household = monitor(household, risks=["medical_cost"], category=MonitoringCategory.SUDDEN_HARDSHIP)
    Household.objects.filter(pk=household.pk).update(help_contact=personas.cadre_a)
    household.refresh_from_db()
    plan = plans.plan_create(actor=personas.cadre_a, household=household, return_cadence=90)
    son = household.members.get(name="刘建国")
    for_member = MeasureType.objects.filter(for_member=True, is_active=True).order_by("pk")
    household_wide = MeasureType.objects.filter(for_member=False, is_active=True).order_by("pk")
    common = {"actor": personas.cadre_a, "plan": plan, "starts_on": today(), "responsible_person": "王干部"}
    common |= {"confirm_mismatch": True, "mismatch_reason": "测试用措施", "confirm_unusual": True}
    measures.measure_add(**common, measure_type=for_member[0], member=son)
    done = measures.measure_add(**common, measure_type=for_member[1], member=son)
    PlanMeasure.objects.filter(pk=done.pk).update(status=MeasureStatus.DONE, completed_on=today())
    measures.measure_add(**common, measure_type=household_wide[0])
    return household


def _split(liu, actor, **extra):
    son, wife = liu.members.get(name="刘建国"), liu.members.get(name="赵小红")
    return household_split(
        actor=actor, household=liu, members=[son, wife], new_head=son, relations={wife.pk: Relation.SPOUSE}, **extra
    )


def test_a_split_off_household_stays_monitored_with_its_members_open_measures_and_help_contact(liu, personas):
    new = _split(liu, personas.cadre_a, labour_capacity=LabourCapacity.HAS_LABOUR)

    assert (new.monitoring_category, new.monitoring_start) == (MonitoringCategory.SUDDEN_HARDSHIP, dt.date(2025, 3, 1))
    assert new.risk_types == ["medical_cost"] and new.help_contact_id == personas.cadre_a.pk
    assert (new.phone, new.address, new.labour_capacity) == ("13800001111", "城南村7号", LabourCapacity.HAS_LABOUR)
    carried = HouseholdEvent.objects.get(household=new, summary__startswith="分户沿用原户")
    carried_values = {c["field"]: c["new"] for c in carried.changes}
    assert (
        carried_values["monitoring_category"] == "突发严重困难户" and carried_values["monitoring_start"] == "2025-03-01"
    )
    # The son's open measure is on the new household's plan (made at the old plan's cadence); the done one and the
    # household-wide one stay where they were.
    new_plan = Plan.objects.get(household=new)
    assert new_plan.return_cadence == 90
    moved = PlanMeasure.objects.get(plan=new_plan)
    assert (moved.household_id, moved.member.name, moved.status) == (new.pk, "刘建国", MeasureStatus.PLANNED)
    assert PlanMeasure.objects.filter(household=liu).count() == 2
    assert HouseholdEvent.objects.filter(household=liu, summary__contains="随人转入农户").exists()
    contact = HelpContactAssignment.objects.get(household=new, ends_on__isnull=True)
    assert (contact.contact_id, contact.reason) == (personas.cadre_a.pk, SPLIT_CONTACT_REASON)


def test_the_split_page_of_a_monitored_household_says_what_will_happen_and_the_success_asks_for_both_incomes(
    liu, personas, login
):
    son, wife = liu.members.get(name="刘建国"), liu.members.get(name="赵小红")
    client = login(personas.cadre_a)
    url = f"/households/{liu.pk}/split/"

    first = client.get(url).content.decode()
    chosen = client.post(url, {"members": [son.pk, wife.pk], "new_head": son.pk, "phone": "13800001111"})
    page = chosen.content.decode()
    done = client.post(
        url,
        {
            "members": [son.pk, wife.pk],
            "new_head": son.pk,
            "phone": "13900002222",
            "labour_capacity": LabourCapacity.PARTIAL,
            "relations_for": f"{son.pk}:{min(son.pk, wife.pk)},{max(son.pk, wife.pk)}",
            f"relation_{wife.pk}": Relation.SPOUSE,
        },
        follow=True,
    )

    assert "该户是监测对象（突发严重困难户，2025-03-01纳入监测）" in first and MSG_SPLIT_NEW_CONSENT in first
    assert 'name="phone"' in first and 'value="13800001111"' in first and 'name="labour_capacity"' in first
    assert "刘建国名下未完成的帮扶措施" in page and "将随人转入新户的帮扶方案" in page
    new = Household.objects.get(head_name="刘建国")
    assert (new.phone, new.labour_capacity, new.monitoring_category) == (
        "13900002222",
        LabourCapacity.PARTIAL,
        MonitoringCategory.SUDDEN_HARDSHIP,
    )
    said = done.content.decode()
    assert MSG_CHECK_BOTH_INCOMES in said
    assert f'href="/households/{liu.pk}/income/' in said and f'href="/households/{new.pk}/income/' in said


def test_a_member_moved_into_a_household_not_monitored_keeps_their_measures_on_the_old_plan_and_is_warned(
    liu, personas, login
):
    son = liu.members.get(name="刘建国")
    rows = [member_row("王大力", Relation.HEAD, dt.date(1960, 4, 4), 51)]
    plain = registry.household_create(
        actor=personas.cadre_a, village=liu.village, members=rows, household_type="ordinary"
    )
    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/transfer/"

    page = client.get(url).content.decode()
    done = client.post(url, {"target_number": plain.number, "relation": Relation.OTHER}, follow=True)

    assert "本户是监测对象（突发严重困难户）" in page and "刘建国名下未完成的帮扶措施" in page
    said = done.content.decode()
    assert MSG_TRANSFER_UNMONITORED.format(number=plain.number, name="刘建国") in said
    assert MSG_CHECK_BOTH_INCOMES in said and f'href="/households/{plain.pk}/income/' in said
    open_measure = PlanMeasure.objects.get(member=son, status=MeasureStatus.PLANNED)
    assert open_measure.household_id == liu.pk and not Plan.objects.filter(household=plain).exists()
    assert HouseholdEvent.objects.filter(household=liu, summary__contains="仍在本户方案中").exists()


def test_a_member_moved_into_a_monitored_household_takes_their_open_measure_to_its_plan(liu, personas):
    son = liu.members.get(name="刘建国")
    rows = [member_row("王大力", Relation.HEAD, dt.date(1960, 4, 4), 51)]
    other = registry.household_create(
        actor=personas.cadre_a, village=liu.village, members=rows, household_type="ordinary"
    )
    other = monitor(other, risks=["medical_cost"])
    other_plan = plans.plan_create(actor=personas.cadre_a, household=other)

    member_transfer(actor=personas.cadre_a, member=son, target=other, relation=Relation.OTHER)

    moved = PlanMeasure.objects.get(member=son, status=MeasureStatus.PLANNED)
    assert (moved.plan_id, moved.household_id, moved.region_path) == (other_plan.pk, other.pk, other.region_path)
    assert HouseholdEvent.objects.filter(household=other, summary__startswith=f"由农户 {liu.number} 转入").exists()


def test_the_api_split_carries_the_monitoring_state_and_the_phone_unless_another_is_given(liu, personas, login):
    son, wife = liu.members.get(name="刘建国"), liu.members.get(name="赵小红")
    client = login(personas.cadre_a)

    response = client.post(
        f"/api/v1/households/{liu.pk}/split/",
        {"members": [son.pk, wife.pk], "new_head": son.pk, "labour_capacity": LabourCapacity.HAS_LABOUR},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content.decode()
    new = Household.objects.get(pk=response.json()["household"]["id"])
    assert (new.monitoring_category, new.phone, new.labour_capacity) == (
        MonitoringCategory.SUDDEN_HARDSHIP,
        "13800001111",
        LabourCapacity.HAS_LABOUR,
    )
    assert PlanMeasure.objects.filter(household=new, member=son).count() == 1


def test_a_split_with_no_open_measure_says_the_new_household_needs_a_plan_and_the_township_sees_it_waiting(
    liu, personas, login
):
    wife = liu.members.get(name="赵小红")
    client = login(personas.cadre_a)

    page = client.post(f"/households/{liu.pk}/split/", {"members": [wife.pk], "new_head": wife.pk}).content.decode()
    new = household_split(actor=personas.cadre_a, household=liu, members=[wife], new_head=wife, relations={})

    assert PREVIEW_NO_PLAN in page
    assert new in households_without_plan(actor=personas.township)


def test_the_api_transfer_into_a_monitored_household_takes_the_members_open_measure_along(liu, personas, login):
    son = liu.members.get(name="刘建国")
    rows = [member_row("王大力", Relation.HEAD, dt.date(1960, 4, 4), 51)]
    other = registry.household_create(
        actor=personas.cadre_a, village=liu.village, members=rows, household_type="ordinary"
    )
    other = monitor(other, risks=["medical_cost"])

    response = login(personas.cadre_a).post(
        f"/api/v1/members/{son.pk}/transfer/",
        {"target": other.pk, "relation": Relation.OTHER},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content.decode()
    moved = PlanMeasure.objects.get(member=son, status=MeasureStatus.PLANNED)
    assert moved.household_id == other.pk and moved.plan.household_id == other.pk  # its plan made for it
