"""How much a report's amount must rise over a verified alert's to be alerted again within the quiet days is each
amount rule's own 重新预警增加额 (AlertRule.rise_amount), set on the configuration site with the rule and shown on
the 部门数据类型 page: the seeded and existing rules keep a tenth of their threshold, blank means any rise."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from accounts.models import AuditEvent
from alerts.choices import AlertOutcome, AlertStatus
from alerts.feed_config import MSG_RULE_RISE, MSG_RULE_RISE_KIND
from alerts.models import Alert, AlertRule
from alerts.repeats import repeat_hold
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, feed, header_of, ingest
from tests.alerts.test_feed_type_admin import rule_fields, url
from tests.alerts.test_within_days import admin_data

pytestmark = pytest.mark.django_db
MEDICAL = "medical-cost-monitored"  # every 旬; 累计个人自付费用 above 10,000 元
UNINSURED = "health-uninsured-cost"  # 参保状态 (value rule), 当年累计医疗支出 above 20,000 元
NOTE = "经入户核实，已报销大部分，收入稳定"


def _rule() -> AlertRule:
    return AlertRule.objects.get(feed_type__code=MEDICAL, code="out-of-pocket")


def _medical(clerks, people, day: dt.date, out_of_pocket: str):
    rows = [[people["zhang"].name, people["zhang"].id_number, "30000", out_of_pocket, f"{day:%Y-%m-%d}"]]
    upload = csv_file(rows, header=header_of(MEDICAL), name=f"{day}.csv")
    return ingest(clerks["medical_insurance"], MEDICAL, upload, today=day)


def _verified(personas, clerks, people) -> Alert:
    """张大山 alerted at 12,000 元 on 2 September and verified 无返贫致贫风险 the next day."""
    _medical(clerks, people, dt.date(2026, 9, 2), "12000")
    alert = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    return alert_verify(
        actor=personas.cadre_a, alert=alert, outcome=AlertOutcome.NOT_AT_RISK, visited_on=dt.date(2026, 9, 3), note=NOTE
    )


def test_a_rule_with_its_own_rise_raises_a_new_alert_at_that_rise(personas, clerks, people):
    AlertRule.objects.filter(pk=_rule().pk).update(rise_amount=Decimal("500"))
    verified = _verified(personas, clerks, people)

    below = _medical(clerks, people, dt.date(2026, 9, 12), "12499.99")

    assert (below.alerts_raised, below.alerts_repeated) == (0, 1)
    assert "高出 500.00 元及以上的，仍重新生成预警" in repeat_hold(verified, dt.date(2026, 9, 13)).text

    at_the_rise = _medical(clerks, people, dt.date(2026, 9, 22), "12500")  # 1,000 元 was needed before

    assert (at_the_rise.alerts_raised, at_the_rise.alerts_repeated) == (1, 0)
    assert str(Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING).amount) == "12500.00"


def test_a_rule_left_blank_raises_a_new_alert_at_any_rise(personas, clerks, people):
    AlertRule.objects.filter(pk=_rule().pk).update(rise_amount=None)
    verified = _verified(personas, clerks, people)

    same = _medical(clerks, people, dt.date(2026, 9, 12), "12000")

    assert (same.alerts_raised, same.alerts_repeated) == (0, 1)
    assert "但报送金额高于本预警（12,000.00 元）的，仍重新生成预警" in repeat_hold(verified, dt.date(2026, 9, 13)).text

    a_cent_more = _medical(clerks, people, dt.date(2026, 9, 22), "12000.01")

    assert (a_cent_more.alerts_raised, a_cent_more.alerts_repeated) == (1, 0)


def test_the_seeded_and_existing_rules_keep_a_tenth_of_their_threshold():
    migration = importlib.import_module("alerts.migrations.0028_rule_rise_amount")
    assert _rule().rise_amount == Decimal("1000.00")  # seeded
    AlertRule.objects.filter(kind="amount_above").update(rise_amount=None)
    AlertRule.objects.filter(pk=_rule().pk).update(threshold=Decimal("12345"))

    migration.keep_rise(django_apps, None)

    assert _rule().rise_amount == Decimal("1234.50")
    spending = AlertRule.objects.get(feed_type__code=UNINSURED, code="spending")
    assert spending.rise_amount == Decimal("2000.00")
    assert AlertRule.objects.get(feed_type__code=UNINSURED, code="uninsured").rise_amount is None


def test_the_rise_is_set_on_the_configuration_site_with_the_rule_and_audited(personas, login):
    client = login(personas.system_admin)
    one = feed(UNINSURED)
    spending, uninsured = rule_fields(one, "spending"), rule_fields(one, "uninsured")
    name = "当年度截至上月底累计支出超过20000元"

    form = client.get(url(one)).content.decode()
    assert "重新预警增加额（元）" in form and 'name="rules-0-rise_amount"' in form

    refused = {
        f"rules-{spending}-rise_amount": ("-5", MSG_RULE_RISE.format(name=name)),
        f"rules-{uninsured}-rise_amount": ("100", MSG_RULE_RISE_KIND.format(name="未参加城乡居民医疗保险")),
    }
    for field, (value, message) in refused.items():
        assert message in client.post(url(one), admin_data(one, **{field: value})).content.decode(), field

    response = client.post(url(one), admin_data(one, **{f"rules-{spending}-rise_amount": "3000"}))

    assert response.status_code == 302
    assert AlertRule.objects.get(feed_type=one, code="spending").rise_amount == Decimal("3000.00")
    event = AuditEvent.objects.filter(action="alerts.feed_type_save").latest("id")
    assert any("重新预警增加额 3000.00" in line for line in event.after["rules"])


def test_the_feed_types_page_and_api_show_each_rules_rise(personas, clerks, login):
    AlertRule.objects.filter(feed_type__code=UNINSURED, code="spending").update(rise_amount=None)
    client = login(clerks["health"])

    page = client.get("/alerts/feeds/").content.decode()

    assert "当年度截至上月底累计支出超过20000元（超过 20,000.00 元；核实后金额有增加的重新预警）" in page
    api = client.get("/api/v1/feed-types/").json()
    rules = {r["code"]: r["rise_amount"] for f in api if f["code"] == UNINSURED for r in f["rules"]}
    assert rules == {"uninsured": None, "spending": None}
    medical = login(clerks["medical_insurance"]).get("/alerts/feeds/").content.decode()
    assert "（超过 10,000.00 元；核实后金额增加 1,000.00 元及以上的重新预警）" in medical
