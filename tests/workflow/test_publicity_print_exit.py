"""The printed village publicity list's exit row: the household's monitoring category being lifted under 拟定监测类别
and 风险已消除 with the risks it was included for under 主要原因 (workflow.selectors_exit_shown, as the 在办识别退出
事项台账), instead of "—"; still without ID numbers or health detail (the medical risk reads 刚性支出较大)."""

import re

import pytest

from tests.workflow.helpers import exit_ready
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseKind, Channel
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def test_an_exit_row_shows_the_category_being_lifted_and_the_risks_eliminated(personas, login, monitored_a):
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    walk_to(personas, case, "village_publicity")

    page = login(personas.cadre_a).get(f"/workflow/publicity/{monitored_a.village.code}/print/").content.decode()

    row = re.search(r"<tr>\s*<td class=\"nw\">1</td>(.*?)</tr>", page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0] == "张大山" and cells[2] == "风险消除"
    assert cells[3] == "边缘易致贫户"
    assert cells[4] == "风险已消除（纳入时：刚性支出较大）"
    assert "医疗" not in page and "大病" not in page
    for member in monitored_a.members.all():
        assert member.id_number not in page
