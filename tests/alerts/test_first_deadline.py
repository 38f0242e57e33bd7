"""The first verification deadline survives escalation (review clerk_alerts, finding 3): overdue, the 已逾期 tab,
the home tile, the ledger's overdue flag and the on-time counts read it, and the card says 原期限 … 已逾期 n 天."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts import selectors
from alerts.choices import AlertLevel, AlertOutcome
from alerts.models import Alert
from alerts.services.due import alerts_escalate_due
from alerts.services.verification import alert_verify
from alerts.tiles import _overdue
from reports.ledgers.alerts import alert_rows
from reports.ledgers.base import Filters
from reports.selectors.departments import alerts_verified_on_time
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 7 days to verify (alerts.presets)


@pytest.fixture
def escalated(clerks, people):
    """张大山's alert, raised 8 days ago (first deadline yesterday) and escalated to the township today."""
    today = timezone.localdate()
    raised = today - dt.timedelta(days=8)
    rows = [["张大山", people["zhang"].id_number, "恶性肿瘤", f"{raised:%Y-%m-%d}"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=raised)
    assert alerts_escalate_due(today=today) == 1
    alert = Alert.objects.get()
    assert (alert.level, alert.verify_by, alert.due_on) == (
        AlertLevel.TOWNSHIP,
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=3),
    )
    return alert


def test_an_escalated_alert_stays_overdue_on_the_tab_the_tile_and_its_card(personas, escalated, login):
    assert escalated.is_overdue() and escalated.days_overdue == 1
    assert list(selectors.alert_list(actor=personas.township, filters={"status": "overdue"})) == [escalated]
    assert selectors.alert_counts(actor=personas.township)["overdue"] == 1
    assert _overdue(personas.township) == 1

    page = login(personas.cadre_a).get("/alerts/?status=overdue").content.decode()
    first = f"{escalated.verify_by:%Y-%m-%d}"
    assert f"原期限 {first} 已逾期 1 天" in page and f"本级期限 {escalated.due_on:%Y-%m-%d}" in page
    detail = login(personas.cadre_a).get(f"/alerts/{escalated.pk}/").content.decode()
    assert f"原期限 {first}" in detail and "已逾期 1 天" in detail


def test_verified_within_the_escalation_days_is_late_in_the_ledger_and_the_on_time_count(personas, escalated):
    today = timezone.localdate()
    alert_verify(actor=personas.cadre_a, alert=escalated, outcome=AlertOutcome.NOT_AT_RISK, visited_on=today,
                 note="已报销，自付不足一千元")  # fmt: skip

    (row,) = list(alert_rows(personas.county_officer, Filters()))
    assert row[10] == escalated.verify_by and row[16] is True  # 核实期限 the first one; 是否超期
    counts = alerts_verified_on_time(actor=personas.county_officer, region_path="", start=today - dt.timedelta(days=30),
                                     end=today)  # fmt: skip
    assert counts == {escalated.region_path[:12]: (0, 1)}
