"""A department clerk's and a township officer's review (findings 6, 8, 9 and 11): the nil return asks before it is
filed and says when it counts late; the outcome list names each row's file; the error workbook quotes the file's
own headers and marks duplicate rows as not to upload again; 纳入监测 says a case was opened and who acts next."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.ingest.nil_return import MSG_NIL_CONFIRM, MSG_NIL_CONFIRM_LATE
from alerts.ingest.services import MSG_ERRORS_HINT
from alerts.models import Alert, FeedType, FeedUpload
from tests.alerts.conftest import csv_file, error_reasons, feed, header_of, ingest
from workflow.models import Case

pytestmark = pytest.mark.django_db
ILLNESS = "health-serious-illness"  # 新增大病患者, half-monthly: 姓名, 身份证号, 疾病名称, 确诊日期
TODAY = dt.date(2026, 12, 4)  # 11月下半月 was due on 30 November; 12月上半月 is due on 15 December


@pytest.fixture
def half_monthly(db):
    """Only 卫健's half-monthly feed is expected, from 1 November."""
    FeedType.objects.exclude(code=ILLNESS).update(is_active=False)
    FeedType.objects.filter(code=ILLNESS).update(active_since=dt.date(2026, 11, 1))
    return feed(ILLNESS)


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_a_nil_return_asks_to_confirm_naming_the_feed_and_period_and_that_an_overdue_one_counts_late(
    half_monthly, clerks, login, on_today
):
    client = login(clerks["health"])
    body = {"feed_type": half_monthly.pk, "period": "2026-11B", "action": "nil"}

    asked = client.post("/alerts/uploads/", body)

    page = asked.content.decode()
    late = MSG_NIL_CONFIRM_LATE.format(deadline="2026-11-30")
    question = MSG_NIL_CONFIRM.format(
        department="卫生健康委员会", feed="新增大病患者", period="2026年11月下半月", late=late
    )
    assert asked.status_code == 200 and question in page and "将计为迟报" in page and "不能撤回" in page
    assert 'name="confirmed" value="1"' in page and 'name="period" value="2026-11B"' in page
    assert not FeedUpload.objects.exists()

    filed = client.post("/alerts/uploads/", {**body, "confirmed": "1"})

    assert filed.status_code == 302
    assert list(FeedUpload.objects.values_list("period_key", "nil_return", "on_time")) == [("2026-11B", True, False)]


def test_a_nil_return_in_time_is_not_announced_as_late_and_the_page_no_longer_promises_on_time(
    half_monthly, clerks, login, on_today
):
    client = login(clerks["health"])

    asked = client.post("/alerts/uploads/", {"feed_type": half_monthly.pk, "period": "2026-12A", "action": "nil"})

    page = asked.content.decode()
    confirmation = page.split('id="nil-confirm"')[1][:300]
    assert "2026年12月上半月 本部门无新增人员？提交后不能撤回。" in confirmation and "迟报" not in confirmation
    assert not FeedUpload.objects.exists()
    form = client.get("/alerts/uploads/").content.decode()
    assert "同样计入按时报送" not in form and "在截止日期前报送的计为按时" in form


def test_a_nil_return_already_filed_is_refused_at_the_first_step(half_monthly, clerks, login, on_today):
    client = login(clerks["health"])
    body = {"feed_type": half_monthly.pk, "period": "2026-12A", "action": "nil"}
    client.post("/alerts/uploads/", {**body, "confirmed": "1"})

    again = client.post("/alerts/uploads/", body)

    assert "已于" in again.content.decode() and "nil-confirm-form" not in again.content.decode()
    assert FeedUpload.objects.count() == 1


def test_the_outcome_list_and_api_name_the_file_of_every_row(half_monthly, clerks, people, login):
    header = header_of(ILLNESS)
    today = timezone.localdate()
    first = csv_file([["张大山", people["zhang"].id_number, "白血病", "2026-01-02"]], header=header, name="a.csv")
    second = csv_file([["李秀英", people["li"].id_number, "尿毒症", "2026-01-03"]], header=header, name="b.csv")
    ingest(clerks["health"], ILLNESS, first, today=today)
    ingest(clerks["health"], ILLNESS, second, today=today)
    client = login(clerks["health"])

    page = client.get("/alerts/outcomes/").content.decode()
    api = client.get("/api/v1/alerts/").json()

    assert "a.csv</a> 第2行" in page and "b.csv</a> 第2行" in page
    rows = api["results"] if isinstance(api, dict) else api
    named = {(r["person_name"], r["upload_name"], r["line"]) for r in rows}
    assert named == {("张大山", "a.csv", 2), ("李秀英", "b.csv", 2)}


def test_the_error_workbook_quotes_the_files_own_headers_and_marks_duplicates_as_not_to_upload_again(clerks, people):
    header = ["姓名", "身份证号码", "诊断", "确诊日期"]
    rows = [
        ["张大山", people["zhang"].id_number, "白血病", "2026-01-02"],  # line 2
        ["李秀英", people["li"].id_number, "", "2026-01-02"],  # line 3: no diagnosis
        ["王五", "36042519800101001", "尿毒症", "2026-01-02"],  # line 4: 17 characters
        ["张大山", people["zhang"].id_number, "白血病", "2026-01-02"],  # line 5: line 2 again
    ]

    record = ingest(clerks["health"], ILLNESS, csv_file(rows, header=header, name="illness_gbk.csv"))

    reasons = error_reasons(record)
    assert reasons[3] == "诊断（疾病名称）：不能为空"
    assert reasons[4].startswith("身份证号码（身份证号）：")
    assert reasons[5] == "与第2行完全相同（重复行，无需再次上传）"
    assert MSG_ERRORS_HINT in record.message and "重复行的无需再次上传" in MSG_ERRORS_HINT


def test_the_template_header_is_quoted_alone(clerks, people):
    rows = [["李秀英", people["li"].id_number, "", "2026-01-02"]]

    record = ingest(clerks["health"], ILLNESS, csv_file(rows, header=header_of(ILLNESS)))

    assert error_reasons(record)[2] == "疾病名称：不能为空"


def test_include_says_a_case_was_opened_and_who_acts_next(personas, clerks, people, login):
    rows = [["张大山", people["zhang"].id_number, "白血病", "2026-01-02"]]
    ingest(clerks["health"], ILLNESS, csv_file(rows, header=header_of(ILLNESS)), today=timezone.localdate())
    alert = Alert.objects.get(person_name="张大山")
    client = login(personas.cadre_a)
    body = {"outcome": "include", "visited_on": f"{timezone.localdate():%Y-%m-%d}", "category": "marginal",
            "risk_types": ["medical_cost"], "note": "住院自付较多，家中无其他收入"}  # fmt: skip

    response = client.post(f"/alerts/{alert.pk}/", body, follow=True)

    page = response.content.decode()
    case = Case.objects.get(household=alert.household)
    step = case.case_steps.filter(status="open").select_related("step").order_by("step__order").first().step
    village = alert.household.village.name
    where = village if step.role in ("village_cadre", "work_team") else alert.household.village.parent.name
    assert f"已核实：张大山，纳入监测，已发起识别纳入案件，下一步：{step.name}（{where}）" in page
    assert f"/cases/{case.pk}/" in page  # the page links the case it opened
