"""The 走访台账 carries each visit's 录入时间 and whether it is 补录 (entered after its month ended; seed 003 §二1(7)
台账资料规范, 004 (五) 每月20日前录入): a back-dated visit that fills last month's shortfall is not shown as if
made on time. And the 应走访未走访 list's header says the period chosen, rather than "不选日期为本月1日至今" under
chosen dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from households.models import Visit
from reports.ledgers.visits import PERIOD_CHOSEN, PERIOD_CHOSEN_TO_TODAY, PERIOD_DEFAULT
from tests.clock import today
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx
from tests.reports.test_ledger_print import sheet_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def last_month_end() -> dt.date:
    return today().replace(day=1) - dt.timedelta(days=1)


def visit(household, day, visitor, entered: dt.datetime) -> Visit:
    return Visit.objects.create(
        household=household, region_path=household.region_path, visited_on=day, visitor=visitor, created_at=entered
    )


def test_the_visit_ledger_gives_the_entry_time_and_marks_a_late_entry(personas, registry, login):
    """a1's visit of last month's last day entered at 00:30 on the 1st (Shanghai; 16:30 UTC the day before): 补录.
    a2's of the same day entered at 23:30 that day: on time. a3's of today entered now: on time."""
    day = last_month_end()
    late = visit(
        registry.a1, day, personas.cadre_a, dt.datetime.combine(today().replace(day=1), dt.time(0, 30), SHANGHAI)
    )
    visit(registry.a2, day, personas.cadre_a, dt.datetime.combine(day, dt.time(23, 30), SHANGHAI))
    visit(registry.a3, today(), personas.cadre_a, dt.datetime.now(SHANGHAI))
    client = login(personas.county_officer)

    response = client.post("/reports/export/", {"ledger": "visits", "date_from": day.replace(day=1).isoformat()})
    data = download(response)
    rows = read_xlsx(data)

    header, body = ledger_table(rows)
    assert header[5:9] == ["走访日期", "录入时间", "补录", "走访人"]
    shown = {row[2]: row[6:8] for row in body}
    # A date-time cell (it sorts and filters), in the county's time, naive in the cell (review finding official 2).
    assert shown[registry.a1.number] == [dt.datetime.combine(today().replace(day=1), dt.time(0, 30)), "是"]
    assert shown[registry.a2.number] == [dt.datetime.combine(day, dt.time(23, 30)), "否"]
    assert shown[registry.a3.number][1] == "否"
    assert "补录（走访所在月份结束后才录入）1 次" in rows[1][0]
    assert late.entered_late is True
    entered = next(row for row in sheet_of(data).iter_rows() if row[3].value == registry.a1.number)[7]
    assert entered.number_format == "yyyy-mm-dd hh:mm" and isinstance(entered.value, dt.datetime)
    # As an office PC opens it: to the minute.
    opened_header, opened = ledger_table(libreoffice_csv(data))
    assert opened_header[5:9] == ["走访日期", "录入时间", "补录", "走访人"]
    assert {row[2]: row[6:8] for row in opened} == {
        registry.a1.number: [f"{today().replace(day=1):%Y-%m-%d} 00:30", "是"],
        registry.a2.number: [f"{day:%Y-%m-%d} 23:30", "否"],
        registry.a3.number: [f"{shown[registry.a3.number][0]:%Y-%m-%d %H:%M}", "否"],
    }


def unvisited_header(client, **filters) -> str:
    return read_xlsx(download(client.post("/reports/export/", {"ledger": "unvisited", **filters})))[1][0]


def test_the_unvisited_header_says_the_period_chosen(personas, registry, login):
    client = login(personas.county_officer)
    first = last_month_end().replace(day=1)

    chosen = unvisited_header(client, date_from=first.isoformat(), date_to=last_month_end().isoformat())
    to_today = unvisited_header(client, date_from=first.isoformat())
    default = unvisited_header(client)

    assert "不选日期为本月1日至今" not in chosen + to_today + default
    assert PERIOD_CHOSEN in chosen and PERIOD_DEFAULT not in chosen
    assert PERIOD_CHOSEN_TO_TODAY in to_today
    assert PERIOD_DEFAULT in default and PERIOD_CHOSEN not in default
