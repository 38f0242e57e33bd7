"""A feed type's columns on the configuration site (review feed config 1, 2): no two columns share a header or an
alias, compared as the ingestion reads a file's header, since the second column was then never found and every
upload of the feed's own template failed; and the 核实时限 is a number of days a village can use (0 made every
alert overdue the day it was raised)."""

import pytest

from alerts.feed_config import MSG_HEADER_TAKEN, MSG_VERIFY_DAYS, VERIFY_DAYS_RANGE, header_errors
from alerts.models import FeedColumn, FeedType
from tests.alerts.conftest import feed
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态 (insured), 当年累计医疗支出 (spending, alias 累计支出)
INSURED = 2  # the column's form index (ordered as the page lists them)


def url(one: FeedType) -> str:
    return f"/admin/alerts/feedtype/{one.pk}/change/"


def insured() -> FeedColumn:
    return FeedColumn.objects.get(feed_type=feed(CODE), key="insured")


def test_a_column_given_another_columns_header_is_refused_naming_both(personas, login):
    one = feed(CODE)

    response = login(personas.system_admin).post(url(one), admin_data(one, **{f"columns-{INSURED}-header": "姓名"}))

    assert response.status_code == 200
    assert "“参保状态”：表头“姓名”已用于“姓名”，同一表头只能对应一列。" in response.content.decode()
    assert insured().header == "参保状态"


@pytest.mark.parametrize("aliases", ["累计支出", "是否参保、累计 支出", "＊累计支出"])
def test_an_alias_another_column_already_accepts_is_refused_naming_both(personas, login, aliases):
    """Written as the ingestion would still read it as 累计支出: with inner spaces, or the * marking required."""
    one = feed(CODE)

    page = login(personas.system_admin).post(url(one), admin_data(one, **{f"columns-{INSURED}-aliases": aliases}))

    text = aliases.split("、")[-1]
    expected = MSG_HEADER_TAKEN.format(column="参保状态", text=text, other="当年累计医疗支出")
    assert expected in page.content.decode()
    assert insured().aliases == "是否参保、参加城乡居民医保"


def test_the_reviewers_words_for_an_alias_taken(personas, login):
    one = feed(CODE)

    page = login(personas.system_admin).post(url(one), admin_data(one, **{f"columns-{INSURED}-aliases": "累计支出"}))

    assert "表头“累计支出”已用于“当年累计医疗支出”，同一表头只能对应一列" in page.content.decode()


def test_an_alias_that_is_another_columns_header_is_refused_on_the_alias_and_the_header_stays(personas, login):
    one = feed(CODE)

    page = login(personas.system_admin).post(url(one), admin_data(one, **{f"columns-{INSURED}-aliases": "身份证号"}))

    assert MSG_HEADER_TAKEN.format(column="参保状态", text="身份证号", other="身份证号") in page.content.decode()
    assert insured().aliases == "是否参保、参加城乡居民医保"


def test_headers_are_compared_as_the_ingestion_reads_them_and_a_columns_own_names_may_repeat():
    rows = [
        {"order": 1, "key": "name", "header": "姓名", "aliases": ""},
        {"order": 2, "key": "spending", "header": "当年累计医疗支出", "aliases": "累计支出、当年累计医疗支出"},
        {"order": 3, "key": "total", "header": " 累计 支出* ", "aliases": ""},
        {"order": 4, "key": "other", "header": "姓名", "aliases": ""},
    ]

    errors = header_errors(rows)

    # The later column's header keeps the text over the earlier column's alias; the alias is what is refused.
    assert errors == {
        1: {"aliases": MSG_HEADER_TAKEN.format(column="当年累计医疗支出", text="累计支出", other="累计 支出*")},
        3: {"header": MSG_HEADER_TAKEN.format(column="姓名（other）", text="姓名", other="姓名（name）")},
    }


def test_a_unique_new_alias_still_saves(personas, login):
    one = feed(CODE)

    response = login(personas.system_admin).post(
        url(one), admin_data(one, **{f"columns-{INSURED}-aliases": "参保情况"})
    )

    assert response.status_code == 302
    assert insured().aliases == "参保情况"


@pytest.mark.parametrize("days", [0, VERIFY_DAYS_RANGE[1] + 1])
def test_a_verification_deadline_of_no_days_or_too_many_is_refused(personas, login, days):
    one = feed(CODE)

    page = login(personas.system_admin).post(url(one), admin_data(one, verify_days=days)).content.decode()

    assert MSG_VERIFY_DAYS.format(low=1, high=VERIFY_DAYS_RANGE[1]) in page
    assert "核实时限：请填写1—60之间的天数" in page
    assert feed(CODE).verify_days == 7  # the seeded 7 (alerts.presets), unchanged


def test_a_verification_deadline_within_range_saves(personas, login):
    one = feed(CODE)

    assert login(personas.system_admin).post(url(one), admin_data(one, verify_days=1)).status_code == 302

    assert feed(CODE).verify_days == 1
