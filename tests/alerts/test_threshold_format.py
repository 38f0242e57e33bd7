"""The feed types page shows a rule's threshold with thousands separators, as every amount (registry filter yuan):
the medical feeds' rules read "（超过 10000.00 元）"."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_feed_types_page_separates_thousands_in_a_rule_threshold(clerks, login):
    page = login(clerks["medical_insurance"]).get("/alerts/feeds/").content.decode()

    assert "（超过 10,000.00 元；" in page
    assert "10000.00" not in page
