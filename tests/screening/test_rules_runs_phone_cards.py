"""筛查规则 and 筛查记录 are cards on a phone (.ledger, each cell naming its column), as the worklist and the problem
ledger are: before, a 390-px phone showed a rule's name and explanation with its type, risk type, parameters and
state off to the right in a sideways-scrolling box, and only a run's first three columns."""

import re

import pytest

from screening.choices import RunKind, RunStatus
from screening.models import ScreeningRun
from tests.clock import today

pytestmark = pytest.mark.django_db


def cells(page: str, row_attribute: str) -> list[list[str]]:
    """Each row's cells (the opening <td …> tags) of the ledger table, by the rows' data attribute."""
    rows = re.findall(rf"<tr {row_attribute}=\"\d+\">(.*?)</tr>", page, flags=re.S)
    return [re.findall(r"<td[^>]*>", row) for row in rows]


def test_every_rule_cell_names_its_column_in_a_ledger(personas, login):
    page = login(personas.county_officer).get("/screening/rules/").content.decode()

    rows = cells(page, "data-rule")
    assert '<div class="ledger rule-table"><table>' in page and "table-wrap" not in page
    assert rows and all(len(row) == 6 for row in rows)
    labels = {re.search(r'data-label="([^"]+)"', cell).group(1) for row in rows for cell in row}
    assert labels == {"规则", "类型", "风险类型", "参数", "状态", "操作"}


def test_every_run_cell_names_its_column_in_a_ledger(personas, login):
    ScreeningRun.objects.create(
        kind=RunKind.NIGHTLY, status=RunStatus.DONE_WITH_FAILURES, on_date=today(), households_evaluated=12, hits=3,
        failures=[{"rule": "收入低于监测标准", "household": 7, "error": "数据错误"}],
    )  # fmt: skip

    page = login(personas.township).get("/screening/runs/").content.decode()

    rows = cells(page, "data-run")
    assert '<div class="ledger run-table"><table>' in page and "table-wrap" not in page
    assert len(rows) == 1 and len(rows[0]) == 8
    assert all("data-label=" in cell for cell in rows[0])
    assert 'data-label="失败情况"' in page and "收入低于监测标准 农户7：数据错误" in page


def test_no_run_yet_is_one_line_not_a_card_of_labels(personas, login):
    page = login(personas.township).get("/screening/runs/").content.decode()

    assert '<tr class="ledger-empty"><td colspan="8" class="empty">尚无筛查记录。</td></tr>' in page
