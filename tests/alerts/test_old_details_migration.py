"""Migration 0015 (review alertsdev, leftover 1): alerts and 未在档人员 stored before the ingestion quoted cleaned
dates and amounts get the detail a new upload of the same row gets; nothing else in a detail changes."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alerts.models import Alert, UnregisteredEntry, UnregisteredPerson
from tests.alerts.conftest import csv_file, header_of, ingest, pid
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("alerts.migrations.0015_normalise_old_alert_details")
CODE = "emergency-disaster"  # 姓名, 身份证号, 灾害类型, 发生日期, 损失金额 (optional); every row is an alert
RULE = "遭受灾害、疫情等突发事件"
# (发生日期, 损失金额) as departments write them; all of them valid, so each row raised an alert then and now.
CELLS = [
    ("２０２６-１０-２４", "２５,０００元"),
    ("20261023", "￥30000.5"),
    ("2026/10/21", "12,345.60"),
    ("2026年10月22日", "８０００．５"),
    ("2026.9.1", "1 000"),
    (" 2026/1/5 ", " 3000元 "),
    ("2026-10-01 08:30:00", "8000"),
    ("2026-10-05T00:00:00", ""),  # an XLSX date cell as the reader wrote it; no amount
    ("2026-9-3", "¥1,000.00"),
    ("2026-10-01", "0.5"),  # already plain
]
UNREGISTERED = ("2026/10/20", "5,000元")


def run_migration():
    """The migration's function with the models as they stand before it (historical models, as migrate runs it)."""
    state = MigrationExecutor(connection).loader.project_state(("alerts", "0014_repeat_quiet_case_ended"))
    migration.forwards(state.apps, None)


def old_detail(day: str, amount: str) -> str:
    """The detail as the ingestion wrote it before: the cells trimmed of spaces, otherwise as written."""
    parts = [f"{RULE}：灾害类型：洪涝", f"发生日期：{day.strip(' ')}"]
    if amount.strip(" "):
        parts.append(f"损失金额：{amount.strip(' ')}")
    return "；".join(parts)


@pytest.fixture
def sent(clerks, people):
    """The file sent now: what the ingestion writes today for each line."""
    household = people["zhang"].household
    members = [
        MemberFactory(
            household=household, name=f"成员{i}", relation="child", id_number=pid(dt.date(1990, 1, 1 + i), 61)
        )
        for i in range(len(CELLS))
    ]
    rows = [[m.name, m.id_number, "洪涝", day, amount] for m, (day, amount) in zip(members, CELLS, strict=True)]
    rows.append(["未在档", pid(dt.date(1980, 1, 1), 31), "洪涝", *UNREGISTERED])
    record = ingest(clerks["emergency"], CODE, csv_file(rows, header=header_of(CODE), encoding="utf-8"))
    assert (record.rows_error, record.alerts_raised) == (0, len(CELLS)), record.message
    return record


def test_alerts_stored_with_the_cells_as_written_get_the_detail_a_new_upload_writes(sent):
    new = dict(Alert.objects.values_list("line", "detail"))
    for line, (day, amount) in enumerate(CELLS, start=2):
        Alert.objects.filter(upload=sent, line=line).update(detail=old_detail(day, amount))
    before = dict(Alert.objects.values_list("line", "detail"))
    assert before[2] == f"{RULE}：灾害类型：洪涝；发生日期：２０２６-１０-２４；损失金额：２５,０００元"
    assert sum(before[line] != new[line] for line in new) == len(CELLS) - 1  # all but the plain one

    run_migration()

    assert dict(Alert.objects.values_list("line", "detail")) == new
    assert new[2] == f"{RULE}：灾害类型：洪涝；发生日期：2026-10-24；损失金额：25000"
    assert new[9] == f"{RULE}：灾害类型：洪涝；发生日期：2026-10-05"


def test_an_unregistered_persons_row_and_entry_get_it_too(sent):
    person, entry = UnregisteredPerson.objects.get(), UnregisteredEntry.objects.get()
    new = person.detail
    assert new == f"{RULE}：灾害类型：洪涝；发生日期：2026-10-20；损失金额：5000" and entry.detail == new
    UnregisteredPerson.objects.update(detail=old_detail(*UNREGISTERED))
    UnregisteredEntry.objects.update(detail=old_detail(*UNREGISTERED))

    run_migration()

    assert UnregisteredPerson.objects.get().detail == new and UnregisteredEntry.objects.get().detail == new


def test_run_twice_it_is_run_once_and_reversing_it_changes_nothing(sent):
    Alert.objects.filter(line=2).update(detail=old_detail(*CELLS[0]))

    run_migration()
    once = dict(Alert.objects.values_list("pk", "detail"))
    run_migration()

    assert dict(Alert.objects.values_list("pk", "detail")) == once
    operation = migration.Migration.operations[0]
    assert operation.reversible and operation.reverse_code is operation.noop


KINDS = {"发生日期": "date", "损失金额": "amount", "确诊日期": "date", "累计支出": "amount"}


@pytest.mark.parametrize(
    "detail",
    [
        "年度累计个人自付医疗费用超过阈值：个人自付费用 25,000.00 元（阈值 20,000.00 元）",  # amount_above: formatted
        "未参保人员：参保状态为未参保",  # value_in
        f"{RULE}：灾害类型：洪涝；发生日期：46086",  # an Excel serial is no date to the ingestion either
        f"{RULE}：灾害类型：洪涝；发生日期：2026/2/30；损失金额：两万",  # no real day, no amount: as written
        f"{RULE}：灾害类型：2026/10/1；出院日期：2026/10/1",  # not a date column of the feed
        "",
    ],
)
def test_what_the_ingestion_does_not_clean_stays_as_it_is(detail):
    assert migration.normalise_detail(detail, KINDS) == detail


def test_a_detail_cut_at_300_characters_keeps_its_last_value():
    head = f"新增大病患者：疾病名称：{'病' * 260}；确诊日期：2026/3/5；累计支出：1,"
    cut = (head + "2" * 300)[:300]

    fixed = migration.normalise_detail(cut, KINDS)

    # The date is cleaned; the amount, maybe cut short, is not (and the two characters the date gained push the
    # detail past 300: it is cut as the ingestion cuts it).
    assert fixed == (head.replace("2026/3/5", "2026-03-05") + "2" * (300 - len(head)))[:300]
    assert "累计支出：1,2222" in fixed and len(fixed) == 300
    long = f"新增大病患者：疾病名称：{'病' * 273}；确诊日期：2026/3/5"
    assert len(long) == 299 and migration.normalise_detail(long, KINDS) == long[:291] + "2026-03-0"
