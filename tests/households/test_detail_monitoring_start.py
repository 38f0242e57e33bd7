"""The household page says when a monitored household was taken into monitoring (纳入监测日期), next to its
category, as it says 风险消除时间 after an exit."""

import datetime as dt

import pytest

from households.choices import MonitoringCategory
from households.models import Household

pytestmark = pytest.mark.django_db


def test_a_monitored_household_shows_its_monitoring_start_next_to_its_category(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(
        monitoring_category=MonitoringCategory.UNSTABLE_LIFTED_OUT, monitoring_start=dt.date(2025, 3, 1)
    )

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert "脱贫不稳定户</span> <span data-monitoring-start>纳入监测日期 2025-03-01</span>" in page


def test_a_household_not_monitored_shows_no_monitoring_start(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(monitoring_start=dt.date(2025, 3, 1))

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert "纳入监测日期" not in page


def test_the_household_api_answers_the_monitoring_start(household_a, personas, login):
    Household.objects.filter(pk=household_a.pk).update(
        monitoring_category=MonitoringCategory.UNSTABLE_LIFTED_OUT, monitoring_start=dt.date(2025, 3, 1)
    )

    body = login(personas.cadre_a).get(f"/api/v1/households/{household_a.pk}/").json()

    assert body["monitoring_start"] == "2025-03-01"
