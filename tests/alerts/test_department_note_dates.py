"""A note for the department with 已故 or 已迁出 may not say when the person died or moved (alerts.services.
department_note): dates written in Chinese numerals are dates too (二〇二六年三月五日, 三月五日, 三月份, 腊月二十三),
while the 月 of a count (一月一次, 三个月, 每三月) is not a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.models import Alert
from alerts.services.department_note import MSG_TODAY_VISIT, department_note_problem
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.mark.parametrize(
    ("outcome", "note", "found"),
    [
        ("deceased", "此人已于二〇二六年三月五日去世", "去世日期“二〇二六年三月五日”"),
        ("deceased", "二零二六年三月病故", "去世日期“二零二六年三月”"),
        ("deceased", "二O二六年一月去世", "去世日期“二O二六年一月”"),  # the letter O for 〇, as typed
        ("deceased", "经核实，三月五日病故", "去世日期“三月五日”"),
        ("deceased", "十二月三十一号夜里去世", "去世日期“十二月三十一号”"),
        ("deceased", "三 月 初 五 去世", "去世日期“三月初五”"),
        ("deceased", "腊月二十三去世", "去世日期“腊月二十三”"),
        ("deceased", "正月十五病故", "去世日期“正月十五”"),
        ("deceased", "今年三月份去世", "去世日期“今年三月份”"),
        ("deceased", "于三月去世", "去世日期“三月”"),
        ("moved", "三月初已迁往外省", "迁出日期“三月初”"),
        ("moved", "3月初已迁往外省", "迁出日期“3月初”"),
        ("moved", "十一月下旬迁走", "迁出日期“十一月下旬”"),
        ("moved", "2026年三月已迁走", "迁出日期“2026年三月”"),
    ],
)
def test_a_date_in_chinese_numerals_is_refused(outcome, note, found):
    assert found in department_note_problem(note, outcome=outcome)


@pytest.mark.parametrize(
    "note",
    [
        "经入户核实，此人已故，生前一月一次到卫生院",
        "该户每三月走访一次",
        "离开本村已三个月",
        "两月一次回村",
        "外出三月有余",
        "一月多未回",
        "近三月无人居住",
        "第一个月无人",
    ],
)
def test_the_month_of_a_count_is_not_a_date(note):
    assert department_note_problem(note, outcome="deceased") == ""


@pytest.mark.parametrize(
    ("outcome", "note", "found"),
    [
        ("deceased", "经核实，5号去世", "去世日期“5号”"),
        ("deceased", "5日去世", "去世日期“5日”"),
        ("deceased", "初五去世", "去世日期“初五”"),
        ("deceased", "十五号夜里病故", "去世日期“十五号”"),
        ("deceased", "二十三日病故", "去世日期“二十三日”"),
        ("deceased", "去年去世", "去世日期“去年”"),
        ("deceased", "前年已病故", "去世日期“前年”"),
        ("deceased", "昨天去世", "去世日期“昨天”"),
        ("deceased", "三天前去世", "去世日期“三天前”"),
        ("moved", "上个月迁出", "迁出日期“上个月”"),
        ("moved", "上周迁往外省", "迁出日期“上周”"),
        ("moved", "半年前迁走", "迁出日期“半年前”"),
        ("moved", "今年年底迁走", "迁出日期“今年”“年底”"),
    ],
)
def test_a_day_alone_or_a_day_said_from_today_is_refused(outcome, note, found):
    """Review (camp 2): a day without its month (5号, 初五) and a date said from today (去年, 上个月, 昨天) passed."""
    assert found in department_note_problem(note, outcome=outcome)


@pytest.mark.parametrize(
    "note",
    [
        "孩子读初三时已随父母迁出",
        "已迁往县城幸福路5号楼",
        "近5日无人在家",
        "生前每日服药",
        "之前已告知其家属",
        "目前年收入不详",
        "一日三餐无人照料",
    ],
)
def test_a_grade_a_house_number_or_a_count_of_days_is_not_a_date(note):
    assert department_note_problem(note, outcome="moved") == ""


def test_chinese_dates_are_free_with_other_outcomes():
    assert department_note_problem("二〇二六年三月五日入户，身份证号与姓名不符", outcome="wrong_data") == ""


def test_a_name_the_department_sent_is_not_a_month(clerks, people):
    """李腊月, the name the department's row gave, is its own; 腊月 in it is no date."""
    rows = [["李腊月", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    alert = Alert.objects.get()
    assert department_note_problem("经入户核实，李腊月已去世", alert=alert, outcome="deceased") == ""
    assert "去世日期“腊月初八”" in department_note_problem("李腊月腊月初八去世", alert=alert, outcome="deceased")


def test_the_page_and_the_api_refuse_a_chinese_date_before_anything_is_saved(personas, clerks, people, login):
    rows = [["李秀英", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    alert = Alert.objects.get()
    today = timezone.localdate()
    client = login(personas.cadre_a)
    body = {"outcome": "deceased", "visited_on": f"{today:%Y-%m-%d}", "note": "入户了解，已病故",
            "left_on": f"{today:%Y-%m-%d}", "department_note": "已于二〇二六年一月十七日去世"}  # fmt: skip
    relative = {**body, "department_note": "经入户核实，上个月5号去世"}
    said = department_note_problem(relative["department_note"], alert=alert, outcome="deceased")
    assert "去世日期“上个月5号”" in said

    api = client.post(f"/api/v1/alerts/{alert.pk}/verify/", body, "application/json")
    assert api.status_code == 400 and "去世日期“二〇二六年一月十七日”" in api.json()["department_note"][0]
    page = client.post(f"/alerts/{alert.pk}/", body)
    assert "去世日期“二〇二六年一月十七日”" in page.context["form"].errors["department_note"][0]
    with pytest.raises(ValidationError):
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="deceased", visited_on=today,
                     note="入户了解，已病故", left_on=today, department_note=body["department_note"])  # fmt: skip
    assert client.post(f"/api/v1/alerts/{alert.pk}/verify/", relative, "application/json").json() == {
        "department_note": [said]
    }
    assert client.post(f"/alerts/{alert.pk}/", relative).context["form"].errors["department_note"] == [said]
    with pytest.raises(ValidationError) as refused:
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="deceased", visited_on=today,
                     note="入户了解，已病故", left_on=today, department_note=relative["department_note"])  # fmt: skip
    assert refused.value.message_dict["department_note"] == [said]
    assert Alert.objects.get(pk=alert.pk).status == "pending"


TODAY_VISIT_NOTES = [
    "今日入户核实，此人已故",
    "今天上门核查，该户已迁走",
    "经今日入户核实情况属实",
    "今天到户走访得知已迁出",
]


@pytest.mark.parametrize("outcome", ["deceased", "moved"])
@pytest.mark.parametrize("note", TODAY_VISIT_NOTES)
def test_today_naming_the_visit_recorded_on_its_day_is_accepted(outcome, note):
    """Review (last session): 今日入户核实 names the visit being recorded, not the day of the death or the move."""
    assert department_note_problem(note, outcome=outcome, visited_on=timezone.localdate()) == ""


@pytest.mark.parametrize(
    ("note", "found"),
    [
        ("今日去世，今日入户核实", "去世日期“今日”"),  # the first 今日 is the death's
        ("今天病故后入户核实", "去世日期“今天”"),
        ("今日入户核实，昨天去世", "去世日期“昨天”"),
        ("今日入户核实，上个月已病故", "去世日期“上个月”"),
        ("今早去世", "去世日期“今早”"),
    ],
)
def test_today_of_the_death_and_other_days_from_today_stay_refused(note, found):
    assert found in department_note_problem(note, outcome="deceased", visited_on=timezone.localdate())


def test_today_of_a_visit_recorded_later_is_refused_and_the_cadre_told_what_to_write():
    earlier = timezone.localdate() - dt.timedelta(days=3)
    said = department_note_problem("今日入户核实，此人已故", outcome="deceased", visited_on=earlier)
    assert "去世日期“今日”" in said
    assert MSG_TODAY_VISIT in said and "请写“经入户核实”" in said
    assert "请写“经入户核实”" in department_note_problem(
        "今日去世", outcome="deceased", visited_on=timezone.localdate()
    )
    assert MSG_TODAY_VISIT not in department_note_problem("昨天去世", outcome="deceased")


def test_the_page_and_the_api_accept_todays_visit_and_refuse_an_earlier_ones(personas, clerks, people, login):
    rows = [["李秀英", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    alert = Alert.objects.get()
    today = timezone.localdate()
    earlier = max(alert.raised_on, today - dt.timedelta(days=1))
    client = login(personas.cadre_a)
    body = {"outcome": "deceased", "visited_on": f"{today:%Y-%m-%d}", "note": "入户了解，已病故",
            "left_on": f"{earlier:%Y-%m-%d}", "department_note": "今日入户核实，此人已故"}  # fmt: skip
    if earlier < today:
        late = {**body, "visited_on": f"{earlier:%Y-%m-%d}"}
        api = client.post(f"/api/v1/alerts/{alert.pk}/verify/", late, "application/json")
        assert api.status_code == 400 and MSG_TODAY_VISIT in api.json()["department_note"][0]
        page = client.post(f"/alerts/{alert.pk}/", late)
        assert MSG_TODAY_VISIT in page.context["form"].errors["department_note"][0]

    response = client.post(f"/alerts/{alert.pk}/", body)

    assert response.status_code == 302, response.context["form"].errors
    alert.refresh_from_db()
    assert (alert.status, alert.department_note) == ("verified", "今日入户核实，此人已故")
