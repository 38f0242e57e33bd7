"""Review finding (prints 4): /screening/?village=…&risk_type=low_income listed 共0户 while its 导出…筛查结果台账
downloaded every result of the village, 住房安全 hits too; with ?q=<a name> the download held the whole township.
The button posts the page's status, risk type and name with its place, and the ledger applies them through the
page's own selector: the file holds the rows the page lists, and says which."""

import io
import re

import pytest
from openpyxl import load_workbook

from accounts.models import AuditEvent
from households.choices import RiskType
from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_hits(line, make_household, county):
    """Three 待处理 results in village A: two low-income, one (the last) an unsafe house only."""
    households = [make_household("5000") for _ in range(3)]
    screening_run(kind=RunKind.NIGHTLY)
    results = [ScreeningResult.objects.get(household=h) for h in households]
    ScreeningResult.objects.filter(pk=results[2].pk).update(risk_types=[RiskType.UNSAFE_HOUSING])
    ScreeningResult.objects.filter(pk__in=[r.pk for r in results[:2]]).update(risk_types=[RiskType.LOW_INCOME])
    return results


def _page_and_file(client, query):
    """The numbers the worklist lists for `query`, its count line, the numbers its 导出 button downloads, and the
    button's words."""
    page = client.get("/screening/", query).content.decode()
    listed = set(re.findall(r'<span class="muted small">([^<]+)</span></a>', page))
    count = int(re.search(r"共 (\d+) 户", page).group(1))
    form = re.search(r'<form method="post" action="/reports/export/"[^>]*>(.*?)</form>', page, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post("/reports/export/", fields)
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header = next(index for index, row in enumerate(rows) if row and "户编号" in row)
    column = rows[header].index("户编号")
    exported = {row[column] for row in rows[header + 1 :] if row and row[column]}
    words = re.search(r"<button[^>]*data-export-scope>(.*?)</button>", form).group(1)
    return listed, count, exported, words, rows[1][0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"risk_type": RiskType.LOW_INCOME}, {0, 1}),
        ({"risk_type": RiskType.UNSAFE_WATER}, set()),
        ({"q": "name"}, {1}),
        ({"status": ResultStatus.DISMISSED}, set()),
        ({}, {0, 1, 2}),
    ],
)
def test_the_download_holds_the_rows_the_worklist_lists(three_hits, county, personas, login, query, expected):
    client = login(personas.township)
    if query.get("q") == "name":
        query = {"q": three_hits[1].household.head_name}
    query = {"village": county.village_a.code, **query}

    listed, count, exported, words, filter_line = _page_and_file(client, query)

    numbers = {three_hits[index].household.number for index in expected}
    assert listed == numbers and count == len(numbers)
    assert exported == listed
    status = ResultStatus(query.get("status") or ResultStatus.HIT).label
    assert f"导出{county.village_a.name}筛查结果台账（状态：{status}" in words
    if "risk_type" in query:
        label = RiskType(query["risk_type"]).label
        assert f"风险类型：{label}" in words and f"风险类型：{label}" in filter_line
    if "q" in query:
        assert f"户主或户编号：{query['q']}" in words
        record = AuditEvent.objects.filter(action="reports.ledger_export").latest("pk").summary
        assert f"户主或户编号：{query['q']}" in record and f"状态：{status}" in record


def test_the_reports_page_keeps_its_own_filters_and_exports_every_status(three_hits, personas, login):
    client = login(personas.township)

    page = client.get("/reports/").content.decode()
    fields = re.findall(r'name="(\w+)"', page.split('class="card ledger-form"')[1].split("</form>")[0])

    assert not {"status", "risk_type", "q"} & set(fields)
    response = client.post("/reports/export/", {"ledger": "screening_results"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    everyone = {r.household.number for r in three_hits}
    assert {cell for row in rows for cell in row if cell in everyone} == everyone
    assert "状态：" not in rows[1][0]
