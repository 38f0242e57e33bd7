"""A 医保 row whose 累计个人自付费用 exceeds its 累计医疗总费用 is an error row (FeedColumn.not_above, set on both
seeded 医保 feeds): not ingested, no alert, its reason in the error workbook; the file's good rows are ingested as
before, on the triaged clean CSV path, the whole cleaning and the XLSX path alike."""

import datetime as dt
import io

import openpyxl
import pytest

from accounts.models import AuditEvent
from alerts.feed_config import MSG_NOT_ABOVE_COLUMN, MSG_NOT_ABOVE_KIND, not_above_errors
from alerts.ingest import triage
from alerts.ingest.workbook import template_workbook
from alerts.models import Alert, FeedColumn
from tests.alerts.conftest import csv_file, error_reasons, feed, header_of, ingest, pid, xlsx_file
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
CODE = "medical-cost-monitored"  # 姓名, 身份证号, 累计医疗总费用, 累计个人自付费用 (alert above 10,000 元), 结算日期
REASON = "累计个人自付费用（25000）大于累计医疗总费用（20000）"
SMALL = "累计个人自付费用（2500）大于累计医疗总费用（2000）"


def _rows(people) -> list[list[str]]:
    """Eleven good rows (one above the alert threshold) and, on lines 5 and 6, two whose 自付 exceeds their 总费用:
    one above the threshold (kept by the triage for its rule anyway) and one below it (kept for the check only)."""
    zhang, li, wang = people["zhang"], people["li"], people["wang"]
    others = [pid(dt.date(1980, 1, 1 + i), 100 + i) for i in range(8)]  # no member holds these: unregistered
    rows = [
        [li.name, li.id_number, "30000", "15000", "2026-10-20"],  # alert: 15,000 > 10,000
        [wang.name, wang.id_number, "9000.50", "800", "2026-10-21"],
        [zhang.name, zhang.id_number, "1200", "300.25", "2026-10-22"],
        [zhang.name, zhang.id_number, "20000", "25000", "2026-10-23"],  # line 5: 自付 above 总费用
        ["人员", pid(dt.date(1975, 5, 5), 77), "2000", "2500", "2026-10-23"],  # line 6: so, under the threshold
        *([f"人员{i}", number, f"{5000 + i}", f"{100 + i}", "2026-10-24"] for i, number in enumerate(others)),
    ]
    return rows


def _assert_only_the_bad_row_refused(record, people) -> None:
    assert (record.status, record.rows_read, record.rows_error) == ("done", 13, 2)
    assert (record.rows_matched, record.rows_unmatched) == (3, 8)
    assert error_reasons(record) == {5: REASON, 6: SMALL}
    alerted = Alert.objects.filter(upload=record)
    assert list(alerted.values_list("member_id", flat=True)) == [people["li"].pk]  # none for zhang's 25,000
    assert record.alerts_raised == 1


@pytest.mark.parametrize("triaged", [True, False], ids=["triaged", "cleaned-whole"])
def test_a_csv_row_whose_out_of_pocket_exceeds_its_total_is_an_error_row_and_the_others_are_ingested(
    people, clerks, monkeypatch, triaged
):
    kept = []
    stage_kept = triage.stage_kept
    monkeypatch.setattr(triage, "stage_kept", lambda cursor, raw: (kept.append(raw), stage_kept(cursor, raw)))
    if not triaged:
        monkeypatch.setattr(triage, "applies", lambda *_: False)

    record = ingest(clerks["medical_insurance"], CODE, csv_file(_rows(people), header=header_of(CODE)))

    assert bool(kept) is triaged  # the clean file took the triage (or, patched, the whole cleaning)
    _assert_only_the_bad_row_refused(record, people)


def test_an_xlsx_row_whose_out_of_pocket_exceeds_its_total_is_an_error_row_and_the_others_are_ingested(people, clerks):
    rows = _rows(people)
    rows[3][2:4] = [20000, 25000]  # numbers, as Excel keeps them
    record = ingest(clerks["medical_insurance"], CODE, xlsx_file(rows, header=header_of(CODE), title="医保数据"))

    assert (record.rows_read, record.rows_error) == (13, 2)
    assert error_reasons(record) == {6: REASON, 7: SMALL}  # below the title and the header
    assert list(Alert.objects.filter(upload=record).values_list("member_id", flat=True)) == [people["li"].pk]


def test_equal_amounts_are_accepted(people, clerks):
    rows = _rows(people)
    rows[3][2:4] = ["25000", "25000.00"]
    rows[4][2:4] = ["2500.00", "2500"]

    record = ingest(clerks["medical_insurance"], CODE, csv_file(rows, header=header_of(CODE)))

    assert (record.rows_read, record.rows_error, record.alerts_raised) == (13, 0, 2)
    assert Alert.objects.filter(upload=record, member=people["zhang"]).exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_empty_total_is_accepted_and_the_rural_feed_checks_too(people, clerks, kind):
    code = "medical-cost-rural"  # 姓名, 身份证号, 累计医疗总费用, 累计个人自付费用 (alert above 20,000 元)
    zhang, li = people["zhang"], people["li"]
    rows = [
        [zhang.name, zhang.id_number, "", "25000"],  # no 总费用: nothing to compare, an alert
        [li.name, li.id_number, "20000", "25000"],  # line 3: 自付 above 总费用
    ]
    upload = (csv_file if kind == "csv" else xlsx_file)(rows, header=header_of(code))

    record = ingest(clerks["medical_insurance"], code, upload)

    assert (record.rows_read, record.rows_error, record.alerts_raised) == (2, 1, 1)
    assert error_reasons(record) == {3: REASON}
    assert Alert.objects.get(upload=record).member == zhang


def test_a_file_without_the_total_column_is_not_checked(people, clerks):
    zhang = people["zhang"]
    rows = [[zhang.name, zhang.id_number, "25000"]]

    record = ingest(clerks["medical_insurance"], CODE, csv_file(rows, header=["姓名", "身份证号", "累计个人自付费用"]))

    assert (record.rows_read, record.rows_error, record.alerts_raised) == (1, 0, 1)


def test_the_check_is_configured_on_both_medical_feeds_and_shown_on_the_feed_types_page(clerks, login):
    for code in ("medical-cost-monitored", "medical-cost-rural"):
        assert feed(code).columns.get(key="out_of_pocket").not_above == "total"

    page = login(clerks["medical_insurance"]).get("/alerts/feeds/").content.decode()

    assert "<th>数据检查</th>" in page
    assert page.count("不得大于“累计医疗总费用”（两列都填写时检查，大于的行为错误行）") == 2
    api = login(clerks["medical_insurance"]).get("/api/v1/feed-types/").json()
    column = next(c for f in api if f["code"] == CODE for c in f["columns"] if c["key"] == "out_of_pocket")
    assert column["not_above"] == "total"


def test_the_configuration_site_sets_the_check_only_between_two_amount_columns(personas, login):
    client = login(personas.system_admin)
    one = feed("medical-cost-rural")  # 姓名, 身份证号, 累计医疗总费用 (total), 累计个人自付费用 (out_of_pocket)
    url = f"/admin/alerts/feedtype/{one.pk}/change/"
    cases = [
        ({"columns-0-not_above": "total"}, MSG_NOT_ABOVE_KIND.format(header="姓名")),
        ({"columns-3-not_above": "nosuch"}, MSG_NOT_ABOVE_COLUMN.format(header="累计个人自付费用", key="nosuch")),
        ({"columns-3-not_above": "name"}, MSG_NOT_ABOVE_COLUMN.format(header="累计个人自付费用", key="name")),
    ]
    for overrides, message in cases:
        page = client.post(url, admin_data(one, **overrides)).content.decode()
        assert message in page, overrides
    assert feed("medical-cost-rural").columns.get(key="out_of_pocket").not_above == "total"

    assert client.post(url, admin_data(one, **{"columns-3-not_above": ""})).status_code == 302

    assert feed("medical-cost-rural").columns.get(key="out_of_pocket").not_above == ""
    event = AuditEvent.objects.get(action="alerts.feed_type_save")
    assert any("不得大于 total" in c for c in event.before["columns"])


def test_the_check_names_another_amount_column_of_the_feed():
    columns = {c.key: {"kind": c.kind, "header": c.header} for c in feed(CODE).columns.all()}
    own = {"key": "out_of_pocket", "header": "累计个人自付费用", "kind": "amount"}

    assert not_above_errors({**own, "not_above": "total"}, columns) == {}
    assert "另一个金额列" in not_above_errors({**own, "not_above": "settled_on"}, columns)["not_above"]
    assert "另一个金额列" in not_above_errors({**own, "not_above": "out_of_pocket"}, columns)["not_above"]
    assert "另一个金额列" in not_above_errors({**own, "not_above": "missing"}, columns)["not_above"]
    dated = {"key": "settled_on", "header": "结算日期", "kind": "date", "not_above": "total"}
    assert "只有金额列" in not_above_errors(dated, columns)["not_above"]
    assert FeedColumn._meta.get_field("not_above").verbose_name == "不得大于的列"


def test_the_template_explains_the_check():
    notes = openpyxl.load_workbook(io.BytesIO(template_workbook(feed(CODE))))["填写说明"]
    explained = {row[0]: row[3] for row in notes.iter_rows(min_row=2, max_row=6, values_only=True)}

    assert "不得大于“累计医疗总费用”" in explained["累计个人自付费用"]
    assert "不得大于" not in explained["累计医疗总费用"]
