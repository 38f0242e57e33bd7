"""The 整改情况汇总表 workbook (seed 003 附件4, stamped and sent up) carries the summary page's note under its table
(review of reports, finding 1): households ticked 拟纳入 when they were already monitored, or already in an inclusion
procedure, are left out of 拟识别监测对象, and the file says how many, as the page does, from one service
(screening.summary_notes). Fixtures: tests/reports/conftest.py (problems: a1 proposed; a2 and c1 are monitored)."""

import datetime as dt

import pytest

from screening.models import ScreeningForm
from screening.summary_notes import summary_notes
from tests.reports.conftest import download, libreoffice_csv, read_xlsx, summary_blocks

pytestmark = pytest.mark.django_db

KNOWN = "另有 2 户勾选时已是监测对象或已在纳入程序中，未计入"


@pytest.fixture
def known(problems, registry, personas):
    """a2 (village A) and c1 (village C) ticked 拟纳入 while already monitored: not counted, said in the note."""
    for household in (registry.a2, registry.c1):
        ScreeningForm.objects.create(
            campaign=problems, household=household, region_path=household.region_path, filled_by=personas.cadre_a,
            filled_on=dt.date(2026, 3, 1), at_risk=True, propose_monitoring=True, known_when_proposed=True,
        )  # fmt: skip
    return problems


def note_rows(rows: list[list]) -> list[str]:
    start = next(index for index, row in enumerate(rows) if str(row[0] or "").startswith("说明："))
    return [str(row[0]) for row in rows[start:] if row and row[0]]


def test_the_campaign_s_workbook_carries_the_page_s_note_under_its_table(personas, known, login):
    client = login(personas.county_officer)
    page = client.get(f"/campaigns/{known.pk}/summary/")
    rows = read_xlsx(download(client.get(f"/campaigns/{known.pk}/summary/export/")))

    notes = summary_notes(page.context["total"])
    assert KNOWN in page.content.decode() and KNOWN in notes[-1]
    assert summary_blocks(rows)["合计"]["proposed"] == [1, 2]  # a1 only
    written = note_rows(rows)
    assert written[0].startswith("说明：1．正在整改数含待整改和整改中的问题。")
    assert [text.lstrip("说明：\u3000")[2:] for text in written] == notes
    assert KNOWN in written[-1]


def test_the_reports_ledger_carries_the_note_and_libreoffice_reads_it(personas, known, login):
    data = download(login(personas.county_officer).post("/reports/export/", {"ledger": "rectification_summary"}))

    assert KNOWN in note_rows(read_xlsx(data))[-1]
    csv_rows = libreoffice_csv(data)
    assert summary_blocks([[cell or None for cell in row] for row in csv_rows])["合计"]["proposed"] == ["1", "2"]
    assert any(KNOWN in row[0] for row in csv_rows if row)


def test_a_township_s_villages_count_only_their_own_known_households(personas, known, county, login):
    """涂埠镇's villages: a2 only (c1 is in 虬津镇), in the file and on the page alike."""
    client = login(personas.township)
    page = client.get(f"/campaigns/{known.pk}/summary/").content.decode()
    rows = read_xlsx(download(client.get(f"/campaigns/{known.pk}/summary/export/")))

    one = "另有 1 户勾选时已是监测对象或已在纳入程序中，未计入"
    assert one in page and one in note_rows(rows)[-1]


def test_without_known_households_the_note_says_only_what_is_counted(personas, problems, login):
    rows = read_xlsx(download(login(personas.county_officer).get(f"/campaigns/{problems.pk}/summary/export/")))

    written = note_rows(rows)
    assert "拟识别监测对象只计勾选“拟纳入”时尚未纳入监测、也不在纳入程序中的农户。" in written[-1]
    assert not any("另有" in text for text in written)
