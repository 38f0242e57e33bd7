"""The printed 乡镇审核汇总名单 and its XLSX (reports ledger township_audit): the township's cases at or past its audit
in a period, by village, with what the village did and the township's opinion, and the signature lines."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from config.dates import cn_date
from households.models import HouseholdIncome
from tests.reports.test_ledger_print import assert_prints_on_a4_landscape_one_page_wide
from tests.workflow.batch_helpers import new_household
from tests.workflow.helpers import case_act
from tests.workflow.township_helpers import at_township, other_township, refs
from workflow.choices import CaseKind
from workflow.models import CaseStep
from workflow.services.township_batch import township_batch_audit

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/summary/"


@pytest.fixture
def audited(personas, county, household_a, household_b):
    """张大山 passed by the township (with an income entered), 王五 still waiting at the township's audit."""
    passed = at_township(personas, household_a, personas.cadre_a)
    HouseholdIncome.objects.create(
        household=household_a, region_path=household_a.region_path, year=2025, per_capita_net_income="5321.50"
    )
    township_batch_audit(actor=personas.township, refs=refs([passed]), outcome="pass", note="情况属实，同意上报")
    waiting = at_township(personas, household_b, personas.cadre_b)
    return passed, waiting


def test_the_list_gives_each_case_with_the_village_steps_and_the_townships_opinion(personas, login, audited):
    page = login(personas.township).get(URL).content.decode()
    for header in ("序号", "村", "户主", "人口数", "户类型/识别类型", "主要风险", "人均纯收入", "村级评议/公示日期"):
        assert f"<th>{header}" in page
    assert "乡镇审核意见" in page and "共 2 户（其中通过 1 户，待审核 1 户）" in page
    assert "张大山" in page and "5,321.50" in page and "脱贫户" in page and "识别纳入（" in page
    assert "乡镇汇总初审" in page and "通过，情况属实，同意上报" in page
    assert "王五" in page and "待审核" in page
    today = timezone.localdate()
    # Only an audit done has its day; a row still waiting shows none (not the day it reached the step).
    assert f"乡镇汇总初审（{today.month}月{today.day}日）：通过" in page and "乡镇汇总初审：待审核" in page
    assert f"评议 {cn_date(today)}" in page
    assert (
        "审核人：" in page and "乡镇负责人（签字）：" in page and "涂埠镇人民政府（盖章）" in page and "日期：" in page
    )
    assert "身份证" not in page


def test_the_period_and_the_kind_choose_the_rows(personas, login, audited):
    passed, _ = audited
    client = login(personas.township)
    CaseStep.objects.filter(case=passed, step__code="township_preliminary").update(
        acted_at=timezone.now() - dt.timedelta(days=60)
    )
    page = client.get(URL).content.decode()  # this month by default
    assert "张大山" not in page and "王五" in page
    earlier = (timezone.localdate() - dt.timedelta(days=61)).isoformat()
    wide = client.get(URL, {"date_from": earlier, "date_to": timezone.localdate().isoformat()}).content.decode()
    assert "张大山" in wide and "王五" in wide
    exits = client.get(URL, {"date_from": earlier, "kind": CaseKind.EXIT}).content.decode()
    assert "张大山" not in exits and "事项：风险消除" in exits and "本期没有" in exits


def test_a_case_returned_and_a_case_withdrawn(personas, login, county, audited):
    _, waiting = audited
    case_act(actor=personas.township, case=waiting, step_code="township_preliminary", outcome="return", note="补材料")
    third = at_township(personas, new_household(personas.cadre_a, county.village_a, "赵六", 77), personas.cadre_a)
    from workflow.services.cases import case_withdraw

    case_withdraw(actor=personas.cadre_a, case=third, note="误选农户")
    page = login(personas.township).get(URL).content.decode()
    # Returned today: the township's work of the day, listed with its opinion; withdrawn: left out.
    assert "王五" in page and "退回村级补正，补材料" in page
    assert "赵六" not in page and "张大山" in page
    assert "共 2 户（其中通过 1 户，退回村级补正 1 户）" in page
    # Once the village has passed its review again, the case waits at the township again.
    case_act(actor=personas.cadre_b, case=waiting, step_code="village_review", outcome="pass")
    again = login(personas.township).get(URL).content.decode()
    assert "王五" in again and "共 2 户（其中通过 1 户，待审核 1 户）" in again


def test_another_townships_cases_are_not_listed(personas, login, county, audited):
    other = other_township(county)
    at_township(personas, other.household, other.cadre, township=other.officer)
    client = login(personas.township)
    assert "周七" not in client.get(URL).content.decode()
    bad = client.get(URL, {"village": county.village_c.code}).content.decode()
    assert "data-filter-errors" in bad and "张大山" not in bad and "周七" not in bad
    assert "周七" in login(other.officer).get(URL).content.decode()


def test_the_xlsx_lists_the_same_rows_with_the_seed_forms_signature_line(personas, login, audited):
    client = login(personas.township)
    assert 'name="ledger" value="township_audit"' in client.get(URL).content.decode()
    today = timezone.localdate()
    response = client.post(
        "/reports/export/",
        {"ledger": "township_audit", "date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "永修县涂埠镇防止返贫动态监测乡镇审核汇总名单"  # as the printed page is titled
    assert "<h1>永修县涂埠镇防止返贫动态监测乡镇审核汇总名单</h1>" in client.get(URL).content.decode()
    assert rows[2][0].startswith("涂埠镇人民政府（盖章）")
    assert rows[3][:5] == ("序号", "村", "户主", "人口数", "户类型/识别类型")
    body = {row[2]: row for row in rows[4:] if row[2] and row[0] != "合计"}
    assert set(body) == {"张大山", "王五"}
    # 合计 counts the households and adds up their members, as every other ledger's does.
    total = next(row for row in rows if row[0] == "合计")
    assert total[2] == 2 and total[3] == sum(row[3] for row in body.values())
    assert body["张大山"][6] == 5321.5 and body["张大山"][-1] == "通过，情况属实，同意上报"
    assert body["王五"][-1] == "待审核"
    # 审核日期: the day 张大山 was audited; none for 王五, still waiting (not the day his case reached the step).
    assert body["张大山"][-2].date() == today and body["王五"][-2] is None
    # As every ledger with a signature line: A4 landscape, one page wide, title, line and header on each page.
    assert_prints_on_a4_landscape_one_page_wide(sheet, "1:4")
    assert sheet.freeze_panes == "A5"
