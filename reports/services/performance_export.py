"""工作成效 as a workbook, for the leading group's monthly analysis (月分析会商) and the quarterly and yearly reviews:
the page's tables on one sheet (so that it prints and converts as one), each unit a row and the region's
合计 row under them, counts as numbers and shares as percentages."""

import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from django.utils import timezone

from accounts.audit import audit_record
from households.choices import MonitoringCategory
from households.models import Region
from reports.filters import place_name
from reports.selectors.performance import PERIODS, Performance, UnitRow
from reports.selectors.visit_coverage import VISIT_RULE
from reports.services.exports import export_filename
from reports.sheets import cn_date, cn_datetime, print_setup

NONE = "—"
HEADER = {"bold": True, "bg_color": "#DDE7F3", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
CHANGES = [
    ("期初监测户数", lambda r: r.changes.start_households),
    ("期初监测人数", lambda r: r.changes.start_persons),
    ("本期新增户数", lambda r: r.changes.added_households),
    ("本期新增人数", lambda r: r.changes.added_persons),
    ("本期减少户数", lambda r: r.changes.removed_households),
    ("本期减少人数", lambda r: r.changes.removed_persons),
    ("其中风险消除户数", lambda r: r.changes.exited_households),
    ("分户合户调整（±户）", lambda r: r.changes.adjusted_households),
    ("户内人员变动（±人）", lambda r: r.changes.changed_persons),
    ("期末监测户数", lambda r: r.changes.end_households),
    ("期末监测人数", lambda r: r.changes.end_persons),
]


def _share(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def _decisions(unknown: bool) -> list[tuple[str, Callable[[UnitRow], Any]]]:
    """The columns of 识别纳入、风险再标注和风险消除 (by the county's 批复): new inclusions per category approved,
    re-marks (返贫) on their own, exits per category left; 类别未记录 only when an exit's category is not known
    here, as on the page."""
    columns: list[tuple[str, Callable[[UnitRow], Any]]] = [
        (f"新识别纳入：{label}", lambda r, i=i: r.identified_by_category[i])
        for i, label in enumerate(MonitoringCategory.labels)
    ]
    columns += [("新识别纳入小计", lambda r: r.identified_total), ("风险再标注（返贫）户数", lambda r: r.remarked)]
    columns += [
        (f"风险消除：{label}", lambda r, i=i: r.exited_by_category[i])
        for i, label in enumerate(MonitoringCategory.labels)
    ]
    if unknown:
        columns.append(("风险消除：类别未记录", lambda r: r.exited_unknown))
    columns.append(("风险消除小计", lambda r: r.exited_total))
    return columns


# The rate's counts as the page defines it (templates/reports/performance.html, reports.selectors.departments
# .alerts_verified_on_time): alerts whose first deadline falls in the period, verified (even before it) or past it.
# "到期预警数" counted the verified ones not yet due too, under a name that said they were due.
ALERTS_COUNTED = "计入核实率的预警数（核实期限在统计期内，已核实或已逾期）"
ALERTS_ON_TIME = "其中按时核实数"
VISIT_NOTE_PREFIX = "走访口径说明："
VISIT_NOTE_EVERY = "每月均走访户数为应走访的每个月都走访到的户数。"
VISIT_NOTE_LINES = 5  # the note wraps to about four lines across the table's 14 columns (one to spare)
WORK: list[tuple[str, Callable[[UnitRow], Any], str]] = [
    ("县级批准纳入户数（含风险再标注）", lambda r: r.inclusions, ""),
    ("发现到纳入天数（中位数）", lambda r: r.median_days, "0.0"),
    ("时限内纳入户数", lambda r: r.within_limit, ""),
    ("已配置时限的纳入户数", lambda r: r.judged, ""),
    ("时限内纳入占比", lambda r: _share(r.within_limit, r.judged), "0.0%"),
    ("应走访户数", lambda r: r.visit_due, ""),
    ("应走访户月数", lambda r: r.visit_due_months, ""),
    ("已走访户月数", lambda r: r.visit_months, ""),
    ("走访覆盖率（按月）", lambda r: _share(r.visit_months, r.visit_due_months), "0.0%"),
    ("每月均走访户数", lambda r: r.visited_every_month, ""),
    (ALERTS_COUNTED, lambda r: r.alerts_on_time[1] if r.alerts_on_time else None, ""),
    (ALERTS_ON_TIME, lambda r: r.alerts_on_time[0] if r.alerts_on_time else None, ""),
    ("预警按时核实率", lambda r: _share(*r.alerts_on_time) if r.alerts_on_time else None, "0.0%"),
]


def performance_workbook(*, actor: Any, p: Performance, region: Region | None) -> tuple[io.BytesIO, str]:
    """The workbook and its file name; the export is recorded in the audit log."""
    title = f"工作成效（{PERIODS[p.kind]} {p.label}）"
    region_name = region.name if region is not None else "全部"
    # The region looked at, as the ledgers name it (永修县涂埠镇…), in the title and the file name.
    place = place_name(actor, region.path if region is not None else "")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        _write(workbook, actor, p, region_name, f"{place}{title}")
    finally:
        workbook.close()
    buffer.seek(0)
    audit_record(
        actor=actor,
        action="reports.performance_export",
        summary=f"导出{title}，区域：{region_name}",
        object_type="reports.performance",
        region_path=region.path if region is not None else "",
    )
    return buffer, export_filename(title, actor, place=place)


class _Sheet:
    def __init__(self, workbook: Any, width: int) -> None:
        self.book, self.sheet, self.row, self.width = workbook, workbook.add_worksheet("工作成效"), 0, width
        self.bold = workbook.add_format({"bold": True})
        self.header = workbook.add_format(HEADER)
        self.formats: dict[tuple[str, bool, bool], Any] = {}
        # Each table after the first starts a page: its caption and header never print on one page and its
        # rows on the next (only the title rows repeat).
        self.breaks: list[int] = []
        self.tables = 0
        self.sheet.set_column(0, 0, 16)
        self.sheet.set_column(1, width, 11)

    def cell_format(self, number: str, total: bool, empty: bool = False) -> Any:
        key = (number, total, empty)
        if key not in self.formats:
            spec: dict[str, Any] = {"border": 1}
            if number:
                spec["num_format"] = number
            if empty:  # "—" in a column of numbers: centred, not a stray left-aligned text
                spec["align"] = "center"
            if total:
                spec |= {"bold": True, "bg_color": "#F2F2F2"}
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def line(self, text: str, fmt: Any = None) -> None:
        self.sheet.merge_range(self.row, 0, self.row, self.width, text, fmt)
        self.row += 1

    def table(self, caption: str, headers: list[str], rows: list[tuple[str, list[Any], bool]], numbers: list[str]):
        self.row += 1
        if self.tables:
            self.breaks.append(self.row)
            self.sheet.set_h_pagebreaks(self.breaks)
        self.tables += 1
        self.sheet.write_string(self.row, 0, caption, self.bold)
        self.row += 1
        # Three lines of an 11-wide column: 县级批准纳入户数（含风险再标注） and 新识别纳入：脱贫不稳定户 wrap to three.
        self.sheet.set_row(self.row, 48)
        for index, text in enumerate(headers):
            self.sheet.write_string(self.row, index, text, self.header)
        for name, values, total in rows:
            self.row += 1
            self.sheet.write_string(self.row, 0, name, self.cell_format("", total))
            for index, value in enumerate(values, start=1):
                if value is None:
                    self.sheet.write_string(self.row, index, NONE, self.cell_format(numbers[index - 1], total, True))
                else:
                    self.sheet.write_number(self.row, index, value, self.cell_format(numbers[index - 1], total))
        if not rows:
            self.row += 1
            self.sheet.write_string(self.row, 0, "（无数据）")
        self.row += 1


def _unit_rows(p: Performance, columns: list[Callable[[UnitRow], Any]]) -> list[tuple[str, list[Any], bool]]:
    rows = [(row.region.name, [get(row) for get in columns], False) for row in p.rows]
    if p.total is not None:
        rows.append((f"合计（{p.total.region.name}）", [get(p.total) for get in columns], True))
    return rows


def _write(workbook: Any, actor: Any, p: Performance, region_name: str, title: str) -> None:
    sheet = _Sheet(workbook, len(WORK))
    sheet.sheet.set_row(0, 26)
    sheet.line(title, workbook.add_format({"bold": True, "font_size": 14, "align": "center"}))
    who = actor.get_full_name() or actor.get_username()
    running = f"（{p.label}尚未结束，截至{p.shown_end.month}月{p.shown_end.day}日）" if p.shown_end != p.end else ""
    sheet.line(
        f"区域：{region_name}　统计期：{cn_date(p.start)} 至 {cn_date(p.shown_end)}{running}"
        f"　生成时间：{cn_datetime(timezone.now())}　生成人：{who}"
    )
    # The three tables have different headers: the title and the 单位 column are what stays in view and on each page.
    sheet.sheet.freeze_panes(2, 1)
    print_setup(sheet.sheet, repeat_to=1)
    if p.changes_end is not None:
        sheet.table(
            f"一、监测对象变动（期末按 {cn_date(p.changes_end)} 计；"
            "期初 + 新增 − 减少 ± 分户合户调整 = 期末，人数另加减户内人员变动）",
            ["单位", *[name for name, _ in CHANGES]],
            _unit_rows(p, [get for _, get in CHANGES]),
            [""] * len(CHANGES),
        )
    decisions = _decisions(p.exited_unknown)
    sheet.table(
        "二、识别纳入、风险再标注和风险消除（按县级批复日期，户）",
        ["单位", *[name for name, _ in decisions]],
        _unit_rows(p, [get for _, get in decisions]),
        [""] * len(decisions),
    )
    sheet.table(
        "三、识别纳入、走访与预警核实（纳入按县级批复日期）",
        ["单位", *[name for name, _, _ in WORK]],
        _unit_rows(p, [get for _, get, _ in WORK]),
        [number for _, _, number in WORK],
    )
    # The counting rule the page states under the same table: which households were due in which months, what
    # counts as a visit (a coverage read without it is read against the wrong months). A blank row first: the
    # table ends where a reader (and a formula's range) sees it end.
    sheet.row += 1
    sheet.sheet.set_row(sheet.row, 15 * VISIT_NOTE_LINES)
    sheet.line(
        f"{VISIT_NOTE_PREFIX}{VISIT_RULE}{VISIT_NOTE_EVERY}", workbook.add_format({"text_wrap": True, "valign": "top"})
    )
    # 迟报 and 漏报 as on /alerts/punctuality/ for the same dates: 按时 + 迟报 + 漏报 = 应报. A department owing no
    # period (its feeds all reported as it happens or within N days) reads — in every column, as on the page.
    feeds = [
        (name, [due, on_time, late, missing, _share(on_time or 0, due)], False)
        for name, on_time, due, late, missing in p.feeds or []
    ]
    headers = ["部门", "应报次数", "按时报送", "迟报", "漏报", "及时率"]
    sheet.table("四、行业部门数据报送及时性", headers, feeds, ["", "", "", "", "0.0%"])
    if p.feeds_note:
        sheet.sheet.set_row(sheet.row, 30)  # two lines across the merged row, as printed
        sheet.line(f"说明：{p.feeds_note}。", workbook.add_format({"text_wrap": True, "valign": "top"}))
