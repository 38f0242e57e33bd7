"""Review of the 劳动力就业台账 (seed 004 (六)): the ledger took a record for anyone (a one-year-old registered
无劳动力, as working 9 months 省外), counted it on the page and exported it, while not listing her; it took months
beyond the year so far, 是否务工 contradicting the months, the wage and the 公益性岗位, and generated a past quarter
from today's registry. Who may be recorded, listed, counted and exported is now one rule (employment_members)."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.models import EmploymentRecord
from assistance.quarters import quarter_end, quarter_of
from assistance.selectors_employment import employment_members
from households.models import Member
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx

pytestmark = pytest.mark.django_db

API = "/api/v1/assistance/employment/"


def this_quarter():
    return quarter_of(today())


def previous_quarter():
    year, number = this_quarter()
    return (year, number - 1) if number > 1 else (year - 1, 4)


def baby(household):
    """李秀英 as the reviewer's child: born a year ago, registered 无劳动力."""
    born = today() - dt.timedelta(days=400)
    Member.objects.filter(household=household, name="李秀英").update(birth_date=born, labour_skill="none")
    return household.members.get(name="李秀英")


def post(client, member, quarter=None, **values):
    year, number = quarter or this_quarter()
    body = {"member": member.pk, "year": year, "quarter": number, **values}
    return client.post(API, body, content_type="application/json")


def errors(response):
    assert response.status_code == 400, response.content.decode()
    return response.json()


class TestOnlyTheLedgersLabourers:
    def test_a_child_without_labour_is_refused_naming_her_and_why(self, personas, login, monitored_a):
        child = baby(monitored_a)

        response = post(
            login(personas.cadre_a),
            child,
            employed=True,
            place="out_of_province",
            months=min(9, 3 * this_quarter()[1]),
            monthly_income="4000",
        )

        message = str(errors(response))
        assert "李秀英不是劳动力就业台账应登记的人员" in message
        assert "不在劳动年龄（16至64周岁）内" in message and "劳动技能为“无劳动力”" in message
        assert not EmploymentRecord.objects.exists()

    def test_a_record_kept_from_before_is_not_counted_nor_exported(self, personas, login, monitored_a):
        child = baby(monitored_a)
        year, number = this_quarter()
        EmploymentRecord.objects.create(
            member=child,
            household=monitored_a,
            region_path=child.region_path,
            year=year,
            quarter=number,
            employed=True,
            place="out_of_province",
            months=3,
            monthly_income=Decimal("4000"),
            recorded_by=personas.cadre_a,
        )
        cadre, township = login(personas.cadre_a), login(personas.township)

        page = cadre.get("/assistance/employment/").content.decode()
        listed = cadre.get(API, {"quarter": f"{year}Q{number}"}).json()["results"]
        export = township.post("/reports/export/", {"ledger": "labour_employment", "quarter": f"{year}Q{number}"})

        assert f"{year}年第{number}季度应登记 1 人，已登记 0 人。" in page
        assert listed == []
        header, rows = ledger_table(read_xlsx(download(export)))
        # The one labourer due, without a record this quarter; the child's record is not on the ledger.
        assert [(row[header.index("姓名")], row[header.index("登记情况")]) for row in rows] == [("张大山", "未登记")]


class TestTheNumbersAgree:
    def test_months_beyond_the_quarters_end_are_refused(self, personas, login, monitored_a):
        head = monitored_a.members.get(name="张大山")
        year = this_quarter()[0]

        response = post(
            login(personas.cadre_a), head, (year, 1), employed=True, place="in_county", months=12, monthly_income="2800"
        )

        assert errors(response) == {"months": [f"本年务工时间不能超过3个月：到{year}年第1季度末，本年只有3个月。"]}

    @pytest.mark.parametrize(
        ("values", "field", "words"),
        [
            ({"employed": True, "place": "in_county", "months": 0, "monthly_income": "2800"}, "months", "至少1个月"),
            ({"employed": True, "place": "in_county", "months": 1, "monthly_income": "0"}, "monthly_income", "大于0"),
            ({"employed": False, "months": 0, "monthly_income": "1500"}, "monthly_income", "应为0"),
            ({"employed": False, "months": 1, "public_welfare_post": True}, "public_welfare_post", "公益性岗位"),
        ],
    )
    def test_employed_or_not_must_agree_with_the_other_fields(self, personas, login, monitored_a, values, field, words):
        head = monitored_a.members.get(name="张大山")

        body = errors(post(login(personas.cadre_a), head, **values))

        assert list(body) == [field] and words in body[field][0] and "是否务工就业" in body[field][0]

    def test_not_employed_all_year_so_far_is_refused(self, personas, login, monitored_a):
        head = monitored_a.members.get(name="张大山")
        number = this_quarter()[1]

        body = errors(post(login(personas.cadre_a), head, employed=False, months=3 * number))

        assert list(body) == ["months"] and "应少于" in body["months"][0]

    def test_the_first_quarters_form_starts_from_no_more_than_three_months(self, personas, login, monitored_a):
        Member.objects.filter(household=monitored_a, name="张大山").update(
            employment_place="out_of_province", employment_months=12
        )
        head = monitored_a.members.get(name="张大山")
        year = this_quarter()[0]

        page = login(personas.cadre_a).get(f"/assistance/employment/members/{head.pk}/?quarter={year}Q1")

        html = page.content.decode()
        assert 'name="months" value="3"' in html and f"到{year}年第1季度末本年共3个月" in html


class TestAPastQuarterIsHistory:
    def test_generating_a_past_quarter_from_todays_registry_is_refused(self, personas, login, monitored_a):
        year, number = previous_quarter()
        client = login(personas.cadre_a)
        url = f"/assistance/employment/?quarter={year}Q{number}"

        page = client.get(url).content.decode()
        response = client.post(url, {"action": "snapshot", "quarter": f"{year}Q{number}"}, follow=True)

        assert "据档案生成本季度台账" not in page and "不按今天的农户档案生成" in page
        assert f"{year}年第{number}季度已经过去，不能按今天的农户档案生成该季度台账" in response.content.decode()
        assert not EmploymentRecord.objects.exists()

    def test_the_current_quarter_is_still_generated(self, personas, login, monitored_a):
        year, number = this_quarter()
        client = login(personas.cadre_a)

        client.post("/assistance/employment/", {"action": "snapshot", "quarter": f"{year}Q{number}"})

        assert EmploymentRecord.objects.filter(year=year, quarter=number).count() == 2

    def test_a_past_quarter_counts_its_labourers_at_its_end(self, personas, monitored_a):
        # 65 since the current quarter began, 64 on the previous quarter's last day
        year, number = this_quarter()
        start = quarter_end(*previous_quarter()) + dt.timedelta(days=1)
        born = start.replace(year=start.year - 65)
        Member.objects.filter(household=monitored_a, name="张大山").update(birth_date=born)

        now = employment_members(actor=personas.cadre_a, quarter=(year, number))
        then = employment_members(actor=personas.cadre_a, quarter=previous_quarter())

        assert "张大山" not in {m.name for m in now} and "张大山" in {m.name for m in then}


def test_a_child_born_after_a_past_quarter_ended_is_refused_as_not_yet_born(personas, login, monitored_a):
    year, number = previous_quarter()
    born = quarter_end(year, number) + dt.timedelta(days=1)
    Member.objects.filter(household=monitored_a, name="李秀英").update(birth_date=born, labour_skill="none")
    child = monitored_a.members.get(name="李秀英")

    response = post(login(personas.cadre_a), child, (year, number), employed=False, months=0)

    message = str(errors(response))
    assert f"按出生日期{born:%Y年%-m月%-d日}计{year}年第{number}季度末尚未出生" in message
    assert "0周岁" not in message
