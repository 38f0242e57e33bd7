"""The village's measure publicity (帮扶措施公示, 000 §三(三)7) lists the measures as decided, each with its own status
label, the words the 明白卡 uses too: a measure not yet started is 计划中, never shown as though the help were already
given; a stopped one is left off."""

import datetime as dt
import re

import pytest

from assistance import selectors
from assistance.choices import TOWNSHIP_VILLAGE
from assistance.models import MeasureType
from assistance.services import measure_status, measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


def add(personas, plan, code, starts_on, department=None):
    return measures.measure_add(
        responsible_department=department,
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code=code),
        starts_on=starts_on,
        responsible_person="李镇长",
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        confirm_unusual=True,
    )


@pytest.fixture
def four_measures(personas, plan):
    """临时救助 planned (next month), 慈善救助 in progress, 一对一结对帮扶 done, 消费帮扶 stopped."""
    planned = add(personas, plan, "temporary_relief", today() + dt.timedelta(days=30))
    running = add(personas, plan, "charity", today() - dt.timedelta(days=10))
    measure_status.measure_set_status(actor=personas.township, measure=running, status="in_progress")
    done = add(personas, plan, "pairing", today() - dt.timedelta(days=20))
    measure_status.measure_set_status(actor=personas.township, measure=done, status="done", note="已结对", on=today())
    # Carried out by the township itself: a measure of the 工信局 only the 工信局 (or the county bureau) stops.
    stopped = add(personas, plan, "consumption_help", today() - dt.timedelta(days=5), TOWNSHIP_VILLAGE)
    measure_status.measure_set_status(actor=personas.township, measure=stopped, status="stopped", note="农户不需要")
    return planned, running, done, stopped


def test_each_measure_on_the_notice_says_whether_it_is_planned_under_way_or_done(personas, county, four_measures):
    _, listed = selectors.publicity_measures(actor=personas.cadre_a, village_code=county.village_a.code)

    states = {m.measure_type.code: m.notice_status for m in listed}

    assert states == {"temporary_relief": "计划中", "charity": "实施中", "pairing": "已完成"}


def test_the_printed_notice_shows_a_planned_measure_as_planned(personas, login, county, four_measures):
    page = login(personas.cadre_a).get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()

    row = page.split("临时救助", 1)[1].split("</tr>", 1)[0]
    assert re.search(r"<th[^>]*>实施情况</th>", page)
    assert re.search(r"<td[^>]*>计划中</td>", row)
    assert "消费帮扶" not in page


def test_the_notice_and_the_help_card_say_a_measures_state_in_the_same_words(
    personas, login, county, monitored_a, four_measures
):
    """Review print2: the card said 计划中 and the notice 拟实施 of the same measure."""
    client = login(personas.cadre_a)
    notice = client.get(f"/assistance/publicity/{county.village_a.code}/print/").content.decode()
    card = client.get(f"/assistance/households/{monitored_a.pk}/card/print/").content.decode()

    for name, state in (("临时救助", "计划中"), ("慈善救助", "实施中")):
        for page in (notice, card):
            row = page.split(name, 1)[1].split("</tr>", 1)[0]
            assert re.search(rf"<td[^>]*>{state}</td>", row), (name, state)
    assert "拟实施" not in notice and "已实施" not in notice
