"""Monitoring lines, warning lines and screening rules edited on the configuration site (/admin/): what the rule's
change page lets the system admin edit, and what a refusal says."""

import json
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry

from screening.models import MonitoringLine, ScreeningRule
from screening.services.config import MSG_LINE_EXISTS

pytestmark = pytest.mark.django_db


def line_data(line, **overrides):
    data = {
        "year": line.year,
        "region_prefix": line.region_prefix,
        "region_label": line.region_label,
        "amount": line.amount,
        "basis": line.basis,
    }
    return data | overrides


def rule_data(rule, **overrides):
    data = {
        "code": rule.code,
        "name": rule.name,
        "kind": rule.kind,
        "risk_type": rule.risk_type,
    }
    data |= {"params": json.dumps(rule.params)}
    if rule.is_active:
        data["is_active"] = "on"
    return data | overrides


def test_a_rules_code_is_read_only_on_its_change_page_and_given_on_the_add_page(personas, login):
    rule = ScreeningRule.objects.get(code="HOUSING_UNSAFE")
    client = login(personas.system_admin)

    change_form = client.get(f"/admin/screening/screeningrule/{rule.pk}/change/").context["adminform"].form
    response = client.post(
        f"/admin/screening/screeningrule/{rule.pk}/change/",
        rule_data(rule, code="HOUSING_X", name="住房不安全"),
    )
    added = client.post(
        "/admin/screening/screeningrule/add/",
        rule_data(rule, code="WATER_X", name="饮水", params=json.dumps({"item": "water"})),
    )

    assert "code" not in change_form.fields
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.code, rule.name) == ("HOUSING_UNSAFE", "住房不安全")
    assert "规则代码" not in LogEntry.objects.get(object_id=str(rule.pk)).get_change_message()
    assert added.status_code == 302
    assert ScreeningRule.objects.filter(code="WATER_X").exists()


def test_a_duplicate_line_is_named_by_the_line_already_entered(personas, login):
    yunnan = MonitoringLine.objects.get(year=2025, region_prefix="53")

    response = login(personas.system_admin).post(
        f"/admin/screening/monitoringline/{yunnan.pk}/change/",
        line_data(yunnan, year="2023", region_prefix="44"),
    )

    assert response.context["adminform"].form.errors["year"] == [MSG_LINE_EXISTS.format(year=2023, region="广东省")]
    yunnan.refresh_from_db()
    assert (yunnan.year, yunnan.amount) == (2025, Decimal("8700.00"))
