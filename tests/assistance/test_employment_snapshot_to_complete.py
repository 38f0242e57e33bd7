"""The quarter's 劳动力就业台账 generated from the registry (据档案生成本季度台账) wrote rows the edit form refuses: a
member registered as working (务工地点 省外) with 务工时间 0 became 是否务工就业 是 with 0 months, and one registered
未务工 with as many months as the year so far became 否 with every month worked. Where the registry does not say
how long someone worked this year, the generated row now leaves 本年务工时间 empty: 待补充, marked and counted on
the page, in the XLSX, and asked for by the edit form."""

import pytest
from django.core.exceptions import ValidationError

from assistance.models import EmploymentRecord
from assistance.quarters import months_by_end, quarter_of
from assistance.services import employment
from households.models import Member
from tests.clock import today

pytestmark = pytest.mark.django_db

PAGE = "/assistance/employment/"


def this_quarter():
    return quarter_of(today())


def registered(household, name, place, months):
    """The registry as an import may leave it (the entry form refuses such pairs: households.member_rules)."""
    Member.objects.filter(household=household, name=name).update(employment_place=place, employment_months=months)
    return household.members.get(name=name)


def snapshot(client):
    year, number = this_quarter()
    return client.post(f"{PAGE}?quarter={year}Q{number}", {"action": "snapshot", "quarter": f"{year}Q{number}"})


def record_of(name):
    year, number = this_quarter()
    return EmploymentRecord.objects.get(year=year, quarter=number, member__name=name)


def refusal(record):
    """What the edit form's checks (employment._validate) say of a stored row; None when it passes."""
    try:
        employment._validate(
            year=record.year,
            quarter=record.quarter,
            employed=record.employed,
            place=record.place,
            months=record.months,
            monthly_income=record.monthly_income,
            public_welfare_post=record.public_welfare_post,
        )
    except ValidationError as error:
        return error.message_dict
    return None


def by_end():
    return months_by_end(this_quarter()[1])


class TestGeneratedRows:
    def test_working_without_months_is_generated_as_employed_with_months_to_complete(
        self, personas, login, monitored_a
    ):
        registered(monitored_a, "张大山", "out_of_province", 0)

        snapshot(login(personas.cadre_a))

        head = record_of("张大山")
        assert (head.employed, head.place, head.months, head.monthly_income) == (True, "out_of_province", None, None)

    def test_not_working_with_every_month_of_the_year_so_far_is_generated_with_months_to_complete(
        self, personas, login, monitored_a
    ):
        registered(monitored_a, "张大山", "none", 12)

        snapshot(login(personas.cadre_a))

        head = record_of("张大山")
        assert (head.employed, head.place, head.months, head.monthly_income) == (False, "none", None, 0)

    @pytest.mark.parametrize(
        ("place", "months"),
        [
            ("out_of_province", 0),
            ("in_county", 1),
            ("in_province", 12),
            ("none", 0),
            ("none", 1),
            ("none", 12),
            ("none", "by_end"),
            ("none", "by_end - 1"),
        ],
    )
    def test_every_generated_row_passes_the_edit_forms_checks_or_is_to_complete(
        self, personas, login, monitored_a, place, months
    ):
        months = {"by_end": by_end(), "by_end - 1": by_end() - 1}.get(months, months)
        registered(monitored_a, "张大山", place, months)

        snapshot(login(personas.cadre_a))

        for record in EmploymentRecord.objects.all():
            assert record.months is None or refusal(record) is None, (record.member.name, refusal(record))

    def test_months_known_from_the_registry_are_still_copied(self, personas, login, monitored_a):
        registered(monitored_a, "张大山", "in_county", 12)

        snapshot(login(personas.cadre_a))

        assert record_of("张大山").months == by_end()
        assert record_of("李秀英").months == 0

    def test_a_hand_saved_quarter_without_months_is_refused_at_the_months(self, personas, monitored_a):
        year, number = this_quarter()
        head = monitored_a.members.get(name="张大山")

        with pytest.raises(ValidationError) as refused:
            employment.employment_record_save(
                actor=personas.cadre_a, member=head, year=year, quarter=number, employed=True, place="in_county",
                months=None,
            )  # fmt: skip

        assert list(refused.value.message_dict) == ["months"]
        assert "请填写本年务工时间" in refused.value.message_dict["months"][0]


class TestLedgerPage:
    def test_the_page_marks_and_counts_the_rows_to_complete(self, personas, login, monitored_a):
        registered(monitored_a, "张大山", "out_of_province", 0)
        client = login(personas.cadre_a)
        snapshot(client)
        year, number = this_quarter()

        page = client.get(PAGE).content.decode()

        assert f"{year}年第{number}季度应登记 2 人，已登记 2 人，其中待补充 1 人" in page
        assert page.count("data-to-complete>") == 1 and ">待补充</span>" in page
        assert ">补充</a>" in page

    def test_the_page_lists_only_the_rows_to_complete_when_asked(self, personas, login, monitored_a):
        registered(monitored_a, "张大山", "out_of_province", 0)
        client = login(personas.cadre_a)
        snapshot(client)

        page = client.get(PAGE, {"status": "to_complete"}).content.decode()

        assert "张大山" in page and "李秀英" not in page
        assert "应登记 2 人，已登记 2 人，其中待补充 1 人" in page

    def test_the_edit_form_asks_for_the_months_and_says_why(self, personas, login, monitored_a):
        head = registered(monitored_a, "张大山", "out_of_province", 0)
        client = login(personas.cadre_a)
        snapshot(client)
        year, number = this_quarter()
        url = f"/assistance/employment/members/{head.pk}/?quarter={year}Q{number}"

        form = client.get(url).content.decode()
        blank = client.post(url, {"employed": "1", "place": "out_of_province", "months": "", "monthly_income": ""})
        done = client.post(url, {"employed": "1", "place": "out_of_province", "months": "2", "monthly_income": ""})

        assert "本年务工时间待补充" in form and "农户档案中务工地点为“省外”、务工时间为0个月" in form
        assert 'name="months" value="0"' not in form
        assert "请填写本年务工时间" in blank.content.decode()
        assert done.status_code == 302 and record_of("张大山").months == 2

    def test_a_member_not_yet_registered_is_offered_blank_months_when_the_registry_has_none(
        self, personas, login, monitored_a
    ):
        head = registered(monitored_a, "张大山", "out_of_province", 0)
        year, number = this_quarter()

        form = login(personas.cadre_a).get(f"/assistance/employment/members/{head.pk}/?quarter={year}Q{number}")

        html = form.content.decode()
        assert 'name="months" value="0"' not in html and "农户档案中务工地点为“省外”、务工时间为0个月" in html


class TestApi:
    def test_the_api_gives_months_to_complete_as_null_and_refuses_to_save_null(self, personas, login, monitored_a):
        head = registered(monitored_a, "张大山", "out_of_province", 0)
        client = login(personas.cadre_a)
        snapshot(client)
        year, number = this_quarter()

        listed = client.get("/api/v1/assistance/employment/", {"quarter": f"{year}Q{number}"}).json()["results"]
        body = {"member": head.pk, "year": year, "quarter": number, "employed": True, "place": "out_of_province"}
        saved = client.post("/api/v1/assistance/employment/", {**body, "months": None}, content_type="application/json")

        assert {row["name"]: row["months"] for row in listed} == {"张大山": None, "李秀英": 0}
        assert saved.status_code == 400 and list(saved.json()) == ["months"]
        assert "请填写本年务工时间" in saved.json()["months"][0]
