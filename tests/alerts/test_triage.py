"""The triage of a clean file (alerts.ingest.triage): it keeps every row the cleaning has something to say about,
and an upload triaged gives what the same upload cleaned row by row gives: counts, reasons, alerts, persons not
in the registry."""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from alerts.ingest import reading, staging, triage
from alerts.ingest.layout import feed_layout
from alerts.models import Alert, UnregisteredPerson
from alerts.presets import TEMPLATE_EXAMPLE_IDS
from households import idnumber
from tests.alerts.conftest import TODAY, bad_check, error_reasons, feed, header_of, ingest, pid
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
CODE = "medical-cost-monitored"  # 姓名, 身份证号, 累计医疗总费用, 累计个人自付费用 (rule: > 10,000 元), 结算日期
THRESHOLD = 10_000


class _Rollback(Exception):
    pass


def _checked(first17: str) -> str:
    """An ID number whose check character is right, whatever its birth date (a wrong one is then the error)."""
    return first17 + idnumber.check_char(first17)


def _rows(numbers: list[str], rng: random.Random, n: int) -> list[list[str]]:
    """Clean records (every cell as the fast pattern takes it), most of them unremarkable; a few with each error
    the triage must see (自付 above 总费用 among them), a few over the threshold, some duplicated, some duplicated but
    for spaces."""
    unknown = [pid(dt.date(1980 + i % 30, 1 + i % 12, 1 + i % 28), 100 + i) for i in range(40)]
    odd_ids = [bad_check(pid(dt.date(1986, 6, 6), 42)), "36042519800101X011", "360425198002300011",
               "360425203001010011", "XXXXXXXXXXXXXXXXXX", *map(_checked, ["36042519000229001", "36042518991231001",
               "36042520000229001", "36042520230229001", "36042519001301001", "36042519000100001",
               f"360425{TODAY:%Y%m%d}001", f"360425{TODAY + dt.timedelta(days=1):%Y%m%d}001"])]  # fmt: skip
    odd_dates = ["2026-02-30", "2100-02-29", "1899-12-31", "2026-13-01", "2026-11-04", "2026-00-10", "2024-02-29",
                 "2023-02-29", "2026-11-03", "1900-01-01"]  # fmt: skip
    rows = []
    for i in range(n):
        roll = rng.random()
        row = [
            rng.choice(["张大山", "李秀英", "王五"]),
            rng.choice(numbers + unknown),
            f"{rng.randrange(0, 900_000) / 100:.2f}",
            rng.choice(["0", "0.5", "12.50", "000000001", "9999.99", "10000", "731"]),
            (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))).isoformat(),
        ]
        if roll < 0.03:
            row[3] = rng.choice(["10000.01", "25000", "999999999.99", "000010001"])
        elif roll < 0.05:
            row[1] = rng.choice(odd_ids)
        elif roll < 0.07:
            row[4] = rng.choice(odd_dates)
        elif roll < 0.09:
            row[0] = rng.choice(["", "   ", " 王五", "张" * 51, "张" * 50])
        # 总费用 at least 自付 (not above 999,999,999.99, the clean pattern's largest amount), but for a few rows whose
        # 自付 exceeds it (an error row, FeedColumn.not_above), some of those under the threshold.
        own = Decimal(row[3])
        row[2] = str(min(own + Decimal(row[2]), Decimal("999999999.99")))
        if 0.09 <= roll < 0.11 and own > 0:
            row[2] = rng.choice(["0", str(own - Decimal("0.01")), "0.25"])
        rows.append(row)
        if i % 25 == 0:
            rows.append(list(row))  # a duplicate
        elif i % 25 == 1:
            rows.append([f" {row[0]} ", *row[1:]])  # the same once trimmed
    return rows


@pytest.fixture
def numbers(people, county):
    household = people["zhang"].household
    extra = [
        MemberFactory(household=household, relation="child", id_number=pid(dt.date(1990, 1, 1 + i), 30 + i))
        for i in range(20)
    ]
    return [m.id_number for m in [*people.values(), *extra]]


def _data(numbers: list[str], seed: int = 1, n: int = 800) -> bytes:
    rows = _rows(numbers, random.Random(seed), n)
    header = header_of(CODE)
    return "".join(",".join(row) + "\r\n" for row in [header, *rows]).encode("gbk")


def _build(data: bytes, *, triage_rows: bool, code: str = CODE) -> tuple[staging.Counts, dict[int, dict], bool]:
    layout = feed_layout(feed(code))
    with connection.cursor() as cursor:
        staged = reading.stage_file(cursor, io.BytesIO(data), "feed.csv", layout, lambda *_: None)
        counts = staging.build_rows(
            cursor, layout, staged.columns, len(staged.header), scope="360425", today=TODAY,
            clean=staged.clean, triage_rows=triage_rows,
        )  # fmt: skip
        cursor.execute("SELECT * FROM feed_rows ORDER BY line")
        names = [c.name for c in cursor.description]
        rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
        cursor.execute("SELECT to_regclass('pg_temp.feed_triage') IS NOT NULL")
        triaged = cursor.fetchone()[0]
        # The planner switches the kept rows' cleaning sets do not outlast it (the test runs in one transaction).
        cursor.execute("SELECT current_setting('enable_hashjoin'), current_setting('enable_hashagg')")
        assert cursor.fetchone() == ("on", "on")
        staging.drop(cursor)
    return counts, rows, triaged and staged.clean


def test_the_triage_keeps_every_row_with_an_error_a_rule_or_a_duplicate_exactly_as_the_cleaning_gives_it(numbers):
    data = _data(numbers)

    counts, kept, triaged = _build(data, triage_rows=True)
    all_counts, every, _ = _build(data, triage_rows=False)

    assert triaged
    assert counts == all_counts
    assert all_counts.rows_error and all_counts.rows_matched and all_counts.rows_unmatched
    assert len(kept) < len(every) / 3  # most rows were only counted
    assert all(row == every[line] for line, row in kept.items())
    needed = {line for line, row in every.items() if row["error"] or (row["out_of_pocket__num"] or 0) > THRESHOLD}
    assert needed <= set(kept)
    reasons = " ".join(row["error"] or "" for row in kept.values())
    reasons_of = (
        "校验位",
        "出生日期",
        "有效的日期",
        "晚于今天",
        "不能为空",
        "不能超过50个字",
        "重复行",
        "大于累计医疗总费用",
    )
    for reason in reasons_of:
        assert reason in reasons


def test_a_file_where_most_rows_matter_is_cleaned_whole(numbers, monkeypatch):
    monkeypatch.setattr(triage, "MAX_KEPT_SHARE", 0.01)
    data = _data(numbers)

    counts, rows, _ = _build(data, triage_rows=True)
    all_counts, every, _ = _build(data, triage_rows=False)

    assert (counts, rows) == (all_counts, every)


def _outcome(record) -> tuple:
    alerts = sorted(Alert.objects.filter(upload=record).values_list("line", "member_id", "rule_id", "detail"))
    persons = sorted(UnregisteredPerson.objects.filter(upload=record).values_list("line", "id_number", "detail"))
    counts = (record.rows_read, record.rows_error, record.rows_matched, record.rows_unmatched, record.alerts_raised)
    return record.status, counts, record.message, alerts, persons, error_reasons(record)


def test_an_upload_triaged_gives_the_alerts_persons_and_reasons_of_the_same_upload_cleaned_whole(
    numbers, clerks, monkeypatch
):
    data = _data(numbers, seed=2, n=1200)
    clerk = clerks["medical_insurance"]
    try:
        with transaction.atomic():
            triaged = _outcome(ingest(clerk, CODE, csv_file_bytes(data)))
            raise _Rollback
    except _Rollback:
        pass
    monkeypatch.setattr(triage, "applies", lambda *_: False)
    whole = _outcome(ingest(clerk, CODE, csv_file_bytes(data)))

    assert triaged == whole
    assert whole[3] and whole[4] and whole[5]  # alerts, unregistered persons and error rows, all compared


def test_a_rejected_row_of_a_repeated_person_is_left_out_alike_triaged_and_cleaned_whole(people, clerks, monkeypatch):
    # The warning of an ID number on several rows (alerts.ingest.file_repeats) and the alert's "本文件共N行" count
    # only the rows taken: a blank name and a duplicate row are rejected, triaged or cleaned whole.
    zhang, li = people["zhang"].id_number, people["li"].id_number
    rows = [
        ["张大山", zhang, "30000.00", "25000", "2026-10-01"],
        ["", zhang, "30000.00", "12000", "2026-10-02"],  # rejected: the only other row of zhang
        ["李秀英", li, "30000.00", "25000", "2026-10-01"],
        ["李秀英", li, "800.00", "500", "2026-10-03"],
        ["", li, "900.00", "600", "2026-10-04"],  # rejected
        ["李秀英", li, "30000.00", "25000", "2026-10-01"],  # a duplicate of line 4: rejected
    ]
    rows += [
        [f"人员{i}", pid(dt.date(1985, 1, 1) + dt.timedelta(days=i), 7), "100.00", "50", "2026-10-05"]
        for i in range(40)
    ]
    data = "".join(",".join(row) + "\r\n" for row in [header_of(CODE), *rows]).encode("gbk")
    clerk = clerks["medical_insurance"]

    assert _build(data, triage_rows=True)[2]
    triaged = _outcome_rolled_back(clerk, CODE, data)
    monkeypatch.setattr(triage, "applies", lambda *_: False)
    whole = _outcome_rolled_back(clerk, CODE, data)

    assert triaged == whole
    message, alerts = whole[2], {line: detail for line, _, _, detail in whole[3]}
    assert f"提示：有 1 个身份证号在本文件中出现在多行且内容不同（如 {li}：2行（第4、5行））" in message
    assert zhang not in message and sorted(whole[5]) == [3, 6, 7]
    assert alerts[4].startswith("本文件共2行报送此人；") and not alerts[2].startswith("本文件")


def csv_file_bytes(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("feed.csv", data, content_type="text/csv")


def _outcome_rolled_back(clerk, code: str, data: bytes) -> tuple:
    """The outcome of an upload, then undone: the next upload of a like file starts from the same registry."""
    try:
        with transaction.atomic():
            outcome = _outcome(ingest(clerk, code, csv_file_bytes(data)))
            raise _Rollback
    except _Rollback:
        pass
    return outcome


WRAPPED = ['="{}"', "'{}", "\t{}", "　{}　"]  # as department systems export ID numbers to keep them text in Excel


def test_id_numbers_wrapped_as_exports_write_them_are_cleaned_in_full_to_what_the_plain_file_gives(numbers, clerks):
    # The wrapped file is no clean file (not triaged): its rows reach the whole cleaning, which takes the wrapper
    # off; the plain file is triaged. Same counts, reasons (duplicates included), alerts and persons.
    plain = _data(numbers, seed=3, n=600)
    lines = plain.decode("gbk").split("\r\n")
    for i in range(1, len(lines) - 1, 7):
        cells = lines[i].split(",")
        cells[1] = WRAPPED[i % len(WRAPPED)].format(cells[1])
        lines[i] = ",".join(cells)
    wrapped = "\r\n".join(lines).encode("gbk")
    clerk = clerks["medical_insurance"]

    assert _build(plain, triage_rows=True)[2] and not _build(wrapped, triage_rows=True)[2]
    assert _outcome_rolled_back(clerk, CODE, wrapped) == _outcome_rolled_back(clerk, CODE, plain)


def _answers(numbers: list[str], rng: random.Random, n: int, *, aliases: bool) -> bytes:
    """A 未参保及累计医疗支出 file, most rows 已参保 under the threshold (only counted by the triage); some
    未参保 (an alert), some answered 是/否/参保/未参加 (with aliases; else their values), and duplicates of
    which one row has the alias and the other the value."""
    canonical = {"是": "已参保", "参保": "已参保", "已参加": "已参保", "否": "未参保", "未参加": "未参保"}
    rows = []
    for i in range(n):
        roll = rng.random()
        answer = "已参保" if roll > 0.12 else "未参保" if roll < 0.04 else rng.choice(list(canonical))
        row = [rng.choice(["张大山", "李秀英", "王五"]), rng.choice(numbers), answer, str(rng.randrange(100, 19_000))]
        rows.append(row)
        if i % 25 == 0:
            rows.append([*row[:2], canonical.get(row[2], "是" if row[2] == "已参保" else "否"), row[3]])
    if not aliases:
        rows = [[*row[:2], canonical.get(row[2], row[2]), row[3]] for row in rows]
    header = header_of("health-uninsured-cost")
    return "".join(",".join(row) + "\r\n" for row in [header, *rows]).encode("gbk")


def test_yes_no_answers_are_triaged_and_cleaned_to_what_the_columns_own_values_give(numbers, clerks, monkeypatch):
    code, clerk = "health-uninsured-cost", clerks["health"]
    answered = _answers(numbers, random.Random(4), 700, aliases=True)
    written = _answers(numbers, random.Random(4), 700, aliases=False)

    counts, kept, triaged = _build(answered, triage_rows=True, code=code)
    all_counts, every, _ = _build(answered, triage_rows=False, code=code)
    assert triaged and counts == all_counts and all(row == every[line] for line, row in kept.items())
    assert "重复行" in " ".join(row["error"] or "" for row in kept.values())

    outcome = _outcome_rolled_back(clerk, code, answered)
    assert outcome == _outcome_rolled_back(clerk, code, written)
    monkeypatch.setattr(triage, "applies", lambda *_: False)
    assert outcome == _outcome_rolled_back(clerk, code, answered)
    assert outcome[3] and outcome[5]  # alerts and duplicate rows, all compared


def test_a_templates_example_row_in_a_clean_file_is_kept_by_the_triage_and_refused(numbers, clerks, monkeypatch):
    lines = _data(numbers, seed=5, n=300).decode("gbk").split("\r\n")
    cells = lines[40].split(",")
    cells[1] = TEMPLATE_EXAMPLE_IDS[1]
    lines[40] = ",".join(cells)
    data = "\r\n".join(lines).encode("gbk")
    clerk = clerks["medical_insurance"]

    assert _build(data, triage_rows=True)[2]
    triaged = _outcome_rolled_back(clerk, CODE, data)
    monkeypatch.setattr(triage, "applies", lambda *_: False)
    assert triaged == _outcome_rolled_back(clerk, CODE, data)
    assert "模板中的填写示例" in triaged[5][41]
