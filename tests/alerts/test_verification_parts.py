"""Review rev-ux 3: the verification form marks its parts for the outcomes they apply to (static/js/shown_for.js
hides the others, tests/e2e/test_verification_outcome_parts.py), and renders every part shown, so that a phone
without script still offers them all."""

import re

import pytest

from accounts.choices import Department
from tests.alerts.test_summary import _alert

pytestmark = pytest.mark.django_db


def test_the_inclusion_and_health_parts_are_marked_for_their_outcomes_and_rendered_shown(personas, county, login):
    alert = _alert(county.village_a, Department.HEALTH)  # 新增大病患者: the health update is offered

    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()

    include = re.search(r"<div data-include-fields ([^>]*)>(.*?)</div>\s*\{?", page, re.S)
    assert include and 'data-shown-by="outcome" data-shown-for="include"' in include.group(1)
    assert 'name="category"' in page.split("data-include-fields", 1)[1].split("data-member-health", 1)[0]
    assert 'name="risk_types"' in page.split("data-include-fields", 1)[1].split("data-member-health", 1)[0]
    health = re.search(r"<fieldset [^>]*data-member-health[^>]*>", page)
    assert health and 'data-shown-for="include monitored not_at_risk"' in health.group(0)
    assert "hidden" not in include.group(1) and "hidden" not in health.group(0)
    assert "js/shown_for.js" in page
