"""Review print2, item 3: a 公示 with nobody on it (most often the township stage's, printed before any case reaches
it) printed an empty table, the call for objections, and a stamp line dated today, ready to be signed and posted. It
says 本期无公示对象 and has no seal or date line; a notice with households keeps its stamp."""

import re

import pytest

from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import case_act
from workflow.choices import Outcome

pytestmark = pytest.mark.django_db


def text(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


@pytest.mark.parametrize("stage", ["?stage=township", ""])
def test_an_empty_notice_says_so_and_has_no_seal_or_date(personas, login, county, stage):
    page = login(personas.township).get(f"/workflow/publicity/{county.village_a.code}/print/{stage}").content.decode()

    assert "涂埠镇城南村防止返贫动态监测公示" in page and "本期无公示对象" in page
    assert "盖章" not in page and "sign-line" not in page
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text(page)) and "年　月　日" not in page
    assert "异议" not in page and "<table" not in page


def test_the_township_stage_with_a_household_keeps_its_stamp(personas, login, county, household_a):
    case = open_case(personas.cadre_a, household_a)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)

    village = login(personas.township).get(f"/workflow/publicity/{county.village_a.code}/print/").content.decode()
    township = (
        login(personas.township)
        .get(f"/workflow/publicity/{county.village_a.code}/print/?stage=township")
        .content.decode()
    )

    assert "张大山" in village and "城南村村民委员会（盖章）" in village and "本期无公示对象" not in village
    assert "本期无公示对象" in township and "涂埠镇人民政府（盖章）" not in township
