"""家庭成员变动台账: who entered or left which household in the period and region chosen, with the change, its 变动原因,
the other household of a move, the date and who recorded it; within the user's scope, ID numbers masked for a
read-only role, each export audited, listed on the reports page and in the API, and read by LibreOffice."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.choices import HouseholdType, LivingStatus, Relation
from households.services import moves
from households.services import registry as registry_services
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import member_row
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["乡镇", "村", "户编号", "户主姓名", "姓名", "身份证号", "与户主关系", "变动类型", "变动原因", "对方农户"]


@pytest.fixture
def changes(personas, county):
    """张大山户 (城南村) registered; its son moved into 王五户 (城北村); its head's wife died 10 days ago; 钱七户 of
    the other township registered."""
    a = registry_services.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
            member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
            member_row("张小明", Relation.SON, dt.date(1990, 9, 1), 33),
        ],
        household_type=HouseholdType.LIFTED_OUT,
    )
    b = registry_services.household_create(
        actor=personas.cadre_b,
        village=county.village_b,
        members=[member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)],
        household_type=HouseholdType.ORDINARY,
    )
    c = registry_services.household_create(
        actor=personas.county_officer,
        village=county.village_c,
        members=[member_row("钱七", Relation.HEAD, dt.date(1966, 2, 3), 57)],
        household_type=HouseholdType.ORDINARY,
    )
    moves.member_transfer(
        actor=personas.township, member=a.members.get(name="张小明"), target=b, relation=Relation.OTHER
    )
    died = today() - dt.timedelta(days=10)
    member_set_status(
        actor=personas.cadre_a, member=a.members.get(name="李秀英"), status=LivingStatus.DECEASED, on=died
    )
    return a, b, c, died


def export(client, **filters):
    return client.post("/reports/export/", {"ledger": "member_changes", **filters})


def table(data: bytes) -> tuple[list, list[list]]:
    return ledger_table(read_xlsx(data))


def named(header, rows):
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_ledger_lists_each_change_with_its_reason_date_and_recorder(changes, personas, login):
    a, b, _, died = changes
    personas.township.last_name, personas.township.first_name = "刘", "强"
    personas.township.save(update_fields=["last_name", "first_name"])

    data = download(export(login(personas.county_officer)))
    header, rows = table(data)

    assert header[: len(HEADERS)] == HEADERS and header[-3:] == ["变动日期", "登记人", "登记时间"]
    rows = named(header, rows)
    assert [(r["姓名"], r["变动类型"], r["变动原因"]) for r in rows] == [
        ("李秀英", "已故", "死亡"),  # ten days ago: the oldest first
        ("张大山", "新增", "新登记"),
        ("李秀英", "新增", "新登记"),
        ("张小明", "新增", "新登记"),
        ("张小明", "户间迁出", f"户间迁移（迁至农户{b.number}）"),
        ("王五", "新增", "新登记"),
        ("张小明", "户间迁入", f"户间迁移（由农户{a.number}迁入）"),
        ("钱七", "新增", "新登记"),
    ]
    moved_out, moved_in = rows[4], rows[6]
    assert (moved_out["户编号"], moved_out["村"], moved_out["乡镇"], moved_out["对方农户"]) == (
        a.number,
        "城南村",
        "涂埠镇",
        b.number,
    )
    assert (moved_in["户编号"], moved_in["村"], moved_in["对方农户"]) == (b.number, "城北村", a.number)
    assert moved_in["登记人"] == "刘强" and rows[0]["登记人"] == personas.cadre_a.username
    assert rows[0]["变动日期"].date() == died and rows[1]["变动日期"].date() == today()
    assert rows[1]["身份证号"] == a.members.get(name="张大山").id_number
    assert AuditEvent.objects.filter(
        action="reports.ledger_export", actor=personas.county_officer, summary__contains="家庭成员变动台账"
    ).exists()
    csv_header, csv_rows = ledger_table(libreoffice_csv(data))
    assert csv_header[: len(HEADERS)] == HEADERS
    assert [row[csv_header.index("变动原因")] for row in csv_rows][4] == f"户间迁移（迁至农户{b.number}）"


def test_the_date_range_region_and_scope_narrow_it(changes, personas, county, login):
    *_, died = changes
    client = login(personas.county_officer)

    _, dated = table(download(export(client, date_from=died.isoformat(), date_to=died.isoformat())))
    _, village = table(download(export(client, region=county.village_b.code)))
    _, township = table(download(export(login(personas.township))))
    _, cadre = table(download(export(login(personas.cadre_a))))

    assert [(r[4], r[7]) for r in dated] == [("李秀英", "已故")]
    assert [(r[4], r[7]) for r in village] == [("王五", "新增"), ("张小明", "户间迁入")]
    assert "钱七" not in {r[4] for r in township} and len(township) == 7
    # A village cadre downloads its own village's changes, the move out of it included.
    assert [(r[4], r[7]) for r in cadre] == [
        ("李秀英", "已故"),
        ("张大山", "新增"),
        ("李秀英", "新增"),
        ("张小明", "新增"),
        ("张小明", "户间迁出"),
    ]
    assert export(login(personas.township), region=county.village_c.code).status_code == 400


def test_a_read_only_official_reads_id_numbers_masked(changes, personas, login):
    a, *_ = changes
    number = a.members.get(name="张大山").id_number

    header, rows = table(download(export(login(personas.official))))

    shown = named(header, rows)[1]["身份证号"]
    assert shown == number[:4] + "*" * 10 + number[-4:]


def test_the_ledger_is_offered_on_the_reports_page_and_in_the_api(changes, personas, login):
    page = login(personas.official).get("/reports/").content.decode()
    listed = login(personas.county_officer).get("/api/v1/reports/ledgers/").json()

    assert "家庭成员变动台账" in page and "变动日期" in page
    codes = [item["code"] for item in (listed["results"] if isinstance(listed, dict) else listed)]
    assert "member_changes" in codes
