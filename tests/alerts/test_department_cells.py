"""Files as departments really send them: ID numbers wrapped to stay text in Excel, yes/no answers in a choice
column, data on a second sheet, dates and amounts in their own formats (quoted in the alerts as cleaned), and
the template that is meant to keep Excel from spoiling the cells in the first place."""

import datetime as dt
import importlib
import io

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from alerts.choices import UploadStatus
from alerts.ingest import reading
from alerts.ingest.cleaning import MSG_EXAMPLE_ROW, clean_records_pattern
from alerts.ingest.layout import feed_layout
from alerts.ingest.workbook import NOTE_EXAMPLE, TEXT_ROWS, template_workbook
from alerts.models import Alert, FeedType, UnregisteredPerson
from alerts.presets import EXAMPLE_ID, ITEM, OLD_ITEM, TEMPLATE_EXAMPLE_IDS
from households import idnumber
from tests.alerts.conftest import csv_file, error_reasons, feed, header_of, ingest, pid
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ILLNESS = "health-serious-illness"  # 姓名, 身份证号, 疾病名称, 确诊日期; every row is an alert
UNINSURED = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态 (已参保/未参保), 当年累计医疗支出


def _bytes_upload(lines: list[str], *, name: str = "feed.csv", encoding: str = "gbk") -> SimpleUploadedFile:
    """A CSV written as a department system writes it, not through the csv module (which would quote ="…")."""
    return SimpleUploadedFile(name, "".join(line + "\r\n" for line in lines).encode(encoding))


def _workbook(sheets: list[tuple[str, list[list]]], *, hidden: tuple[str, ...] = ()) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that starts with =, as a department's export has it (no formula)
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("feed.xlsx", buffer.getvalue())


@pytest.fixture
def four(people):
    """Four registered persons of one household (the people fixture's two, and two more)."""
    household = people["zhang"].household
    extra = [
        MemberFactory(household=household, name=name, relation="child", id_number=pid(dt.date(1995, 5, 5 + i), 51))
        for i, name in enumerate(["张小山", "张小海"])
    ]
    return [people["zhang"], people["li"], *extra]


# --- 7. ID numbers as department systems export them ---------------------------------------------------------

WRAPPED = [
    '="{}"',  # the =" … " a hospital system writes so that Excel keeps the number as text (COPY keeps =…)
    '"=""{}"""',  # the same, quoted as a CSV writer quotes it (the cell is ="…")
    "'{}",  # a leading apostrophe
    "\t{}",  # a tab, as a copy from a web page brings
    "　{}　",  # full-width spaces
    "\u00a0{} ",  # a no-break space before, a space after
]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_id_numbers_wrapped_to_stay_text_in_excel_are_read_as_the_number_within(clerks, four, encoding):
    lines = ["姓名,身份证号,疾病名称,确诊日期"]
    persons = [*four, *four[:2]]
    forms = [form for form in WRAPPED if encoding != "gbk" or "\u00a0" not in form]  # GBK has no no-break space
    for form, person, day in zip(forms, persons, range(1, 7), strict=False):
        lines.append(f"{person.name},{form.format(person.id_number)},白血病,2026-10-{day:02d}")

    record = ingest(clerks["health"], ILLNESS, _bytes_upload(lines, encoding=encoding))

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_error, record.rows_matched) == (len(forms), 0, len(forms))
    assert sorted(Alert.objects.values_list("id_number", flat=True)) == sorted(p.id_number for p in four)


def test_a_wrapped_id_number_that_is_wrong_gets_the_reason_the_plain_one_gets(clerks, people):
    wrong = people["zhang"].id_number[:17] + ("0" if people["zhang"].id_number[17] != "0" else "1")
    lines = ["姓名,身份证号,疾病名称,确诊日期", f"张大山,{wrong},白血病,2026-10-01"]
    lines += [f"张大山,{form.format(wrong)},白血病,2026-10-0{i + 2}" for i, form in enumerate(WRAPPED)]
    lines += ['李秀英,="",白血病,2026-10-09', "李秀英,\t,白血病,2026-10-09"]

    reasons = error_reasons(ingest(clerks["health"], ILLNESS, _bytes_upload(lines, encoding="utf-8")))

    assert {reasons[line] for line in range(2, 9)} == {"身份证号：身份证号校验位不正确，请核对后重新输入"}
    assert reasons[9] == reasons[10] == "身份证号：不能为空"


def test_an_xlsx_with_wrapped_id_numbers_is_read_the_same(clerks, four):
    rows = [[p.name, form.format(p.id_number), "白血病", "2026-10-01"] for p, form in zip(four, WRAPPED, strict=False)]

    record = ingest(clerks["health"], ILLNESS, _workbook([("名单", [header_of(ILLNESS), *rows])]))

    assert (record.status, record.rows_read, record.rows_error, record.rows_matched) == (UploadStatus.DONE, 4, 0, 4)


@pytest.mark.parametrize("form", WRAPPED)
def test_a_wrapped_id_number_is_never_taken_for_a_clean_record(people, form):
    # The clean-records pattern lets a file skip the per-row checks: a wrapped number must be cleaned in full.
    layout = feed_layout(feed(ILLNESS))
    columns = {"name": 0, "id_number": 1, "disease": 2, "diagnosed_on": 3}
    pattern = clean_records_pattern(layout, columns, 4)
    plain = f"张大山,{people['zhang'].id_number},白血病,2026-10-01\r\n"
    wrapped = f"张大山,{form.format(people['zhang'].id_number)},白血病,2026-10-01\r\n"

    assert pattern.fullmatch(plain.encode())
    assert not pattern.fullmatch(wrapped.encode())
    data = f"姓名,身份证号,疾病名称,确诊日期\r\n{plain}{wrapped}".encode()
    with connection.cursor() as cursor:
        staged = reading.stage_file(cursor, io.BytesIO(data), "feed.csv", layout, lambda *_: None)
        cursor.execute("SELECT count(*) FROM feed_raw")
        assert cursor.fetchone()[0] == 2
    assert not staged.clean


# --- 8. a yes/no header answered 是/否 -------------------------------------------------------------------------


def test_a_yes_no_header_is_answered_with_yes_or_no_and_the_answers_count_as_the_columns_values(clerks, four):
    header = ["姓名", "身份证号", "是否参保", "当年累计医疗支出"]
    answers = ["是", "否", "未参加", "参保"]
    rows = [[p.name, p.id_number, answer, "100"] for p, answer in zip(four, answers, strict=True)]

    record = ingest(clerks["health"], UNINSURED, csv_file(rows, header=header))

    assert (record.status, record.rows_read, record.rows_error) == (UploadStatus.DONE, 4, 0), record.message
    assert sorted(Alert.objects.values_list("person_name", "detail")) == [
        (four[2].name, "未参加城乡居民医疗保险：参保状态为未参保"),
        ("李秀英", "未参加城乡居民医疗保险：参保状态为未参保"),
    ]


def test_an_answer_the_column_does_not_know_is_refused_naming_every_accepted_one(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "不清楚", "100"]]

    reasons = error_reasons(ingest(clerks["health"], UNINSURED, csv_file(rows, header=header_of(UNINSURED))))

    assert reasons[2] == (
        "参保状态：无法识别“不清楚”，可填：已参保（或 是、参保、已参加、参加）、未参保（或 否、不参保、未参加、不参加）"
    )


def test_the_template_notes_say_a_yes_no_column_takes_yes_and_no():
    notes = openpyxl.load_workbook(io.BytesIO(template_workbook(feed(UNINSURED))))["填写说明"]
    explained = {row[0]: row[3] for row in notes.iter_rows(min_row=2, max_row=5, values_only=True)}

    assert "可填：已参保（或 是、参保、已参加、参加）、未参保（或 否" in explained["参保状态"]


# --- 11. the data on another sheet -----------------------------------------------------------------------------


def test_an_xlsx_whose_data_is_on_the_second_sheet_is_read_from_there(clerks, four):
    data = [
        ["新增大病患者名单（2026年10月下半月）"],
        header_of(ILLNESS),
        [four[0].name, four[0].id_number, "白血病", "2026-10-20"],
        [four[1].name, four[1].id_number, "尿毒症", "2026-10-21"],
    ]
    # A hidden sheet is not read, even with the header: the clerk cannot see what it holds.
    hidden = [header_of(ILLNESS), [four[2].name, four[2].id_number, "白血病", "2026-10-20"]]
    upload = _workbook([("说明", [["本表由县卫健委报送。"]]), ("隐藏", hidden), ("10月下半月", data)], hidden=("隐藏",))

    record = ingest(clerks["health"], ILLNESS, upload)

    assert (record.status, record.rows_read, record.rows_matched) == (UploadStatus.DONE, 2, 2), record.message
    assert sorted(Alert.objects.values_list("line", flat=True)) == [3, 4]  # the rows as that sheet numbers them


def test_a_workbook_with_no_header_on_any_sheet_names_its_sheets(clerks, people):
    upload = _workbook([("说明", [["本表由县卫健委报送。"]]), ("Sheet2", [["序号", "名字"], [1, "张大山"]])])

    record = ingest(clerks["health"], ILLNESS, upload)

    assert record.status == UploadStatus.FAILED
    assert record.message.startswith("2个工作表（“说明”、“Sheet2”）的前5行中都没有找到表头。应有的列为：姓名、身份证号")


def test_a_sheet_missing_a_column_is_named_in_the_message(clerks, people):
    upload = _workbook([("说明", [["说明文字"]]), ("名单", [["姓名", "身份证号", "疾病名称"]])])

    record = ingest(clerks["health"], ILLNESS, upload)

    assert record.message.startswith("工作表“名单”：表头缺少必需的列：确诊日期")


# --- 13. the alert quotes the cleaned date and amount ------------------------------------------------------------


def test_the_alert_quotes_dates_written_any_way_as_yyyy_mm_dd(clerks, four):
    written = ["２０２６-１０-２４", "20261023", "2026/10/21", "2026年10月22日"]
    rows = [[p.name, p.id_number, "白血病", day] for p, day in zip(four, written, strict=True)]

    record = ingest(clerks["health"], ILLNESS, csv_file(rows, header=header_of(ILLNESS)))

    assert record.rows_error == 0, record.message
    assert sorted(Alert.objects.values_list("detail", flat=True)) == [
        f"新增大病患者：疾病名称：白血病；确诊日期：2026-10-{day}" for day in (21, 22, 23, 24)
    ]


def test_the_alert_quotes_an_amount_with_full_width_digits_and_separators_as_a_plain_number(clerks, four):
    rows = [
        [four[0].name, four[0].id_number, "洪涝", "2026-10-01", "２５,０００元"],
        [four[1].name, four[1].id_number, "洪涝", "2026-10-01", "￥30000.5"],
        [four[2].name, four[2].id_number, "洪涝", "2026-10-01", "两万"],  # no amount: quoted as written
    ]

    record = ingest(clerks["emergency"], "emergency-disaster", csv_file(rows, header=header_of("emergency-disaster")))

    assert sorted(Alert.objects.values_list("detail", flat=True)) == [
        "遭受灾害、疫情等突发事件：灾害类型：洪涝；发生日期：2026-10-01；损失金额：25000",
        "遭受灾害、疫情等突发事件：灾害类型：洪涝；发生日期：2026-10-01；损失金额：30000.5",
    ]
    assert error_reasons(record)[4].startswith("损失金额：“两万”不是有效的金额")


# --- 6. the template ---------------------------------------------------------------------------------------------


def test_the_template_formats_whole_id_and_date_columns_as_text_and_keeps_the_example_off_the_data_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(feed("health-sudden"))))
    data, notes = workbook.worksheets

    assert [c.value for c in data[1]] == header_of("health-sudden")  # 姓名, 身份证号, 事件类型, 发生日期
    assert data.max_row == 1 + TEXT_ROWS and all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    for letter in ("B", "D"):
        assert data.column_dimensions[letter].number_format == "@"
        assert {data[f"{letter}{row}"].number_format for row in range(2, TEXT_ROWS + 2)} == {"@"}
    assert data["A2"].number_format == "General"
    rows = [list(row) for row in notes.iter_rows(values_only=True)]
    example = rows[rows.index([NOTE_EXAMPLE, None, None, None]) + 2]
    assert example[:2] == ["张大山", EXAMPLE_ID]
    # A well-formed number (check digit right) that no person can have: 99 is no province (GB/T 2260).
    assert idnumber.parse(EXAMPLE_ID, known_region=False).number == EXAMPLE_ID
    assert EXAMPLE_ID[:2] not in idnumber.PROVINCE_CODES


def test_rows_typed_into_the_template_are_read_and_nothing_else(clerks, people):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(feed("health-sudden"))))
    sheet = workbook.worksheets[0]
    # Typed as a clerk types them: on the first rows below the ones holding anything (the header, and what else
    # the template puts there), over the cells formatted as text.
    free = 1 + max(cell.row for row in sheet.iter_rows() for cell in row if cell.value is not None)
    for row, person in enumerate([people["zhang"], people["wang"]], start=free):
        for column, value in enumerate([person.name, person.id_number, "传染病", "2026-10-08"], start=1):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    record = ingest(clerks["health"], "health-sudden", SimpleUploadedFile("sudden.xlsx", buffer.getvalue()))

    assert (record.status, record.rows_read, record.rows_error, record.alerts_raised) == (UploadStatus.DONE, 2, 0, 2)
    assert not UnregisteredPerson.objects.exists()


@pytest.mark.parametrize("example", TEMPLATE_EXAMPLE_IDS)
def test_a_templates_example_row_left_in_the_file_is_refused_not_listed_as_unregistered(clerks, people, example):
    rows = [["张大山", example, "传染病", "2026-10-08"], ["王五", people["wang"].id_number, "传染病", "2026-10-08"]]

    record = ingest(clerks["health"], "health-sudden", csv_file(rows, header=header_of("health-sudden")))

    assert error_reasons(record) == {2: f"身份证号：{MSG_EXAMPLE_ROW}"}
    assert (record.rows_read, record.rows_error, record.alerts_raised) == (2, 1, 1)
    assert not UnregisteredPerson.objects.exists()


# --- 15. the basis text ------------------------------------------------------------------------------------------


def test_the_feed_types_cite_the_countys_screening_document_not_another_countys():
    for code in ("health-sudden", "medical-cost-monitored", "rural-petition"):
        assert feed(code).seed_item.startswith(ITEM)
    assert "涞源" not in ITEM
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(feed("health-sudden"))))
    texts = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
    assert f"依据：{ITEM}①" in texts
    assert not [text for text in texts if "涞源" in text or "130630" in text]


def test_the_migration_rewrites_the_seeded_basis_and_leaves_a_countys_own():
    migration = importlib.import_module("alerts.migrations.0011_generic_feed_basis")
    seeded, own = feed("health-sudden"), feed("rural-petition")
    FeedType.objects.filter(pk=seeded.pk).update(seed_item=f"{OLD_ITEM}①")
    FeedType.objects.filter(pk=own.pk).update(seed_item="永修县防返贫办〔2023〕5号")

    migration.forwards(django_apps, None)

    assert feed("health-sudden").seed_item == f"{ITEM}①"
    assert feed("rural-petition").seed_item == "永修县防返贫办〔2023〕5号"
