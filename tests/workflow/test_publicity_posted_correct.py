"""Case page during a publicity: before the posting date is entered, the top links to 去登记张贴日期; once entered, the
publicity is running and the top offers only a secondary 更正张贴日期 (the form below says 更正 too), no to-do."""

import re

import pytest

from tests.clock import today
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db


def to_act(page: str) -> str:
    return re.search(r'<p class="to-act" data-to-act>(.*?)</p>', page, re.S).group(1)


def test_once_posted_the_top_offers_a_correction_not_a_to_do(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    client = login(personas.cadre_a)
    before = to_act(client.get(f"/workflow/cases/{case.pk}/").content.decode())
    assert "去登记张贴日期：村级公示" in before and "更正张贴日期" not in before

    publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity", posted_on=today())

    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    top = to_act(page)
    assert "公示中" in top and "去登记张贴日期" not in top
    [correct] = re.findall(r"<a [^>]*data-posted-correct[^>]*>[^<]*</a>", top)
    assert "更正张贴日期" in correct and "btn-primary" not in correct
    assert "<h2>更正张贴日期：村级公示</h2>" in page
    assert re.search(r'<button type="submit" class="btn wide">更正张贴日期</button>', page)
