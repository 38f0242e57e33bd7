"""Review feeds, 2–7: a period before the feed type's start is not counted (上线前，不计); progress is live while a file
is staged and in the later steps; an ID number on many rows of one file is a warning; the error workbook keeps an
XLSX's long number and a negative amount as the clerk's sheet shows them; the header message names the headers it did
not recognise, and 身份证 is one it does; the 未在档人员 ledger says 档案中已登记为已故; the API takes status=all."""

import datetime as dt

import openpyxl
import pytest

from alerts.choices import AlertStatus
from alerts.ingest import progress, raising, reading
from alerts.ingest import services as ingest_services
from alerts.models import Alert, FeedType, FeedUpload
from alerts.selectors import punctuality_table
from tests.alerts.conftest import csv_file, error_reasons, header_of, ingest, pid, xlsx_file

pytestmark = pytest.mark.django_db
MONTHLY = "health-uninsured-cost"  # by the 5th; a clean file is triaged
ILLNESS = "health-serious-illness"  # a rule on every row: the whole cleaning
POLICE = "police-casualty"


# --- 2. a period before the feed type's start ----------------------------------------------------------------


def test_an_upload_for_a_period_due_before_the_feed_started_is_neither_on_time_nor_late(clerks, people, login):
    FeedType.objects.filter(code=MONTHLY).update(active_since=dt.date(2026, 10, 6))
    row = [people["zhang"].name, people["zhang"].id_number, "未参保", "0"]

    record = ingest(clerks["health"], MONTHLY, csv_file([row], header=header_of(MONTHLY)), today=dt.date(2026, 10, 8))

    assert record.period_label.startswith("2026年9月") and record.deadline == dt.date(2026, 10, 5)
    assert record.on_time is None
    client = login(clerks["health"])
    detail = client.get(f"/alerts/uploads/{record.pk}/").content.decode()
    listing = client.get("/alerts/uploads/").content.decode()
    assert "上线前，不计" in detail and "按时</span>" not in detail
    assert "上线前，不计" in listing
    api = client.get(f"/api/v1/feed-uploads/{record.pk}/").json()
    assert api["on_time"] is None and api["on_time_reason"].startswith("上线前，不计：该期截止日期（2026-10-05）")
    table = punctuality_table(
        actor=clerks["health"], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31), today=dt.date(2026, 11, 1)
    )
    row = next(r for r in table if r.feed_type is not None and r.feed_type.code == MONTHLY)
    assert (row.expected, row.on_time, row.late) == (0, 0, 0)


def test_an_upload_by_the_deadline_of_a_period_due_after_the_start_is_still_on_time(clerks, people):
    FeedType.objects.filter(code=MONTHLY).update(active_since=dt.date(2026, 10, 1))
    row = [people["zhang"].name, people["zhang"].id_number, "未参保", "0"]

    record = ingest(clerks["health"], MONTHLY, csv_file([row], header=header_of(MONTHLY)), today=dt.date(2026, 10, 4))

    assert record.on_time is True and record.on_time_reason == ""


# --- 3. live progress ----------------------------------------------------------------------------------------


def test_the_page_sees_rows_read_per_piece_while_staging_and_the_step_inside_the_final_transaction(
    clerks, people, login, monkeypatch
):
    monkeypatch.setattr(reading, "CHUNK", 4096)  # a few KB a piece, as 8 MB of a large file
    monkeypatch.setattr(reading.totals, "TAIL_BYTES", 512, raising=False)
    rows = [[f"人员{chr(0x4E00 + i % 500)}", pid(dt.date(1970, 1, 1) + dt.timedelta(days=i), 1), "未参保", "0"]
            for i in range(600)]  # fmt: skip
    record = ingest_services.feed_upload_create(
        actor=clerks["health"],
        feed_type=FeedType.objects.get(code=MONTHLY),
        upload=csv_file(rows, header=header_of(MONTHLY)),
        enqueue=False,
    )
    client = login(clerks["health"])
    reported: list[tuple[str, int, int | None]] = []
    seen: list[str] = []
    report = progress.report

    def spy(upload_id, step, fraction=0.0, rows=None):
        report(upload_id, step, fraction, rows)
        reported.append((step, fraction, rows))

    def raise_and_look(*args, **kwargs):
        seen.append(client.get(f"/alerts/uploads/{record.pk}/progress/").content.decode())
        return raise_alerts(*args, **kwargs)

    raise_alerts = raising.raise_alerts
    monkeypatch.setattr(progress, "report", spy)
    monkeypatch.setattr(raising, "raise_alerts", raise_and_look)

    ingest_services.feed_upload_run(upload_id=record.pk)

    reading_rows = [rows for step, _, rows in reported if step == progress.READING and rows]
    assert len(reading_rows) >= 3 and reading_rows == sorted(reading_rows) and reading_rows[0] < 600
    assert [step for step, *_ in reported].index(progress.CHECKING) > 0
    assert "生成预警" in seen[0] and "已读 600 行" in seen[0] and 'aria-valuenow="80"' in seen[0]
    assert FeedUpload.objects.get(pk=record.pk).progress == 100


# --- 4. one ID number on many rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [MONTHLY, ILLNESS])
def test_an_id_number_on_several_rows_with_different_details_is_a_warning_and_the_alert_counts_them(
    clerks, people, code
):
    zhang, li = people["zhang"], people["li"]
    if code == MONTHLY:  # the triage keeps only the rows that fire
        rows = [[zhang.name, zhang.id_number, "已参保", str(1000 * n)] for n in (1, 2, 25, 3)]
        rows += [[f"人员{i}", pid(dt.date(1980, 1, 1 + i), 3), "已参保", "0"] for i in range(12)]
    else:
        rows = [
            [zhang.name, zhang.id_number, disease, "2026-10-20"] for disease in ("白血病", "肺癌", "尿毒症", "肝癌")
        ]
    rows.append([li.name, li.id_number, *(("未参保", "0") if code == MONTHLY else ("白血病", "2026-10-20"))])

    record = ingest(clerks["health"], code, csv_file(rows, header=header_of(code)))

    assert record.ids_repeated == 1 and record.rows_error == 0
    assert (
        f"提示：有 1 个身份证号在本文件中出现在多行且内容不同（如 {zhang.id_number}：4行（第2、3、4…行））"
        in record.message
    )
    alert = Alert.objects.filter(member=zhang).first()
    assert alert.detail.startswith("本文件共4行报送此人；")
    assert not Alert.objects.get(member=li).detail.startswith("本文件")


def test_identical_rows_are_duplicates_not_a_repeated_person(clerks, people):
    zhang = people["zhang"]
    rows = [[zhang.name, zhang.id_number, "未参保", "0"]] * 2

    record = ingest(clerks["health"], MONTHLY, csv_file(rows, header=header_of(MONTHLY)))

    assert record.ids_repeated == 0 and "提示：" not in record.message and record.rows_error == 1


# --- 5. the error workbook as the clerk's sheet ------------------------------------------------------------------


def test_the_error_workbook_keeps_a_long_number_as_excel_shows_it_and_a_negative_amount_as_written(clerks, people):
    zhang = people["zhang"]
    rows = [
        [zhang.name, 360425198112169984.0, "交通事故伤亡", "2026-10-10", ""],  # typed as a number: last digits gone
        [zhang.name, zhang.id_number, "交通事故伤亡", "2026-10-10", -30000],
        [zhang.name, zhang.id_number, "@SUM(1)", "2026-10-11", ""],
    ]

    record = ingest(clerks["public_security"], POLICE, xlsx_file(rows, header=header_of(POLICE)))

    sheet = openpyxl.load_workbook(record.error_file.path).active
    cells = {row[-2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[2][1] == "360425198112170000"
    assert "被 Excel 存成了数字，末几位已丢失" in error_reasons(record)[2]
    assert cells[3][4] == -30000  # the workbook's number cell, back as a number (not the text '-30000, review alrt 5)
    assert cells[4][2] == "'@SUM(1)"  # text that would start a formula is still neutralised


# --- 6. headers --------------------------------------------------------------------------------------------------


def test_the_header_message_names_the_headers_it_did_not_recognise(clerks, people):
    zhang = people["zhang"]
    upload = csv_file(
        [[zhang.name, zhang.id_number, "白血病", "2026-10-20"]], header=["姓名", "身份证", "病种", "诊断时间"]
    )

    record = ingest(clerks["health"], ILLNESS, upload)

    assert record.status == "failed"
    assert "表头缺少必需的列：确诊日期" in record.message and "未识别的列：诊断时间。" in record.message


def test_a_header_of_shenfenzheng_is_taken_as_the_id_number(clerks, people):
    zhang = people["zhang"]
    upload = csv_file(
        [[zhang.name, zhang.id_number, "白血病", "2026-10-20"]], header=["姓名", "身份证", "病种", "确诊日期"]
    )

    record = ingest(clerks["health"], ILLNESS, upload)

    assert (record.status, record.rows_matched, record.alerts_raised) == ("done", 1, 1), record.message


# --- 7. the ledger's registry note, the API's status=all ---------------------------------------------------------


def test_the_unregistered_ledger_says_the_registry_holds_the_person_as_deceased(
    clerks, county, people, personas, login
):
    from households.choices import LivingStatus
    from tests.factories import HouseholdFactory, MemberFactory
    from tests.reports.conftest import download, ledger_table, read_xlsx

    dead = MemberFactory(
        household=HouseholdFactory(village=county.village_a, head_name="苏大"),
        name="苏帆水",
        id_number=pid(dt.date(1960, 4, 18), 1),
        living_status=LivingStatus.DECEASED,
        status_changed_on=dt.date(2026, 10, 28),
    )
    upload = csv_file([[dead.name, dead.id_number, "已参保", "45000"]], header=header_of(MONTHLY))
    ingest(clerks["health"], MONTHLY, upload)

    response = login(personas.county_officer).post("/reports/export/", {"ledger": "unregistered_persons"})
    header, rows = ledger_table(read_xlsx(download(response)))

    assert header[-1] == "档案中的登记"
    assert rows[0][-1] == "档案中已登记为已故（2026-10-28，涂埠镇城南村）"


def test_the_alert_api_takes_status_all_as_the_page_does(clerks, people, personas, login):
    rows = [[people[k].name, people[k].id_number, "白血病", "2026-10-20"] for k in ("zhang", "li")]
    ingest(clerks["health"], ILLNESS, csv_file(rows, header=header_of(ILLNESS)))
    Alert.objects.filter(member=people["li"]).update(status=AlertStatus.VERIFIED, outcome="wrong_data")
    client = login(personas.county_officer)

    everything = client.get("/api/v1/alerts/?status=all")
    pending = client.get("/api/v1/alerts/?status=pending").json()

    assert everything.status_code == 200, everything.content.decode()
    assert everything.json()["count"] == 2 and pending["count"] == 1
