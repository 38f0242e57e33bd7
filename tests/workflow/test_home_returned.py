"""A case the township sent back (退回村级补正) is the first thing on the village's home page, with the township's
reason (its first line) and a link to the case, not only a higher 我的任务 count (review cadre-on-phone finding 1)."""

import re

import pytest

from tests.workflow.township_helpers import at_township
from workflow.choices import Outcome
from workflow.services.batches import CaseRef, case_version
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
NOTE = "请补充评议会议记录\n另：户主签字页缺失"


@pytest.fixture
def returned(personas, household_a):
    case = at_township(personas, household_a, personas.cadre_a)
    township_batch_audit(
        actor=personas.township, refs=[CaseRef(case.pk, case_version(case))], outcome=Outcome.RETURN, note=NOTE
    )
    return case


def test_the_returned_case_comes_first_with_its_reason_and_a_link(personas, login, returned):
    page = login(personas.cadre_a).get("/").content.decode()

    keys = re.findall(r'data-tile="([a-z_-]+)"', page)
    assert keys[0] == "returned"
    returned_tile = page[page.index('data-tile="returned"') : page.index("</div>", page.index('data-tile="returned"'))]
    assert "退回补正 <span" in returned_tile and 'class="tile tile-items tile-overdue" data-tile="returned"' in page
    assert f'href="/workflow/cases/{returned.pk}/"' in returned_tile
    assert "张大山：乡镇汇总初审退回：请补充评议会议记录</a>" in returned_tile
    assert "户主签字页缺失" not in returned_tile


def test_no_returned_tile_for_others_or_once_there_is_none(personas, login, household_a):
    at_township(personas, household_a, personas.cadre_a)

    assert 'data-tile="returned"' not in login(personas.cadre_a).get("/").content.decode()
    assert 'data-tile="returned"' not in login(personas.cadre_b).get("/").content.decode()
