"""Verification days against the identification's 办结时限 (review alerts, finding 1): seed 001 gives the whole
identification 15 days from the day the risk is found, the visit being its first step, and a case opened from an
alert counts from the alert's raise date. The ordinary feeds asked 15 days to verify (then 3 + 3 escalation days),
so every inclusion from them opened overdue: they now ask 7, the seeded ones still at 15 are moved by migration 0033
(a county's own edit is kept), the configuration site warns when the days reach the procedure's limit, and the
alert's page says by when the inclusion must be done."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from alerts.models import Alert
from alerts.presets import EXCLUSION_FEEDS, FEEDS
from tests.alerts.conftest import csv_file, feed, header_of, ingest
from tests.alerts.test_within_days import admin_data
from workflow.choices import ProcedureKind
from workflow.models import Procedure

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # an ordinary feed (it asked 15 days)
migration = importlib.import_module("alerts.migrations.0033_ordinary_verify_days")


@pytest.fixture
def limit_15(county):
    """The county's identification procedure: 15 days from the day the risk is found (seed 001 §三)."""
    Procedure.objects.filter(kind=ProcedureKind.IDENTIFICATION).update(is_active=False)
    return Procedure.objects.create(
        code="test-identification", name="识别纳入（测试县）", kind=ProcedureKind.IDENTIFICATION,
        region_prefix=county.county.path, is_active=True, limit_days=15,
    )  # fmt: skip


def test_no_seeded_feed_gives_more_than_seven_days_to_verify():
    assert {spec["verify"] for spec in FEEDS + EXCLUSION_FEEDS} == {7}
    assert feed(CODE).verify_days == 7 and feed("medical-cost-monitored").verify_days == 7


def test_the_migration_moves_the_seeded_feeds_still_at_fifteen_and_keeps_a_countys_own_days():
    feed(CODE).__class__.objects.filter(code__in=[CODE, "housing-safety"]).update(verify_days=15)
    feed(CODE).__class__.objects.filter(code="water-safety").update(verify_days=10)  # the county's own

    migration.forward(apps, None)

    assert feed(CODE).verify_days == 7 and feed("housing-safety").verify_days == 7
    assert feed("water-safety").verify_days == 10


def test_the_configuration_site_warns_when_verification_and_escalation_reach_the_limit(personas, login, limit_15):
    one = feed(CODE)
    response = login(personas.system_admin).post(
        f"/admin/alerts/feedtype/{one.pk}/change/", admin_data(one, verify_days=9), follow=True
    )

    page = response.content.decode()
    assert "核实时限 9 天加两级逾期上报各 3 天共 15 天，已达到识别纳入程序“识别纳入（测试县）”的办结时限 15 天" in page
    assert feed(CODE).verify_days == 9  # a warning, not a refusal


def test_seven_days_raise_no_warning(personas, login, limit_15):
    one = feed(CODE)
    response = login(personas.system_admin).post(
        f"/admin/alerts/feedtype/{one.pk}/change/", admin_data(one), follow=True
    )

    assert "已达到识别纳入程序" not in response.content.decode()


def test_the_alert_page_says_by_when_the_inclusion_must_be_done(personas, login, clerks, people, limit_15):
    raised = dt.date.today() - dt.timedelta(days=2)
    rows = [["张大山", people["zhang"].id_number, "恶性肿瘤", f"{raised:%Y-%m-%d}"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=raised)
    alert = Alert.objects.get()

    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()

    by = raised + dt.timedelta(days=15)
    assert f"识别纳入须在 {by:%Y-%m-%d} 前办结（自发现之日起 15 天）" in page
    assert alert.verify_by == raised + dt.timedelta(days=7)
