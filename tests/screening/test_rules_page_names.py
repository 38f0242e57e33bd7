"""The county's list of screening rules (/screening/rules/) and a rule's page name each rule in Chinese only: the
stable English code (INCOME_BELOW_LINE) is for the admin site and the API, not for county staff."""

import pytest

from screening.models import ScreeningRule

pytestmark = pytest.mark.django_db


def test_the_rules_list_and_a_rule_page_show_no_english_code(personas, login):
    client = login(personas.county_officer)
    rule = ScreeningRule.objects.get(code="INCOME_BELOW_LINE")

    listing = client.get("/screening/rules/").content.decode()
    page = client.get(f"/screening/rules/{rule.pk}/").content.decode()

    assert rule.name in listing
    for code in ScreeningRule.objects.values_list("code", flat=True):
        assert code not in listing
    assert rule.name in page and "INCOME_BELOW_LINE" not in page and "规则代码" not in page
