"""The reports API's household codes have their Chinese labels beside them, `<field>_display`, as
/api/v1/households/ gives them: the 每月信息录入 list (GET /api/v1/reports/entry/) says 脱贫户 and 边缘易致贫户, not
"lifted_out" and "marginal", and an empty label for a household that is not monitored."""

import datetime as dt

import pytest
from django.utils import timezone

from households.choices import MonitoringCategory
from tests.config.schema_check import assert_matches_schema, openapi

pytestmark = pytest.mark.django_db


def test_the_entry_list_gives_the_household_type_and_category_with_their_chinese_labels(
    registry, personas, login, monkeypatch
):
    # 10 March 2026 (a fake clock, as tests/clock.py asks): nothing entered this month, every household listed.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 3, 10))
    client = login(personas.county_officer)

    response = client.get("/api/v1/reports/entry/")

    rows = {row["number"]: row for row in response.json()["results"]}
    marginal, ordinary = rows[registry.a1.number], rows[registry.a3.number]
    assert (marginal["household_type"], marginal["household_type_display"]) == ("lifted_out", "脱贫户")
    assert marginal["monitoring_category"] == MonitoringCategory.MARGINAL
    assert marginal["monitoring_category_display"] == "边缘易致贫户"
    assert (ordinary["monitoring_category"], ordinary["monitoring_category_display"]) == ("", "")
    assert_matches_schema(openapi(client), "/api/v1/reports/entry/", "get", response)
