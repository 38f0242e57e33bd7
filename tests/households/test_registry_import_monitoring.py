"""The go-live import keeps the national system's monitoring status: 监测对象类别, 纳入监测时间 and 风险类型."""

import datetime as dt
import io

import openpyxl
import pytest

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent
from households.registry_import.monitoring import (
    MSG_CATEGORY_REQUIRED,
    MSG_START_REQUIRED,
    parse_risks,
)
from households.registry_import.staging import (
    MONITORING_SOURCE,
    MSG_CATEGORY_DIFFERS,
    MSG_SIBLING,
    MSG_START_DIFFERS,
)
from households.selectors import household_list
from reports.ledgers.base import Filters
from reports.ledgers.households import household_rows
from tests.households.conftest import numbered
from tests.households.test_registry_import import (
    GROUP_A,
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def monitored_rows() -> list[list]:
    """M1 a lifted-out 脱贫不稳定户 (an Excel date cell, national risk codes, members repeating the household's
    columns); M2 an ordinary 边缘易致贫户 (short label, Chinese date, seed types separated by commas, members blank);
    M3 not monitored."""
    m1 = {CATEGORY: "脱贫不稳定户", START: dt.date(2023, 5, 6), RISKS: "因病、因安全住房"}
    return [
        member(hn("M1", GROUP_A), GROUP_A, "是", "张大山", pid(dt.date(1966, 4, 2), 11), "户主", **m1),
        member(hn("M1", GROUP_A), "", "否", "李秀英", pid(dt.date(1968, 8, 9), 12), "配偶", 户类型="", **m1),
        member(
            hn("M2"),
            VILLAGE_B,
            "是",
            "王五",
            pid(dt.date(1950, 6, 6), 21),
            "户主",
            户类型="一般农户",
            **{CATEGORY: "边缘易致贫", START: "2022年3月1日", RISKS: "人均纯收入低于监测范围,生产经营失败"},
        ),
        member(hn("M2"), "", "否", "王六", pid(dt.date(1952, 6, 6), 22), "配偶"),
        member(hn("M3"), VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "户主", 户类型="一般农户"),
    ]


def test_monitored_households_keep_their_category_start_and_risks_and_say_where_they_came_from(personas, county):
    record = run(personas.county_officer, xlsx_upload(monitored_rows()))

    assert (record.rows_bad, record.households_created) == (0, 3), record.message
    assert "新建农户 3 户（其中监测对象 2 户）" in record.message
    m1, m2, m3 = (Household.objects.get(number=n) for n in (hn("M1", GROUP_A), hn("M2"), hn("M3")))
    assert (m1.monitoring_category, m1.monitoring_start) == ("unstable", dt.date(2023, 5, 6))
    assert (m1.risk_types, m1.national_risk_types) == (["medical_cost", "unsafe_housing"], ["illness", "housing"])
    assert (m2.monitoring_category, m2.monitoring_start) == ("marginal", dt.date(2022, 3, 1))
    # Seed types alone: the national codes are left to the ledgers' default, as for records kept before them.
    assert (m2.risk_types, m2.national_risk_types) == (["low_income", "business_failure"], [])
    assert (m3.monitoring_category, m3.monitoring_start, m3.risk_types) == ("", None, [])
    # Marked in the national system already: the ledger says 已标注, not "not approved here".
    assert (m1.national_marking, m3.national_marking) == ("marked", "n_a")

    changes = {c["field"]: c for c in HouseholdEvent.objects.get(household=m1).changes}
    assert changes["monitoring_category"]["new"] == "脱贫不稳定户"
    assert changes["monitoring_start"]["new"] == "2023-05-06"
    assert changes["risk_types"]["new"] == "大病重病重残医疗支出大、唯一住房存在安全问题"
    assert changes["national_risk_types"]["new"] == "因病、因安全住房"
    assert changes["monitoring_source"]["new"] == MONITORING_SOURCE
    assert "registry_import" in changes
    plain = {c["field"] for c in HouseholdEvent.objects.get(household=m3).changes}
    assert plain == {"registry_import"}
    audit = AuditEvent.objects.get(action="registry.import")
    assert audit.after["monitored_households"] == 2 and "其中监测对象 2 户" in audit.summary


def test_imported_monitored_households_are_in_the_list_filter_and_the_monitoring_ledger(personas, county, login):
    run(personas.county_officer, xlsx_upload(monitored_rows()))
    actor = personas.county_officer

    monitored = household_list(actor=actor, filters={"monitored": "yes"})
    marginal = household_list(actor=actor, filters={"monitoring_category": "marginal"})
    by_risk = household_list(actor=actor, filters={"risk_type": "medical_cost"})
    ledger = {row[3]: row for row in household_rows(actor, Filters())}

    assert sorted(monitored.values_list("number", flat=True)) == [hn("M1", GROUP_A), hn("M2")]
    assert list(marginal.values_list("number", flat=True)) == [hn("M2")]
    assert list(by_risk.values_list("number", flat=True)) == [hn("M1", GROUP_A)]
    assert sorted(ledger) == [hn("M1", GROUP_A), hn("M2")]
    m1_row = ledger[hn("M1", GROUP_A)]
    assert (m1_row[9], m1_row[10], m1_row[-1]) == ("unstable", dt.date(2023, 5, 6), "marked")
    page = login(actor).get("/households/", {"monitored": "yes"}).content.decode()
    assert "张大山" in page and "王五" in page and "赵一" not in page


def test_each_wrong_monitoring_value_is_reported_with_its_row_and_column(personas, county):
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()

    def head(number: str, sequence: int, household_type: str = "一般农户", **monitoring: str) -> list:
        born = pid(dt.date(1970, 1, 1), sequence)
        return member(
            hn(number), VILLAGE_B, "是", numbered("户主", number), born, "户主", 户类型=household_type, **monitoring
        )

    rows = [
        head("E1", 101, **{CATEGORY: "重点监测户", START: "2023-01-01"}),  # row 2
        head("E2", 103, **{CATEGORY: "边缘易致贫户"}),  # row 3: no start
        head("E3", 105, **{START: "2023-01-01"}),  # row 4: no category
        head("E4", 107, **{CATEGORY: "边缘易致贫户", START: tomorrow}),  # row 5
        head("E5", 109, **{CATEGORY: "边缘易致贫户", START: "2019-12-31"}),  # row 6
        head("E6", 111, **{CATEGORY: "边缘易致贫户", START: "2023-02-30"}),  # row 7
        head("E7", 113, **{CATEGORY: "边缘易致贫户", START: "2023-01-01", RISKS: "因病、因穷"}),  # row 8
        head("E8", 115, "脱贫户", **{CATEGORY: "边缘易致贫户", START: "2023-01-01"}),  # row 9
        head("E9", 117, **{CATEGORY: "边缘易致贫户", START: "2023-01-01"}),  # row 10
        member(hn("E9"), "", "否", "成员", pid(dt.date(1972, 1, 1), 118), "配偶", **{CATEGORY: "突发严重困难户"}),
        head("EA", 119, **{CATEGORY: "边缘易致贫户", START: "2023-01-01"}),  # row 12
        member(hn("EA"), "", "否", "成员", pid(dt.date(1972, 1, 1), 120), "配偶", **{START: "2023-01-02"}),
    ]

    record = run(personas.county_officer, csv_upload(rows, title=False, encoding="utf-8"))

    assert (record.households_created, record.rows_bad) == (0, 12)
    _, reasons = error_sheet(record)
    assert reasons[2] == "监测对象类别：无法识别“重点监测户”，可填：脱贫不稳定户、边缘易致贫户、突发严重困难户"
    assert reasons[3] == f"纳入监测时间：{MSG_START_REQUIRED}"
    assert reasons[4] == f"监测对象类别：{MSG_CATEGORY_REQUIRED}"
    assert reasons[5] == f"纳入监测时间：{tomorrow} 晚于今天"
    assert reasons[6].startswith("纳入监测时间：2019-12-31 早于2020年")
    assert reasons[7] == "纳入监测时间：无法识别“2023-02-30”，应为日期，如 2023-05-06 或 2023年5月6日"
    assert reasons[8].startswith("风险类型：无法识别“因穷”，可填：因病、因残") and "其他风险" in reasons[8]
    assert reasons[9] == "监测对象类别：户类型为“脱贫户”的户不能是“边缘易致贫户”，可填：脱贫不稳定户、突发严重困难户"
    assert (reasons[10], reasons[11]) == (MSG_SIBLING, MSG_CATEGORY_DIFFERS)
    assert (reasons[12], reasons[13]) == (MSG_SIBLING, MSG_START_DIFFERS)


def test_a_re_import_does_not_overwrite_a_status_the_workflow_has_changed_since(personas, county):
    run(personas.county_officer, xlsx_upload(monitored_rows()))
    household = Household.objects.get(number=hn("M2"))
    # Since the import, the county approved its 风险消除 (workflow.services.outcomes): no longer monitored.
    Household.objects.filter(pk=household.pk).update(monitoring_category="")
    events = HouseholdEvent.objects.filter(household=household).count()

    again = run(personas.county_officer, csv_upload(monitored_rows()[2:4], title=False, name="again.csv"))

    household.refresh_from_db()
    # The same 户编号 and head's ID number: skipped as imported already, not an error, and left alone.
    assert (again.households_created, again.households_skipped, again.rows_bad) == (0, 1, 0)
    assert "已导入，跳过 1 户" in again.message and not again.error_file
    assert (household.monitoring_category, household.monitoring_start) == ("", dt.date(2022, 3, 1))
    assert HouseholdEvent.objects.filter(household=household).count() == events


def test_the_template_and_the_page_document_the_monitoring_columns(personas, county, login):
    client = login(personas.county_officer)

    template = openpyxl.load_workbook(io.BytesIO(client.get("/households/import/template/").content))
    page = client.get("/households/import/").content.decode()

    header = [c.value for c in template["农户档案"][1]]
    example = dict(zip(header, [c.value for c in template["农户档案"][2]], strict=True))
    assert header == HEADER and {CATEGORY, START, RISKS} <= set(header)
    assert (example[CATEGORY], example[START], example[RISKS]) == ("脱贫不稳定户", "2023-05-06", "因病")
    notes = " ".join(str(c.value) for row in template["填写说明"].iter_rows() for c in row if c.value)
    assert "风险消除" in notes and "边缘易致贫户" in notes
    assert "纳入监测时间" in page and "因安全住房" in page


def test_header_and_value_aliases_are_accepted(personas, county):
    header = [{CATEGORY: "监测类别", START: "纳入监测日期", RISKS: "风险类别"}.get(h, h) for h in HEADER]
    rows = [
        member(hn("A1"), VILLAGE_B, "是", "孙五", pid(dt.date(1961, 5, 5), 61), "户主", 户类型="一般农户",
               **{CATEGORY: "突发严重困难", START: "２０２４/７/１", RISKS: "因自然灾害；因意外事故"}),
    ]  # fmt: skip

    record = run(personas.county_officer, xlsx_upload(rows, header=header))

    household = Household.objects.get(number=hn("A1"))
    assert record.rows_bad == 0, record.message
    assert (household.monitoring_category, household.monitoring_start) == ("sudden_hardship", dt.date(2024, 7, 1))
    assert household.risk_types == ["disaster_loss"]
    assert household.national_risk_types == ["natural_disaster", "accident"]


def test_a_national_code_gives_a_seed_type_only_where_it_names_one():
    assert parse_risks("缺劳动力、因学") == ([], ["education", "lack_of_labour"], [])
    assert parse_risks("因残, 其他") == (["medical_cost", "other"], ["disability", "other"], [])
    assert parse_risks("唯一住房存在安全问题，因病") == (["medical_cost", "unsafe_housing"], ["illness", "housing"], [])
