"""The printed waiting list (/workflow/announcement/<place>/print/) points to 批量公告 only those who act the
announcement step (000 §三(三)6: 公告 and 标识 are the township's); a village's cadre is told to post the notice and
that the township records the step. Neither is printed: both sit in the page's no-print part."""

import re

import pytest

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.selectors_cases import NOTICE_ANNOUNCED_BY, NOTICE_POST_IN_VILLAGE

pytestmark = pytest.mark.django_db

BATCH_ANNOUNCE = "/workflow/announcement/batch/"


@pytest.fixture
def approved(personas, household_a):
    """张大山 (城南村), approved by the county: waiting for the township's announcement."""
    case = at_approval(personas, household_a, personas.cadre_a)
    return act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def hint(page: str, attribute: str) -> re.Match | None:
    return re.search(rf'<p class="([^"]*)" {attribute}>(.*?)</p>', page)


def test_a_village_cadre_is_told_to_post_the_notice_not_to_use_batch_announcement(personas, login, county, approved):
    page = login(personas.cadre_a).get(f"/workflow/announcement/{county.village_a.code}/print/").content.decode()

    assert "张大山" in page
    assert BATCH_ANNOUNCE not in page and "批量公告" not in page
    told = hint(page, "data-announced-by")
    assert told.group(2) == NOTICE_POST_IN_VILLAGE.format(who="乡镇干部")
    assert told.group(2) == "请将公告张贴在本村公开栏，由乡镇干部办理公告环节。"
    assert "no-print" in told.group(1).split()  # on the screen, not on the posted notice


def test_the_township_is_pointed_to_batch_announcement_on_screen_only(personas, login, county, approved):
    for code in (county.village_a.code, county.township.code):
        page = login(personas.township).get(f"/workflow/announcement/{code}/print/").content.decode()

        link = hint(page, "data-batch-announce-link")
        assert BATCH_ANNOUNCE in link.group(2) and "no-print" in link.group(1).split()
        assert hint(page, "data-announced-by") is None


def test_the_county_bureau_is_told_whose_step_the_announcement_is(personas, login, county, approved):
    page = login(personas.county_officer).get(f"/workflow/announcement/{county.township.code}/print/").content.decode()

    assert BATCH_ANNOUNCE not in page
    assert hint(page, "data-announced-by").group(2) == NOTICE_ANNOUNCED_BY.format(who="乡镇干部")


def test_an_empty_waiting_list_points_nobody_to_batch_announcement(personas, login, county, approved):
    page = login(personas.township).get(f"/workflow/announcement/{county.village_b.code}/print/").content.decode()

    assert "城北村当前没有待公告的经县级批准纳入或风险消除的农户。" in page
    assert BATCH_ANNOUNCE not in page and hint(page, "data-announced-by") is None
