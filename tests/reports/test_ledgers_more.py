"""The case and campaign ledgers: columns and row counts against the fixtures, scope, the summary table."""

import datetime as dt

import pytest

from reports.ledgers.households import UNAPPROVED
from tests.reports.conftest import download, ledger_table, read_xlsx, summary_blocks
from workflow.selectors_township_summary import TITLE as SUMMARY_TITLE

pytestmark = pytest.mark.django_db

SUMMARY_HEADER = 3  # title, filter line, 单位（盖章） line
SUMMARY_HEADERS = ["单位", "问题类型", "", "共排查问题数", "已整改数", "正在整改数", "拟识别监测对象", ""]


def rows_of(client, code, **filters):
    rows = read_xlsx(download(client.post("/reports/export/", {"ledger": code, **filters})))
    return ledger_table(rows)


def test_the_risk_elimination_ledger_lists_approved_exits_with_the_former_category(personas, cases, login):
    header, rows = rows_of(login(personas.county_officer), "risk_elimination")

    assert header[:6] == ["乡镇", "村", "户编号", "户主姓名", "户主身份证号", "原监测对象类别"]
    assert len(rows) == 1
    assert rows[0][3] == "孙八" and rows[0][5] == "边缘易致贫户" and rows[0][10] == 39 and rows[0][11] == "否"


def test_the_open_case_ledger_puts_overdue_cases_first_and_the_overdue_ledger_only_those(personas, cases, login):
    client = login(personas.county_officer)

    _, open_rows = rows_of(client, "open_cases")
    _, overdue_rows = rows_of(client, "overdue_cases")

    assert [row[3] for row in open_rows] == ["王五", "赵六"]
    assert open_rows[0][9] == "村级公示" and open_rows[0][11] == 20 and open_rows[0][13] == "是"
    assert open_rows[1][4] == "风险再标注" and open_rows[1][13] == "否"
    assert [row[3] for row in overdue_rows] == ["王五"]


def test_case_ledgers_keep_to_the_users_township(personas, cases, login, county):
    client = login(personas.township)

    _, exits = rows_of(client, "risk_elimination")
    _, open_rows = rows_of(client, "open_cases")

    assert [row[3] for row in exits] == ["孙八"]  # 城北村 is in 涂埠镇
    assert {row[0] for row in open_rows} == {"涂埠镇"}


def test_the_household_problem_ledger_follows_attachment_3(personas, problems, login):
    header, rows = rows_of(login(personas.county_officer), "household_problems")

    assert header[:6] == ["排查名称", "乡镇", "村", "户编号", "户主姓名", "户类型"]
    assert header[6:] == [
        "问题类型",
        "具体问题",
        "整改措施",
        "责任人",
        "责任单位",
        "整改时限",
        "整改状态",
        "整改成效",
        "销号日期",
    ]
    assert [(row[4], row[6], row[12]) for row in rows] == [
        ("张三", "住房安全", "待整改"),
        ("'=1+1", "义务教育", "已整改"),
        ("钱七", "安全饮水", "整改中"),
    ]


def test_the_household_problem_ledger_reads_the_three_household_types_of_attachment_3(
    personas, problems, registry, login
):
    """附件3 户类型（脱贫户、边缘易致贫户、一般农户）: a1, an ordinary household monitored as 边缘易致贫户, reads
    边缘易致贫户 (not 一般农户); a2 is a 脱贫户; c1, an ordinary household of 突发严重困难户, reads 一般农户."""
    from households.choices import HouseholdType
    from households.models import Household

    Household.objects.filter(pk__in=[registry.a1.pk, registry.c1.pk]).update(household_type=HouseholdType.ORDINARY)

    _, rows = rows_of(login(personas.county_officer), "household_problems")

    assert [(row[4], row[5]) for row in rows] == [("张三", "边缘易致贫户"), ("'=1+1", "脱贫户"), ("钱七", "一般农户")]


def test_a_township_officer_sees_only_their_townships_problems(personas, problems, login):
    _, rows = rows_of(login(personas.township), "household_problems")
    _, area = rows_of(login(personas.township), "area_problems")

    assert [row[4] for row in rows] == ["张三", "'=1+1"]
    assert [(row[1], row[2], row[3]) for row in area] == [("村级层面", "城南村", "产业发展")]


def test_the_summary_table_counts_problems_per_township_and_type(personas, problems, login):
    rows = read_xlsx(
        download(login(personas.county_officer).post("/reports/export/", {"ledger": "rectification_summary"}))
    )

    units = summary_blocks(rows)
    assert list(units) == ["涂埠镇", "虬津镇", "合计"]
    town = units["涂埠镇"]
    assert town["住房安全"] == [1, 0, 1] and town["义务教育"] == [1, 1, 0] and town["产业发展"] == [1, 0, 1]
    assert town["小计"] == [3, 1, 2] and town["proposed"] == [1, 2]
    assert units["合计"]["合计"] == [4, 1, 3] and units["合计"]["proposed"] == [1, 2]


def test_a_township_officers_summary_is_village_by_village(personas, problems, login):
    rows = read_xlsx(download(login(personas.township).post("/reports/export/", {"ledger": "rectification_summary"})))

    assert list(summary_blocks(rows)) == ["城南村", "合计"]


def test_every_ledger_opens_in_libreoffice_with_its_title_and_headers(
    personas, cases, problems, registry, departments, login, tmp_path
):
    import csv
    import subprocess

    from households.models import Member
    from reports.ledgers import ledger_list
    from screening.models import ScreeningResult

    Member.objects.filter(household=registry.a1).update(labour_skill="ordinary")
    ScreeningResult.objects.create(
        household=registry.a3,
        region_path=registry.a3.region_path,
        status="hit",
        reasons=["最近一次走访发现：饮水安全无保障"],
        risk_types=["unsafe_water"],
        first_hit_on=dt.date(2026, 11, 2),
    )

    client = login(personas.county_officer)
    ledgers = ledger_list(actor=personas.county_officer)
    for ledger in ledgers:
        data = download(client.post("/reports/export/", {"ledger": ledger.code}))
        (tmp_path / f"{ledger.code}.xlsx").write_bytes(data)
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
         *[str(tmp_path / f"{ledger.code}.xlsx") for ledger in ledgers]],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    for ledger in ledgers:
        with (tmp_path / f"{ledger.code}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        # The 乡镇审核汇总名单 is titled as its printed page is (selectors_township_summary.TITLE), the others by name.
        title = SUMMARY_TITLE if ledger.code == "township_audit" else ledger.name
        assert rows[0][0] == f"永修县{title}", ledger.code
        if ledger.layout is not None:  # 附件4: the form's own two header rows
            assert rows[SUMMARY_HEADER][:8] == SUMMARY_HEADERS, ledger.code
            continue
        header, body = ledger_table(rows)
        assert header == ledger.headers, ledger.code
        assert len(body) >= 1, ledger.code


def test_the_labour_ledger_is_the_quarters_records_and_the_labourers_due_without_one(personas, departments, login):
    header, rows = rows_of(login(personas.county_officer), "labour_employment")
    _, township_rows = rows_of(login(personas.township), "labour_employment")
    year, number = departments.previous
    _, earlier = rows_of(login(personas.county_officer), "labour_employment", quarter=f"{year}Q{number}")

    assert header[7:] == [
        "姓名", "身份证号", "性别", "出生日期", "劳动技能", "登记情况", "是否务工就业", "务工地点",
        "本年务工时间（月）", "月均务工收入（元）", "公益性岗位", "备注",
    ]  # fmt: skip
    assert [(row[7], row[12], row[13], row[14], row[15], row[16], row[17], row[18]) for row in rows] == [
        ("张三", "已登记", "是", "省外", 9, 4200, "否", None),
        ("'=1+1", "未登记", None, None, None, None, None, None),
        ("王五", "未登记", None, None, None, None, None, None),
        ("赵六", "未登记", None, None, None, None, None, None),
        ("钱七", "已登记", "否", "未务工", 0, 0, "否", "在家照顾病人"),
    ]
    assert [(row[7], row[12]) for row in township_rows] == [
        ("张三", "已登记"), ("'=1+1", "未登记"), ("王五", "未登记"), ("赵六", "未登记"),
    ]  # fmt: skip
    assert [(row[7], row[12], row[14], row[17]) for row in earlier if row[12] == "已登记"] == [
        ("'=1+1", "已登记", "县内", "是")
    ]


def test_the_labour_ledger_file_names_its_quarter(personas, departments, login):
    client = login(personas.county_officer)
    year, number = departments.quarter
    before_year, before_number = departments.previous

    current = read_xlsx(download(client.post("/reports/export/", {"ledger": "labour_employment"})))
    earlier = read_xlsx(
        download(
            client.post(
                "/reports/export/", {"ledger": "labour_employment", "quarter": f"{before_year}Q{before_number}"}
            )
        )
    )
    other = read_xlsx(download(client.post("/reports/export/", {"ledger": "monitored_households"})))

    assert f"季度：{year}年第{number}季度" in current[1][0]
    assert f"季度：{before_year}年第{before_number}季度" in earlier[1][0]
    assert "季度" not in other[1][0]


def test_the_reports_page_says_how_many_should_be_registered_for_the_quarter(personas, departments, login):
    """Should be registered: the working-age heads of a1, a2, a3, b1 (涂埠镇) and c1 (虬津镇); this quarter's records:
    a1 and c1. The quarter before: a2 only."""
    year, number = departments.quarter
    before_year, before_number = departments.previous

    county = login(personas.county_officer).get("/reports/").content.decode()
    earlier = login(personas.county_officer).get(f"/reports/?quarter={before_year}Q{before_number}").content.decode()
    township = login(personas.township).get("/reports/").content.decode()

    assert (
        f"{year}年第{number}季度应登记 5 人，已登记 2 人。"
        "未登记的 3 人也列在台账中（登记情况为“未登记”），请在“帮扶措施 → 劳动力就业”中补登。"
    ) in county
    assert f"{before_year}年第{before_number}季度应登记 5 人，已登记 1 人。" in earlier
    assert f"{year}年第{number}季度应登记 4 人，已登记 1 人。" in township


def test_a_quarter_without_employment_records_lists_every_labourer_unregistered_and_says_where_to_generate_it(
    personas, registry, login
):
    client = login(personas.county_officer)

    header, rows = rows_of(client, "labour_employment")
    page = client.get("/reports/").content.decode()

    assert rows and {row[header.index("登记情况")] for row in rows} == {"未登记"}
    assert "还没有劳动力就业记录，台账中的劳动力均为“未登记”" in page and "帮扶措施 → 劳动力就业" in page
    assert 'href="/assistance/employment/?quarter=' in page


def test_the_household_ledger_shows_approved_unmarked_households_as_waiting_for_the_national_system(
    personas, cases, login
):
    from reports.models import ExportMark

    client = login(personas.county_officer)
    _, before = rows_of(client, "monitored_households")
    ExportMark.objects.create(
        case=cases.included, region_path=cases.included.region_path, marked_by=personas.county_officer
    )
    _, after = rows_of(client, "monitored_households")

    assert {row[4]: row[-1] for row in before}["钱七"] == "待标注"
    # Monitored without an approved case: nothing of it is on the 待国家系统标注清单, so it does not read 待标注.
    assert {row[4]: row[-1] for row in before}["张三"] == UNAPPROVED
    assert {row[4]: row[-1] for row in after}["钱七"] == "已标注"


def test_only_households_on_the_national_marking_list_read_waiting_for_marking(personas, cases, login):
    """One definition of 待标注: the households of the 待国家系统标注清单. A monitored household with no approved case
    (green channel, import) has nothing there to mark: it reads 未经本系统审批, or 已标注 if the go-live import says
    so — never 待标注, which nobody could ever clear, and never 无需标注."""
    from households.choices import NationalMarking
    from households.models import Household

    Household.objects.filter(pk=cases.fresh.household_id).update(national_marking=NationalMarking.MARKED)
    client = login(personas.county_officer)

    _, rows = rows_of(client, "monitored_households")
    _, listed = rows_of(client, "national_pending")
    marking = {row[4]: row[-1] for row in rows}

    waiting = {name for name, value in marking.items() if value == "待标注"}
    assert waiting == {row[4] for row in listed} & set(marking) == {"钱七"}  # 孙八 is listed for its exit
    assert marking == {"张三": UNAPPROVED, "'=1+1": UNAPPROVED, "赵六": "已标注", "钱七": "待标注"}
    assert "无需标注" not in marking.values()


def test_the_screening_result_ledger_lists_the_results_with_reasons_and_keeps_to_the_township(
    personas, registry, login
):
    from screening.models import ScreeningResult

    def result(household, status, reasons, risks):
        ScreeningResult.objects.create(
            household=household,
            region_path=household.region_path,
            status=status,
            reasons=reasons,
            risk_types=risks,
            first_hit_on=dt.date(2026, 11, 2),
        )

    income = "人均纯收入 5,000.00 元，低于 2026 年监测标准 7,300.00 元"
    result(registry.a3, "hit", [income, "最近一次走访发现：住房安全无保障"], ["low_income", "unsafe_housing"])
    result(registry.c1, "monitored", ["最近一次走访发现：饮水安全无保障"], ["unsafe_water"])

    header, rows = rows_of(login(personas.county_officer), "screening_results")
    _, township_rows = rows_of(login(personas.township), "screening_results")

    assert header[:4] == ["乡镇", "村", "户编号", "户主姓名"] and header[6:11] == [
        "处理状态", "当前仍命中", "首次命中日期", "命中原因", "风险类型"]  # fmt: skip
    assert [row[3] for row in rows] == ["王五", "钱七"]
    assert rows[0][6:8] == ["待处理", "是"]
    assert rows[0][9] == "人均纯收入 5,000.00 元，低于 2026 年监测标准 7,300.00 元；最近一次走访发现：住房安全无保障"
    assert rows[0][10] == "人均纯收入低于监测范围、唯一住房存在安全问题"
    assert [row[3] for row in township_rows] == ["王五"]
