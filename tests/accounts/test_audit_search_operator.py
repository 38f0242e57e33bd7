"""The audit log's keyword finds the operator's entries by their name or account (review rev-clerk 5): /accounts/
audit/?q=张丽 found nothing though 张丽 had made entries, whose summaries do not carry her own name."""

import pytest

from accounts.audit import audit_record
from accounts.choices import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AUDIT = "/accounts/audit/"


@pytest.fixture
def entries(personas):
    zhang = UserFactory(username="zhangli01", last_name="张", first_name="丽", role=Role.COUNTY_OFFICER)
    wang = UserFactory(username="wangqiang", last_name="王", first_name="强", role=Role.COUNTY_OFFICER)
    audit_record(actor=zhang, action="household.update", summary="修改农户 H0101 的住址")
    audit_record(actor=wang, action="household.update", summary="修改农户 H0202 的住址")
    return zhang, wang


@pytest.mark.parametrize("keyword", ["张丽", "张 丽", "zhangli", "ZhangLi01"])
def test_the_keyword_finds_the_operators_entries_by_name_or_account(personas, login, entries, keyword):
    page = login(personas.audit_admin).get(AUDIT, {"q": keyword}).content.decode()
    assert "修改农户 H0101 的住址" in page
    assert "修改农户 H0202 的住址" not in page


def test_the_summary_is_still_searched_and_the_help_says_what_is(personas, login, entries):
    page = login(personas.audit_admin).get(AUDIT, {"q": "H0202"}).content.decode()
    assert "修改农户 H0202 的住址" in page and "修改农户 H0101 的住址" not in page
    assert "操作人账号或姓名" in page
