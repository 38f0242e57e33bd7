"""Ingestion of department feeds: reading, checks, matching, rules and deduplication."""

import datetime as dt

import pytest

from alerts.choices import UploadStatus
from alerts.models import Alert, FeedType, UnregisteredPerson
from households.registry_import.rows import MSG_NUMERIC_CODE
from tests.alerts.conftest import (
    FULL_WIDTH,
    TODAY,
    bad_check,
    csv_file,
    error_reasons,
    header_of,
    ingest,
    pid,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

TITLE = "涞源县卫生健康局未参保及高额医疗支出人员名单（2026年10月）"


def uninsured_rows(people) -> list[list]:
    stranger = pid(dt.date(1980, 1, 1), 71)
    return [
        # row 3: insured, spending above 20,000 → the spending rule
        ["张大山", people["zhang"].id_number.translate(FULL_WIDTH), "已参保", "35,000.50元"],
        # row 4: not insured, small spending → the uninsured rule; lower-case x handled (no x here: plain)
        ["李秀英", people["li"].id_number.lower(), "未参保", "1200"],
        # row 5: nothing to alert
        ["王五", people["wang"].id_number, "已参保", "300"],
        # row 6: not in the registry but meets a rule → listed for the county
        ["陌生人", stranger, "未参保", "0"],
        # row 7: bad check digit
        ["错号", bad_check(pid(dt.date(1981, 1, 1), 73)), "未参保", "10"],
        # row 8: amount not a number
        ["张大山", people["zhang"].id_number, "已参保", "两万"],
        # row 9: a value that is not one of the choices
        ["王五", people["wang"].id_number, "参保了", "10"],
        # row 10: an exact duplicate of row 3
        ["张大山", people["zhang"].id_number.translate(FULL_WIDTH), "已参保", "35,000.50元"],
    ]


def test_a_gbk_csv_with_a_title_row_raises_alerts_and_lists_bad_rows_with_chinese_reasons(clerks, people):
    upload = csv_file(uninsured_rows(people), header=header_of("health-uninsured-cost"), title=TITLE)

    record = ingest(clerks["health"], "health-uninsured-cost", upload)

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_valid, record.rows_error) == (8, 4, 4)
    assert (record.rows_matched, record.rows_unmatched, record.alerts_raised) == (3, 1, 2)
    alerts = {a.person_name: a for a in Alert.objects.all()}
    assert set(alerts) == {"张大山", "李秀英"}
    assert alerts["张大山"].rule.code == "spending" and "35,000.50" in alerts["张大山"].detail
    assert alerts["李秀英"].rule.code == "uninsured"
    assert alerts["张大山"].line == 3 and alerts["张大山"].period_key == "2026-10"
    assert alerts["张大山"].region_path == people["zhang"].household.region_path
    assert alerts["张大山"].due_on == TODAY + dt.timedelta(days=7)  # the ordinary feeds' 7 (alerts.presets)
    assert list(UnregisteredPerson.objects.values_list("person_name", "line")) == [("陌生人", 6)]
    reasons = error_reasons(record)
    assert sorted(reasons) == [7, 8, 9, 10]
    assert reasons[7] == "身份证号：身份证号校验位不正确，请核对后重新输入"
    assert reasons[8].startswith("当年累计医疗支出：“两万”不是有效的金额")
    assert reasons[9] == (
        "参保状态：无法识别“参保了”，可填：已参保（或 是、参保、已参加、参加）、未参保（或 否、不参保、未参加、不参加）"
    )
    assert reasons[10] == "与第3行完全相同（重复行，无需再次上传）"


def test_an_xlsx_with_a_merged_title_row_gives_the_same_result(clerks, people):
    upload = xlsx_file(uninsured_rows(people), header=header_of("health-uninsured-cost"), title=TITLE)

    record = ingest(clerks["health"], "health-uninsured-cost", upload)

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_error, record.alerts_raised) == (8, 4, 2)
    assert sorted(error_reasons(record)) == [7, 8, 9, 10]


def test_alerts_are_deduplicated_within_a_period_and_not_raised_again_while_pending(clerks, people):
    header = header_of("health-uninsured-cost")
    zhang = ["张大山", people["zhang"].id_number, "未参保", "100"]

    first = ingest(clerks["health"], "health-uninsured-cost", csv_file([zhang], header=header), dt.date(2026, 11, 3))
    corrected = ingest(
        clerks["health"],
        "health-uninsured-cost",
        csv_file([zhang, ["王五", people["wang"].id_number, "已参保", "1"]], header=header, name="更正.csv"),
        dt.date(2026, 11, 4),
    )
    next_month = ingest(
        clerks["health"],
        "health-uninsured-cost",
        csv_file([zhang, ["李秀英", people["li"].id_number, "已参保", "1"]], header=header, name="十一月.csv"),
        dt.date(2026, 12, 2),
    )

    assert (first.period_key, corrected.period_key, next_month.period_key) == ("2026-10", "2026-10", "2026-11")
    assert (first.alerts_raised, corrected.alerts_raised, corrected.alerts_repeated) == (1, 0, 1)
    # 张大山's October alert is still pending: November's file names him again but raises nothing new
    # (tests/alerts/test_repeats.py has the rest of the rule).
    assert (next_month.alerts_raised, next_month.alerts_repeated) == (0, 1)
    assert list(Alert.objects.order_by("period_key").values_list("period_key", "upload_id")) == [("2026-10", first.pk)]


def test_a_late_monthly_upload_is_marked_late(clerks, people):
    # Reporting since October: November is due (a period due before the start is never late: counts_as_due).
    FeedType.objects.filter(code="health-uninsured-cost").update(active_since=dt.date(2026, 10, 1))
    header = header_of("health-uninsured-cost")
    on_time = ingest(
        clerks["health"],
        "health-uninsured-cost",
        csv_file([["张大山", people["zhang"].id_number, "未参保", "1"]], header=header),
        dt.date(2026, 11, 5),
    )
    late = ingest(
        clerks["health"],
        "health-uninsured-cost",
        csv_file([["王五", people["wang"].id_number, "未参保", "1"]], header=header),
        dt.date(2026, 12, 9),
    )

    assert (on_time.on_time, on_time.deadline) == (True, dt.date(2026, 11, 5))
    assert (late.on_time, late.period_label) == (False, "2026年11月")


def test_an_xlsx_with_numbers_blank_rows_and_line_breaks_keeps_excel_row_numbers_and_cell_text(clerks, people):
    rows = [
        # row 3: a tab, a line break and a backslash in the cells, a date cell
        ["张大山", people["zhang"].id_number, "某\t平台", "因病\n求助\\困难", dt.date(2026, 10, 8)],
        # row 4: blank
        [None, None, None, None, None],
        # row 5: numbers where text is expected
        ["王五", people["wang"].id_number, 123, 45.5, "2026-10-09"],
        # row 6: an ID number typed as a number: Excel has already lost its last digits
        ["李秀英", int(people["li"].id_number), "某报", "困难", "2026-10-10"],
    ]
    upload = xlsx_file(rows, header=header_of("cyberspace-media"), title="网信办 2026年10月")

    record = ingest(clerks["cyberspace"], "cyberspace-media", upload)

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_error, record.alerts_raised) == (3, 1, 2)
    alerts = {a.person_name: a for a in Alert.objects.all()}
    assert (alerts["张大山"].line, alerts["王五"].line) == (3, 5)
    assert "报道平台：某\t平台" in alerts["张大山"].detail and "因病\n求助\\困难" in alerts["张大山"].detail
    assert "报道平台：123；困难情况：45.5" in alerts["王五"].detail
    assert error_reasons(record) == {6: f"身份证号：{MSG_NUMERIC_CODE}"}


def test_a_person_not_in_the_registry_is_listed_once_with_the_first_rule_that_fires(clerks, people):
    header = header_of("health-uninsured-cost")
    rows = [
        ["甲", pid(dt.date(1970, 1, 1), 81), "未参保", "25000"],  # both rules: the first (uninsured) names it
        ["乙", pid(dt.date(1971, 1, 1), 82), "已参保", "25000"],  # the spending rule only
        ["丙", pid(dt.date(1972, 1, 1), 83), "未参保", "10"],  # the uninsured rule only
        ["丁", pid(dt.date(1973, 1, 1), 84), "已参保", "10"],  # no rule: not listed
    ]

    record = ingest(clerks["health"], "health-uninsured-cost", csv_file(rows, header=header))

    assert record.status == UploadStatus.DONE, record.message
    listed = list(UnregisteredPerson.objects.order_by("line").values_list("line", "person_name", "detail"))
    assert [(line, name) for line, name, _ in listed] == [(2, "甲"), (3, "乙"), (4, "丙")]
    assert listed[0][2].startswith("未参加城乡居民医疗保险：")
    assert listed[1][2].startswith("当年度截至上月底累计支出超过20000元：")
    assert listed[2][2].startswith("未参加城乡居民医疗保险：")
