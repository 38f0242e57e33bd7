"""Review finding (prints 1): the 在办识别退出事项台账 gave 公示截止日期 from the step's opening day while no posting
day (张贴日期) was recorded, though the case page says 张贴后5个自然日… and seed 000 counts publicity from the
posting. Until it is posted, every place that shows a publicity's end shows 待张贴 (selectors_publicity_end); once
posted, the end counted from the posting."""

import datetime as dt
import re

import pytest

from config.dates import cn_date
from tests.clock import today
from tests.reports.test_ledgers_more import rows_of
from tests.workflow.test_laiyuan_review_publicity import opened
from workflow.models import CaseStep
from workflow.selectors_publicity_end import UNPOSTED
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db
STEP = "village_review_publicity"  # Laiyuan's 村级评议公示, beside 乡镇核查初审 (001 §三)


def ledger_cell(client, code: str, column: str, head: str):
    header, rows = rows_of(client, code, date_from=today().replace(day=1).isoformat(), date_to=today().isoformat())
    return next(row[header.index(column)] for row in rows if head in row)


def summary_cell(client) -> str:
    page = client.get("/workflow/township-audit/summary/").content.decode()
    row = page.split("<td>张大山</td>")[1].split("</tr>")[0]
    return next(cell for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) if "<br>公示" in cell)


def test_an_unposted_publicity_shows_no_end_in_the_ledgers_and_the_township_summary(personas, login, household_a):
    case = opened(personas, household_a)
    step = CaseStep.objects.get(case=case, step__code=STEP)
    assert step.ends_on is not None and step.posted_on is None  # the default period, from the opening day
    county, township = login(personas.county_officer), login(personas.township)

    assert ledger_cell(county, "open_cases", "公示截止日期", "张大山") == UNPOSTED == "待张贴"
    assert ledger_cell(township, "township_audit", "村级公示截止", "张大山") == UNPOSTED
    assert ledger_cell(township, "township_audit", "村级公示开始", "张大山") is None
    assert summary_cell(township).endswith("<br>公示 待张贴")


def test_once_posted_the_end_counts_from_the_posting_everywhere(personas, login, household_a):
    case = opened(personas, household_a)
    CaseStep.objects.filter(case=case, step__code=STEP).update(opened_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    posted = today() - dt.timedelta(days=1)
    step = publicity_posted_record(actor=personas.cadre_a, case=case, step_code=STEP, posted_on=posted)
    county, township = login(personas.county_officer), login(personas.township)

    assert ledger_cell(county, "open_cases", "公示截止日期", "张大山").date() == step.ends_on
    assert ledger_cell(township, "township_audit", "村级公示截止", "张大山").date() == step.ends_on
    end = step.ends_on
    shown_end = f"{end.month}月{end.day}日" if end.year == posted.year else cn_date(end)
    assert summary_cell(township).endswith(f"<br>公示 {cn_date(posted)}至{shown_end}")
