"""A closed (已注销) household's help work is no one's work any more: its measures keep the status they had (a change
is refused until the closing is undone), leave the worklists, the tiles and the 帮扶措施台账 (as the 监测对象台账
leaves the household out), and its plan page says 已注销 with nothing to do."""

import datetime as dt

import pytest

from assistance.choices import MeasureStatus
from assistance.models import MeasureType, Plan, PlanMeasure
from assistance.selectors import late_start_count, measure_list, overdue_measure_count
from assistance.services.measure_status import measure_set_status
from assistance.services.measures import measure_update
from config.errors import ApplicationError
from households.choices import HouseholdType, LivingStatus, Relation
from households.services import registry
from households.services.closing import household_close, household_reopen
from households.services.member_status import member_set_status
from reports.ledgers.base import Filters
from reports.ledgers.measures import measure_rows
from tests.assistance.conftest import monitor
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_measure(personas, county):
    """A monitored household of one whose plan has a 计划中 measure past its start and its end date."""
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    household = monitor(household, risks=["unsafe_housing"])
    plan = Plan.objects.create(
        household=household, region_path=household.region_path, next_return_due=today(), created_by=personas.township
    )
    return PlanMeasure.objects.create(
        plan=plan,
        household=household,
        region_path=household.region_path,
        measure_type=MeasureType.objects.filter(for_member=False).order_by("pk").first(),
        responsible_unit="乡镇人民政府",
        responsible_person="王干部",
        starts_on=today() - dt.timedelta(days=10),
        ends_on=today() - dt.timedelta(days=2),
        status=MeasureStatus.PLANNED,
        created_by=personas.township,
    )


def close(personas, household):
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    household_close(actor=personas.township, household=household, reason="all_moved_out")


def test_a_closed_households_measures_leave_the_lists_tiles_and_ledger(personas, late_measure, login):
    user = personas.township
    assert late_start_count(actor=user) == 1 and overdue_measure_count(actor=user) == 1
    assert len(measure_rows(user, Filters())) == 1

    close(personas, late_measure.household)

    assert late_start_count(actor=user) == 0 and overdue_measure_count(actor=user) == 0
    assert not measure_list(actor=user).exists()
    assert len(measure_rows(user, Filters())) == 0
    page = login(user).get("/assistance/measures/").content.decode()
    assert f"/assistance/measures/{late_measure.pk}/" not in page


def test_a_closed_households_measure_status_is_refused_and_its_pages_offer_nothing(personas, late_measure, login):
    household = late_measure.household
    close(personas, household)
    said = f"该户已注销（全户迁出，{today():%Y-%m-%d}注销），请先撤销注销。"

    with pytest.raises(ApplicationError) as error:
        measure_set_status(actor=personas.township, measure=late_measure, status=MeasureStatus.IN_PROGRESS)
    client = login(personas.township)
    posted = client.post(
        f"/assistance/measures/{late_measure.pk}/",
        {"action": "status", "status": MeasureStatus.IN_PROGRESS, "shown_status": MeasureStatus.PLANNED},
    )
    measure_page = client.get(f"/assistance/measures/{late_measure.pk}/").content.decode()
    plan_page = client.get(f"/assistance/households/{household.pk}/").content.decode()

    assert error.value.message == said
    assert posted.status_code == 200 and said in posted.content.decode()
    late_measure.refresh_from_db()
    assert late_measure.status == MeasureStatus.PLANNED
    assert said in measure_page and "办理" not in measure_page.split(said, 1)[1].split("</main>", 1)[0]
    assert "已注销" in plan_page and "该户已注销，帮扶措施和回访不再办理。" in plan_page
    assert "系统建议" not in plan_page and "采纳此建议" not in plan_page
    assert "已到开始日期未实施" not in plan_page and "已到开始日期未实施" not in measure_page
    assert "＋ 申报理赔" not in plan_page and "修改方案" not in plan_page


def test_a_closed_households_measure_cannot_be_edited_until_the_closing_is_undone(personas, late_measure):
    """Its status could not move, yet its dates, amount and responsible person could still be changed."""
    close(personas, late_measure.plan.household)

    with pytest.raises(ApplicationError, match="该户已注销"):
        measure_update(actor=personas.township, measure=late_measure, responsible_person="李干部")
    assert PlanMeasure.objects.get(pk=late_measure.pk).responsible_person == "王干部"

    household = late_measure.plan.household
    household_reopen(
        actor=personas.township, household=household, note="误操作注销", restore_member=household.members.get()
    )
    measure_update(actor=personas.township, measure=late_measure, responsible_person="李干部")
    assert PlanMeasure.objects.get(pk=late_measure.pk).responsible_person == "李干部"
