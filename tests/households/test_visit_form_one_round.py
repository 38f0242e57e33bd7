"""The visit form in one round (reviewer finding 2) and the 人均纯收入 it and the income page speak of (finding 9).

A cadre on a phone saw one error per submission: the field checks first, the service's (risk without its type, a
date in the future) only after those were fixed. They are now said together. The visit form spoke of the household's
net income while the monitoring line is about 人均纯收入: it now shows that, and where it stands against the line, as
the income page's save message does (households.lines.below_line, the comparison screening's rule makes)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households.models import Visit
from households.services import income
from households.services.visits import MSG_DATE_FUTURE, MSG_RISK_TYPE_REQUIRED
from screening.choices import RuleKind
from screening.models import MonitoringLine, ScreeningRule
from tests.clock import this_year, today

pytestmark = pytest.mark.django_db

PHOTO_LOST = "上次选择的文件未保存，请重新选择。"
PHOTO_KEPT = "已选择：<strong>visit.jpg</strong>，不重新选择则使用此文件"
FINDINGS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")


@pytest.fixture
def line(db):
    """The county's line this year: 6,000 元 per head."""
    ScreeningRule.objects.get_or_create(
        code="INCOME_BELOW_LINE",
        defaults={"name": "人均纯收入低于监测标准", "kind": RuleKind.INCOME_BELOW_LINE, "risk_type": "low_income"},
    )
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="360425", region_label="永修县", amount=Decimal("6000")
    )


def visit_form(**fields):
    return {"visited_on": today().isoformat(), "kind": "monthly", **dict.fromkeys(FINDINGS, "on"), **fields}


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("visit.jpg", b"\xff\xd8\xff\xe0 a photo", content_type="image/jpeg")


def test_a_future_date_and_a_risk_without_its_type_are_said_in_the_same_round(personas, household_a, login):
    tomorrow = today().replace(year=this_year() + 1)

    page = (
        login(personas.cadre_a)
        .post(f"/households/{household_a.pk}/visits/new/", visit_form(visited_on=tomorrow.isoformat(), risk_found="on"))
        .content.decode()
    )

    assert MSG_DATE_FUTURE in page and MSG_RISK_TYPE_REQUIRED in page
    assert not Visit.objects.filter(household=household_a).exists()


def test_a_photo_chosen_before_an_error_is_kept_and_named(personas, household_a, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    page = (
        login(personas.cadre_a)
        .post(f"/households/{household_a.pk}/visits/new/", visit_form(risk_found="on", photo=photo()))
        .content.decode()
    )

    assert MSG_RISK_TYPE_REQUIRED in page and PHOTO_KEPT in page and PHOTO_LOST not in page


def test_the_visit_form_shows_the_per_capita_income_against_the_line(personas, household_a, line, login):
    year = this_year()
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal(12000)}
    )

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/visits/new/").content.decode()

    assert f"{year}年人均纯收入 4,000.00 元，低于{year}年监测标准 6,000 元（家庭纯收入 12,000.00 元）" in page


def test_saving_a_years_income_says_where_it_stands_against_the_line(personas, household_a, line, login):
    year = this_year()
    client = login(personas.cadre_a)
    amounts = dict.fromkeys(income.AMOUNT_FIELDS, "0")

    below = client.post(
        f"/households/{household_a.pk}/income/", {"year": year, **amounts, "wage_income": "12000"}, follow=True
    )
    above = client.post(
        f"/households/{household_a.pk}/income/?year={year}",
        {"year": year, **amounts, "wage_income": "18000"},
        follow=True,
    )

    assert f"{year}年度收支已保存，人均纯收入 4,000.00 元，低于{year}年监测标准 6,000 元。" in below.content.decode()
    # At the line is not below it, as screening's rule compares (strictly less).
    assert f"{year}年度收支已保存，人均纯收入 6,000.00 元，不低于{year}年监测标准 6,000 元。" in above.content.decode()


def test_without_a_line_the_save_message_gives_the_figure_alone(personas, household_a, login):
    year = this_year()
    MonitoringLine.objects.all().delete()  # the migrations' 2021 line included: none set for the county
    amounts = {**dict.fromkeys(income.AMOUNT_FIELDS, "0"), "wage_income": "12000"}

    page = (
        login(personas.cadre_a)
        .post(f"/households/{household_a.pk}/income/", {"year": year, **amounts}, follow=True)
        .content.decode()
    )

    assert f"{year}年度收支已保存，人均纯收入 4,000.00 元。" in page
