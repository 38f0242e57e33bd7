"""An official filters the ledgers, downloads a large one through the progress list, and the file is valid;
the printables render to A4 PDFs with Chinese text in headless Chromium; the report pages on phone and desktop."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reports.models import ExportStatus, LedgerExport
from reports.services.exports import ledger_export_run
from tests.reports import conftest as shared

# The hand-counted fixtures of tests/reports, used here as they are.
registry, cases, problems, departments = shared.registry, shared.cases, shared.problems, shared.departments

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_text(page: Page, url: str) -> tuple[str, PdfReader]:
    page.goto(url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # NFKC: CJK fonts map some characters to their Kangxi radical code points (⽌ for 止) in the PDF's text layer.
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    return text.replace(" ", ""), reader


def test_an_official_filters_and_downloads_a_large_ledger_through_the_progress_list(
    desktop: Page, live_server, log_in, personas, registry, county, settings, screenshot, monkeypatch
):
    settings.REPORTS_SYNC_ROW_LIMIT = 1  # two households in 涂埠镇 make it a "large" ledger here
    # The worker's part is played by the test, so the page can be seen while the export is still running:
    # the queued id is kept instead of sent, and the real task body runs once the progress bar was seen.
    queued: list[int] = []
    monkeypatch.setattr("reports.services.exports.export_enqueue", queued.append)
    log_in(desktop, "official")
    desktop.goto(f"{live_server.url}/reports/")
    desktop.get_by_label("区域").select_option(county.township.code)
    desktop.get_by_label("开始日期").fill("2026-01-01")
    desktop.get_by_role("listitem").filter(has_text="监测对象台账").first.get_by_role("button", name="下载台账").click()

    expect(desktop.get_by_text("正在后台生成")).to_be_visible()
    row = desktop.locator(".export-row").first
    expect(row).to_contain_text("监测对象台账")
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    LedgerExport.objects.filter(pk=queued[0]).update(status=ExportStatus.RUNNING, rows_written=1)
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")  # htmx polls every 2 s
    expect(row).to_contain_text("已写 1 / 2 行")
    screenshot(desktop, "reports-export-progress-desktop")
    LedgerExport.objects.filter(pk=queued[0]).update(status=ExportStatus.PENDING, rows_written=0)
    ledger_export_run(export_id=queued[0])
    link = row.get_by_role("link", name=re.compile("下载"))
    expect(link).to_be_visible(timeout=30_000)  # the progress row refreshes itself until the file is ready
    screenshot(desktop, "reports-export-desktop")
    with desktop.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()

    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "永修县涂埠镇监测对象台账"  # the region chosen, as the file name says it
    assert "区域：涂埠镇" in rows[1][0] and "2026年1月1日" in rows[1][0]
    _, body = shared.ledger_table([list(r) for r in rows])
    assert [r[3] for r in body] == ["360425100201001", "360425100201002"]  # b1 was included in 2025
    assert "**********" in body[0][5]  # the official sees ID numbers masked
    export = LedgerExport.objects.get()
    assert export.status == ExportStatus.DONE and export.user == personas.official


def test_the_publicity_notice_consent_form_and_measure_publicity_print_to_a4_pdfs_with_chinese_text(
    desktop: Page, live_server, log_in, personas, cases, registry, departments, county
):
    log_in(desktop, "cadre_a")

    text, reader = pdf_text(desktop, f"{live_server.url}/workflow/publicity/{county.village_a.code}/print/")
    consent, consent_reader = pdf_text(desktop, f"{live_server.url}/households/{registry.a1.pk}/consent/print/")

    assert "城南村防止返贫动态监测公示" in text and "王五" in text
    assert "打印" not in text  # the screen-only button is not printed
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points
    # (户 comes back as its radical's compatibility form 戶, so the check skips it)
    assert "承诺和授权查询书" in consent and "张三" in consent
    assert len(consent_reader.pages[0]["/Resources"]["/Font"]) > 0  # the text is embedded glyphs, not an image

    measures, measures_reader = pdf_text(
        desktop, f"{live_server.url}/assistance/publicity/{county.village_a.code}/print/"
    )
    measures = measures.replace("\n", "")  # narrow table cells wrap their text
    assert "城南村防止返贫监测对象帮扶措施公示" in measures and "张三" in measures
    assert departments.types[0].name in measures and "县医保局" in measures and "1,500.00" in measures
    assert "打印" not in measures and "张小三" not in measures  # no member names on a public notice
    width, height = (float(v) for v in measures_reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5


WIDEST = """() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right >
    document.documentElement.clientWidth + 1).slice(0, 3).map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_report_pages_render_on_phone_and_desktop(
    device, request, live_server, log_in, personas, cases, problems, screenshot
):
    page: Page = request.getfixturevalue(device)
    log_in(page, "county_officer")
    for path, name, check in [
        ("/reports/", "index", "监测对象台账"),
        ("/reports/dashboard/", "dashboard", "监测对象 4 户"),
        ("/reports/performance/?period=year&date=2026-06-01", "performance", "发现到纳入天数"),
        ("/reports/national/", "national", "待标注"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_contain_text(check)
        if name == "dashboard":
            expect(page.locator("[data-chart='chart-category']")).to_have_attribute("data-drawn", "true")
            assert page.locator("[data-chart='chart-category'] svg").count() == 1
        screenshot(page, f"reports-{name}-{device}")
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDEST)
        assert width <= page.viewport_size["width"] + 1, f"{path} scrolls sideways on {device}: {wide}"
