"""An alert shows its rule as it was when the alert was raised (review feed config 3): renaming a rule for a new
threshold (累计支出超过20000元 → 30000元) retitled every alert raised under the old one, so its title contradicted
its own detail ("…25,000.00 元（阈值 20,000.00 元）"), in the page, the API, the ledger and the 再次报送 note."""

import datetime as dt
import importlib

import pytest
from django.db import connection

from alerts.models import Alert, AlertRule
from reports.ledgers.alerts import alert_rows
from reports.ledgers.base import Filters
from tests.alerts.conftest import TODAY, csv_file, feed, header_of, ingest
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
migration = importlib.import_module("alerts.migrations.0025_alert_rule_name")
CODE = "health-uninsured-cost"  # 姓名, 身份证号, 参保状态, 当年累计医疗支出; rules uninsured and spending
OLD, NEW = "当年度截至上月底累计支出超过20000元", "当年度截至上月底累计支出超过30000元"


def _send(clerks, people, who: str, today: dt.date, amount: str = "25000"):
    rows = [[people[who].name, people[who].id_number, "已参保", amount]]
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE), name=f"{today}.csv"), today=today)


def _rename_on_the_configuration_site(personas, login) -> None:
    one = feed(CODE)
    index = list(one.rules.order_by("id").values_list("code", flat=True)).index("spending")
    data = admin_data(one, **{f"rules-{index}-name": NEW, f"rules-{index}-threshold": "30000"})
    assert login(personas.system_admin).post(f"/admin/alerts/feedtype/{one.pk}/change/", data).status_code == 302
    assert AlertRule.objects.get(feed_type=one, code="spending").name == NEW


@pytest.fixture
def raised(personas, clerks, people, login) -> Alert:
    _send(clerks, people, "zhang", TODAY)
    alert = Alert.objects.get(member=people["zhang"])
    _rename_on_the_configuration_site(personas, login)
    return alert


def test_the_alerts_page_keeps_the_rule_name_it_was_raised_under(raised, personas, login):
    page = login(personas.cadre_a).get(f"/alerts/{raised.pk}/").content.decode()

    assert f"张大山：{OLD}</h1>" in page
    assert "25,000.00 元（阈值 20,000.00 元）" in page
    assert NEW not in page


def test_the_api_and_the_repeat_note_keep_it_too(raised, personas, login):
    body = login(personas.cadre_a).get(f"/api/v1/alerts/{raised.pk}/").json()

    assert body["rule_name"] == OLD
    assert f"“{OLD}”" in body["repeat_hold"]["text"] and NEW not in body["repeat_hold"]["text"]


def test_the_ledger_keeps_it_too(raised, personas):
    (row,) = list(alert_rows(personas.county_officer, Filters()))

    assert row[7] == OLD


def test_an_alert_raised_after_the_rename_carries_the_new_name(raised, clerks, people):
    _send(clerks, people, "li", TODAY + dt.timedelta(days=30), amount="35000")  # over the new threshold

    later = Alert.objects.get(member=people["li"])
    assert later.rule_name == NEW and later.detail.startswith(f"{NEW}：")
    assert Alert.objects.get(pk=raised.pk).rule_name == OLD


def test_the_migration_gives_alerts_raised_before_it_their_rules_current_name(clerks, people):
    _send(clerks, people, "zhang", TODAY)
    alert = Alert.objects.get(member=people["zhang"])
    Alert.objects.filter(pk=alert.pk).update(rule_name="")

    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)

    assert Alert.objects.get(pk=alert.pk).rule_name == OLD
