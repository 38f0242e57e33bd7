"""Review finding (prints 3): the county's approval queue said 发现于 2026-11-16; the pages and prints give dates as
the papers do (2026年11月16日)."""

import pytest

from config.dates import cn_date
from tests.workflow.batch_helpers import at_approval

pytestmark = pytest.mark.django_db


def test_the_approval_queue_gives_the_discovery_day_in_chinese(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert f"发现于 {cn_date(case.discovered_on)}" in page
    assert f"发现于 {case.discovered_on:%Y-%m-%d}" not in page
