"""批量公告 lists the cases waiting for their announcement in the order the township's printed 公告 (打印待公告名单)
lists them: inclusions before exits, each by place then 户编号 (selectors_cases.notice_order), so that the clerk
ticks the page against the posted notice line by line; it listed them by place alone, an exit among inclusions."""

import pytest

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from tests.workflow.test_announcement_exits import exit_announcing  # noqa: F401 (a fixture)
from workflow.choices import Outcome

pytestmark = pytest.mark.django_db

NAMES = ["张大山", "王五"]


def order(page: str) -> list[str]:
    return sorted((name for name in NAMES if name in page), key=page.index)


def test_the_page_lists_inclusions_before_exits_as_the_printed_notice(
    personas,
    login,
    county,
    exit_announcing,  # noqa: F811
    household_b,
):
    """张大山 (城南村) waits with his exit, 王五 (城北村) with his inclusion."""
    inclusion = at_approval(personas, household_b, personas.cadre_b)
    act(actor=personas.approver, case=inclusion, step_code="county_approval", outcome=Outcome.PASS)
    client = login(personas.township)

    listed = client.get("/workflow/announcement/batch/").content.decode().split('<ul class="cards cards-1">', 1)[1]
    printed = client.get(f"/workflow/announcement/{county.township.code}/print/").content.decode()

    assert order(listed) == order(printed) == ["王五", "张大山"]
