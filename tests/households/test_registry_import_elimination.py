"""The go-live import keeps the national system's 风险消除 mark: 风险是否消除 and 风险消除时间 (seed 003 §二2(2): a
household marked 风险消除 whose risk returns is re-marked, not identified anew)."""

import datetime as dt
import io

import openpyxl
import pytest

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent
from households.registry_import.monitoring import (
    MSG_ELIMINATED_ON_REQUIRED,
    MSG_ELIMINATED_REQUIRED,
)
from households.registry_import.staging import (
    ELIMINATED_SOURCE,
    MSG_ELIMINATED_DIFFERS,
    MSG_ELIMINATED_ON_DIFFERS,
    MSG_SIBLING,
)
from households.selectors import household_list
from tests.households.conftest import numbered
from tests.households.test_registry_import import (
    HEADER,
    VILLAGE_B,
    csv_upload,
    error_sheet,
    hn,
    member,
    pid,
    run,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

CATEGORY, START, RISKS = "监测对象类别", "纳入监测时间", "风险类型"
ELIMINATED, ELIMINATED_ON = "风险是否消除", "风险消除时间"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def head(number: str, sequence: int, household_type: str = "一般农户", **columns) -> list:
    born = pid(dt.date(1970, 1, 1), sequence)
    return member(hn(number), VILLAGE_B, "是", numbered("户主", number), born, "户主", 户类型=household_type, **columns)


def test_a_household_marked_eliminated_comes_unmonitored_with_its_date_and_its_former_category_in_history(
    personas, county
):
    rows = [
        head("R1", 11, **{CATEGORY: "边缘易致贫户", START: "2022-05-01", RISKS: "因病",
                          ELIMINATED: "是", ELIMINATED_ON: dt.date(2024, 3, 1)}),
        member(hn("R1"), "", "否", "成员", pid(dt.date(1972, 1, 1), 12), "配偶", **{ELIMINATED: "是"}),
        head("R2", 13, **{CATEGORY: "边缘易致贫户", START: "2023-01-01", ELIMINATED: "否"}),
        head("R3", 15, **{ELIMINATED: "是", ELIMINATED_ON: "2023年7月1日"}),  # the former category not known
    ]  # fmt: skip

    record = run(personas.county_officer, xlsx_upload(rows))

    assert (record.rows_bad, record.households_created) == (0, 3), record.message
    assert "（其中监测对象 1 户，已标注“风险消除” 2 户）" in record.message
    r1, r2, r3 = (Household.objects.get(number=n) for n in (hn("R1"), hn("R2"), hn("R3")))
    # As an exit approved here leaves a household: no category, its start and risks kept, the day of 风险消除.
    assert (r1.monitoring_category, r1.monitoring_start, r1.risk_eliminated_on) == (
        "",
        dt.date(2022, 5, 1),
        dt.date(2024, 3, 1),
    )
    assert r1.risk_types == ["medical_cost"] and r1.national_marking == "marked"
    assert (r2.monitoring_category, r2.risk_eliminated_on) == ("marginal", None)
    assert (r3.monitoring_category, r3.monitoring_start, r3.risk_eliminated_on) == ("", None, dt.date(2023, 7, 1))

    changes = {c["field"]: c for c in HouseholdEvent.objects.get(household=r1).changes}
    assert (changes["monitoring_category"]["old"], changes["monitoring_category"]["new"]) == ("边缘易致贫户", "")
    assert changes["monitoring_start"]["new"] == "2022-05-01"
    assert (changes["risk_eliminated_on"]["label"], changes["risk_eliminated_on"]["new"]) == (
        "风险消除时间",
        "2024-03-01",
    )
    assert changes["monitoring_source"]["new"] == ELIMINATED_SOURCE
    plain = {c["field"] for c in HouseholdEvent.objects.get(household=r3).changes}
    assert plain == {"registry_import", "risk_eliminated_on", "monitoring_source"}
    audit = AuditEvent.objects.get(action="registry.import")
    assert (audit.after["monitored_households"], audit.after["eliminated_households"]) == (1, 2)

    monitored = household_list(actor=personas.county_officer, filters={"monitored": "yes"})
    assert list(monitored.values_list("number", flat=True)) == [hn("R2")]


def test_each_wrong_elimination_value_is_reported_with_its_row_and_column(personas, county):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    rows = [
        head("F1", 101, **{ELIMINATED: "是"}),  # row 2: no date
        head("F2", 103, **{ELIMINATED: "否", ELIMINATED_ON: "2024-03-01"}),  # row 3
        head("F3", 105, **{ELIMINATED_ON: "2024-03-01"}),  # row 4: 风险是否消除 blank
        head("F4", 107, **{CATEGORY: "边缘易致贫户", START: "2023-05-06", ELIMINATED: "是",
                           ELIMINATED_ON: "2023-05-05"}),  # row 5: before the inclusion
        head("F5", 109, **{ELIMINATED: "是", ELIMINATED_ON: tomorrow}),  # row 6
        head("F6", 111, **{ELIMINATED: "大概", ELIMINATED_ON: "2024-03-01"}),  # row 7
        head("F7", 113, **{ELIMINATED: "是", ELIMINATED_ON: "2024-02-30"}),  # row 8
        head("F8", 115, **{ELIMINATED: "是", ELIMINATED_ON: "2024-03-01"}),  # row 9
        member(hn("F8"), "", "否", "成员", pid(dt.date(1972, 1, 1), 116), "配偶", **{ELIMINATED: "否"}),
        head("F9", 117, **{ELIMINATED: "是", ELIMINATED_ON: "2024-03-01"}),  # row 11
        member(hn("F9"), "", "否", "成员", pid(dt.date(1972, 1, 1), 118), "配偶", **{ELIMINATED_ON: "2024-03-02"}),
    ]  # fmt: skip

    record = run(personas.county_officer, csv_upload(rows, title=False, encoding="utf-8"))

    assert (record.households_created, record.rows_bad) == (0, 11)
    assert not Household.objects.exists()
    _, reasons = error_sheet(record)
    assert reasons[2] == f"风险消除时间：{MSG_ELIMINATED_ON_REQUIRED}"
    assert reasons[3] == f"风险是否消除：{MSG_ELIMINATED_REQUIRED}"
    assert reasons[4] == f"风险是否消除：{MSG_ELIMINATED_REQUIRED}"
    assert reasons[5] == "风险消除时间：2023-05-05 早于纳入监测时间 2023-05-06"
    assert reasons[6] == f"风险消除时间：{tomorrow} 晚于今天"
    assert reasons[7] == "风险是否消除：应填“是”或“否”，不能是“大概”"
    assert reasons[8] == "风险消除时间：无法识别“2024-02-30”，应为日期，如 2023-05-06 或 2023年5月6日"
    assert (reasons[9], reasons[10]) == (MSG_SIBLING, MSG_ELIMINATED_DIFFERS)
    assert (reasons[11], reasons[12]) == (MSG_SIBLING, MSG_ELIMINATED_ON_DIFFERS)


def test_header_and_value_aliases_of_the_elimination_columns_are_accepted(personas, county):
    header = [{ELIMINATED: "是否风险消除", ELIMINATED_ON: "风险消除日期"}.get(h, h) for h in HEADER]
    rows = [
        head("A1", 61, **{ELIMINATED: "已消除", ELIMINATED_ON: "２０２４/３/１"}),
        head("A2", 63, **{ELIMINATED: "未消除"}),
    ]

    record = run(personas.county_officer, xlsx_upload(rows, header=header))

    assert record.rows_bad == 0, record.message
    assert Household.objects.get(number=hn("A1")).risk_eliminated_on == dt.date(2024, 3, 1)
    assert Household.objects.get(number=hn("A2")).risk_eliminated_on is None


def test_the_template_the_page_the_household_page_and_the_api_show_the_elimination(personas, county, login):
    client = login(personas.county_officer)
    run(personas.county_officer, xlsx_upload([head("P1", 71, **{ELIMINATED: "是", ELIMINATED_ON: "2024-03-01"})]))
    household = Household.objects.get(number=hn("P1"))

    template = openpyxl.load_workbook(io.BytesIO(client.get("/households/import/template/").content))
    columns = client.get("/households/import/").content.decode()
    page = client.get(f"/households/{household.pk}/").content.decode()
    api = client.get(f"/api/v1/households/{household.pk}/").json()

    header = [c.value for c in template["农户档案"][1]]
    assert {ELIMINATED, ELIMINATED_ON} <= set(header)
    notes = " ".join(str(c.value) for row in template["填写说明"].iter_rows() for c in row if c.value)
    assert "风险再标注" in notes and ELIMINATED_ON in notes
    assert ELIMINATED in columns and ELIMINATED_ON in columns
    assert "风险消除时间 2024-03-01" in page
    assert api["risk_eliminated_on"] == "2024-03-01"
    cadre = login(personas.cadre_b)
    changed = cadre.patch(
        f"/api/v1/households/{household.pk}/", {"risk_eliminated_on": None}, content_type="application/json"
    )
    # Read-only (set by cases and the import alone): refused, naming the field, rather than silently dropped.
    assert changed.status_code == 400 and "risk_eliminated_on" in changed.json(), changed.content.decode()[:500]
    household.refresh_from_db()
    assert household.risk_eliminated_on == dt.date(2024, 3, 1)
