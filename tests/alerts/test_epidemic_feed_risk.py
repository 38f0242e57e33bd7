"""The preset epidemic feed (因疫等突发公共卫生事件困难人员, seed 001 §二(四)①) raises 其他 alerts, not 大病重病重残医疗
支出大 (review alerts finding 4): an epidemic is none of seed 000 §三(一)'s first nine types. Migration 0024 moves a
database's rule as seeded and leaves one the county edited."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alerts.models import Alert, AlertRule
from alerts.presets import FEEDS
from households.national import default_national_risk_types
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
migration = importlib.import_module("alerts.migrations.0024_epidemic_feed_risk_type")
FEED = "health-sudden"


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("alerts", "0023_same_file_per_county_department"))
    migration.forwards(state.apps, None)


def rule() -> AlertRule:
    return AlertRule.objects.get(feed_type__code=FEED, code="every-row")


def test_the_preset_raises_other_and_exports_the_national_other(clerks, people):
    spec = next(f for f in FEEDS if f["code"] == FEED)
    assert [r[6] for r in spec["rules"]] == ["other"]
    row = ["张大山", people["zhang"].id_number, "新冠肺炎", f"{timezone.localdate():%Y-%m-%d}"]

    ingest(clerks["health"], FEED, csv_file([row], header=header_of(FEED)), today=timezone.localdate())

    alert = Alert.objects.get(feed_type__code=FEED)
    assert alert.rule.risk_type == "other"
    assert default_national_risk_types([alert.rule.risk_type]) == ["other"]


def test_the_migration_moves_the_rule_as_seeded():
    AlertRule.objects.filter(pk=rule().pk).update(risk_type="medical_cost")  # as databases seeded before it hold it

    run_migration()

    assert rule().risk_type == "other"


def test_the_migration_leaves_a_rule_the_county_edited():
    AlertRule.objects.filter(pk=rule().pk).update(risk_type="medical_cost", name="因疫住院治疗费用高")

    run_migration()

    assert rule().risk_type == "medical_cost"
