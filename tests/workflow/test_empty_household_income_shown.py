"""A household whose members all died or moved out has no 人均纯收入 (598bb09: None, not 0.00); the township's and the
county's review pages said "未录入" for it as for a household whose income was never entered. They now say it has no
one on the register (—（无在册人口）), "未录入" only where the income really was not entered."""

from decimal import Decimal

import pytest

from households.choices import LivingStatus, Relation
from households.services.income import income_save
from households.services.member_status import member_set_status
from tests.clock import this_year, today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import TO_AUDIT, at_township

pytestmark = pytest.mark.django_db
NO_ONE = "—（无在册人口）"


def empty(personas, household):
    """张大山's household with its income entered, then every member moved out."""
    income_save(actor=personas.cadre_a, household=household, year=this_year(), amounts={"wage_income": Decimal("9000")})
    members = household.members.filter(living_status=LivingStatus.LIVING)
    for member in sorted(members, key=lambda m: m.relation == Relation.HEAD):  # the head last: no successor asked
        member_set_status(
            left_reason="work", actor=personas.county_officer, member=member, status=LivingStatus.MOVED_OUT, on=today()
        )


def card(page, name):
    return next(part for part in page.split('<li class="card row-card')[1:] if name in part)


def table_row(page, name):
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split('<tr class="nw">')[1:]
    return next(row for row in rows if name in row)


@pytest.fixture
def at_audit(personas, household_a, household_b):
    """张大山's (emptied) and 王五's (no income entered) cases at Yongxiu's 乡镇审核."""
    cases = [
        at_township(personas, h, c, steps=TO_AUDIT)
        for h, c in ((household_a, personas.cadre_a), (household_b, personas.cadre_b))
    ]
    empty(personas, household_a)
    return cases


@pytest.fixture
def at_county(personas, household_a, household_b):
    """The same two households' cases at the county approval."""
    cases = [at_approval(personas, h, c) for h, c in ((household_a, personas.cadre_a), (household_b, personas.cadre_b))]
    empty(personas, household_a)
    return cases


def test_the_township_batch_page_and_its_summary_say_no_one_is_on_the_register(personas, login, at_audit):
    client = login(personas.township)

    page = client.get("/workflow/township-audit/").content.decode()
    assert "家庭人口 0 人" in card(page, "张大山") and f"人均纯收入 {NO_ONE}" in card(page, "张大山")
    assert "人均纯收入 未录入" in card(page, "王五") and NO_ONE not in card(page, "王五")

    summary = client.get("/workflow/township-audit/summary/").content.decode()
    assert NO_ONE in table_row(summary, "张大山") and "未录入" not in table_row(summary, "张大山")
    assert "未录入" in table_row(summary, "王五") and NO_ONE not in table_row(summary, "王五")


def test_the_county_batch_queue_and_the_submission_list_say_no_one_is_on_the_register(personas, login, at_county):
    queue = login(personas.approver).get("/workflow/batches/").content.decode()
    assert f"人均纯收入 {NO_ONE}" in card(queue, "张大山")
    assert "人均纯收入 未录入" in card(queue, "王五")

    listed = login(personas.county_officer).get("/workflow/batches/submission/").content.decode()
    assert NO_ONE in table_row(listed, "张大山") and "未录入" not in table_row(listed, "张大山")
    assert "未录入" in table_row(listed, "王五") and NO_ONE not in table_row(listed, "王五")
