"""A person the feeds named before the registry held them: the village's 待建档 card says why they were reported, and
once the village registers them (a handed-over entry, 应纳入档案) the alert their feed row would have raised is
raised for that village, once."""

import datetime as dt
import logging

import pytest

from accounts.models import AuditEvent
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus, UnregisteredOutcome
from alerts.models import Alert, AlertRule, UnregisteredEntry, UnregisteredPerson, UnregisteredRule
from alerts.services.unregistered import unregistered_check
from alerts.services.unregistered_alerts import unregistered_alerts_raise
from households.choices import HouseholdType, Relation
from households.models import HouseholdEvent
from households.services import registry
from tests.alerts.conftest import TODAY, csv_file, feed, header_of, ingest, pid
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

ILLNESS = "health-serious-illness"
UNINSURED = "health-uninsured-cost"
STRANGER = pid(dt.date(1985, 4, 4), 31)


@pytest.fixture
def named(clerks, people):
    """卫健 reports a new serious illness of a person the registry does not hold."""
    upload = csv_file([["陌生人", STRANGER, "肺癌", "2026-10-20"]], header=header_of(ILLNESS), name="illness.csv")
    return ingest(clerks["health"], ILLNESS, upload, today=TODAY)


def hand_over(personas, county, outcome=UnregisteredOutcome.REGISTER):
    entry = UnregisteredEntry.objects.get(id_number=STRANGER)
    village = county.village_a if outcome == UnregisteredOutcome.REGISTER else None
    return unregistered_check(
        actor=personas.county_officer,
        entry=entry,
        outcome=outcome,
        note="经核查应建档",
        checked_on=today(),
        village=village,
    )


def register(personas, county):
    """The village registers the person as the head of a new household (the 新增农户建档 the card leads to)."""
    row = member_row("陌生人", Relation.HEAD, dt.date(1985, 4, 4), 31)
    assert row["id_number"] == STRANGER
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=[row], household_type=HouseholdType.ORDINARY
    )


def test_the_row_keeps_every_rule_it_met_each_with_its_detail(clerks, people):
    upload = csv_file([["陌生人", STRANGER, "未参保", "25000"]], header=header_of(UNINSURED))
    ingest(clerks["health"], UNINSURED, upload, today=TODAY)

    row = UnregisteredPerson.objects.get(id_number=STRANGER)
    met = {m.rule.code: m.detail for m in row.rules_met.all()}
    assert set(met) == {"uninsured", "spending"}
    assert met["uninsured"].startswith("未参加城乡居民医疗保险") and "25,000.00" in met["spending"]
    # The county reads both: the person's detail joins them, in the feed's order.
    assert row.detail == f"{met['uninsured']}；{met['spending']}"


def test_registering_a_person_whose_row_met_two_rules_raises_both_alerts(clerks, people, personas, county):
    upload = csv_file([["陌生人", STRANGER, "未参保", "25000"]], header=header_of(UNINSURED))
    ingest(clerks["health"], UNINSURED, upload, today=TODAY)
    hand_over(personas, county)

    register(personas, county)

    alerts = {a.rule.code: a for a in Alert.objects.filter(id_number=STRANGER)}
    assert set(alerts) == {"uninsured", "spending"}
    assert (
        alerts["spending"].detail.startswith("当年度截至上月底累计支出超过20000元")
        and "未参" not in alerts["spending"].detail
    )


def test_the_to_register_card_says_why_the_person_was_reported(named, personas, county, login):
    hand_over(personas, county)

    page = login(personas.cadre_a).get("/alerts/to-register/").content.decode()

    assert "陌生人" in page
    assert "报送原因：新增大病患者" in page and "肺癌" in page
    assert f"{today():%Y-%m-%d} 报送" in page
    assert "建档后系统将生成预警，请入户核实" in page


def test_the_to_register_card_hides_the_illness_from_a_read_only_role(named, personas, county, login):
    hand_over(personas, county)

    page = login(personas.official).get("/alerts/to-register/").content.decode()

    assert "报送原因：卫健部门预警，（已隐去）" in page and "肺癌" not in page and "新增大病患者" not in page


def test_registering_the_person_raises_the_alert_for_their_village_with_the_rows_detail(named, personas, county):
    hand_over(personas, county)

    household = register(personas, county)

    alert = Alert.objects.get(id_number=STRANGER)
    assert alert.household == household and alert.region_path == household.region_path
    assert alert.rule == AlertRule.objects.get(feed_type=feed(ILLNESS))
    assert "肺癌" in alert.detail and alert.person_name == "陌生人"
    assert (alert.status, alert.level, alert.upload, alert.department) == (
        AlertStatus.PENDING,
        AlertLevel.VILLAGE,
        named,
        "health",
    )
    assert alert.period_key == named.period_key
    assert alert.raised_on == today() and alert.due_on == alert.verify_by == today() + dt.timedelta(days=7)
    assert alert in Alert.objects.visible_to(personas.cadre_a)
    assert alert not in Alert.objects.visible_to(personas.cadre_b)
    event = HouseholdEvent.objects.get(household=household, summary__contains="建档前报送")
    # The history, read by roles that see no health details, names the department, not the illness.
    assert "卫健部门预警" in event.summary and "肺癌" not in event.summary and "大病" not in event.summary
    assert AuditEvent.objects.filter(action="alerts.raise_registered", actor=personas.cadre_a).count() == 1


def test_the_alert_is_raised_once_whatever_is_registered_after(named, personas, county):
    hand_over(personas, county)
    household = register(personas, county)

    registry.member_add(
        reason="moved_in",
        actor=personas.cadre_a,
        household=household,
        data=member_row("陌生人之妻", Relation.SPOUSE, dt.date(1986, 5, 5), 42),
    )
    again = unregistered_alerts_raise(actor=personas.cadre_a, members=list(household.members.all()))

    assert again == []
    assert Alert.objects.filter(id_number=STRANGER).count() == 1


def test_an_alert_of_the_period_verified_as_wrong_data_does_not_hold_the_registered_persons_back(
    named, personas, county, people
):
    """As in the ingestion (tests/alerts/test_wrong_data_resend.py): only the live alerts are one a period."""
    earlier = Alert.objects.create(
        feed_type=feed(ILLNESS), rule=AlertRule.objects.get(feed_type=feed(ILLNESS)), upload=named,
        department="health", member=people["zhang"], household=people["zhang"].household,
        region_path=people["zhang"].region_path, id_number=STRANGER, person_name="陌生人", detail="肺癌", line=9,
        period_key=named.period_key, raised_on=TODAY, due_on=TODAY, status=AlertStatus.VERIFIED,
        outcome=AlertOutcome.WRONG_DATA, verified_on=TODAY,
    )  # fmt: skip
    hand_over(personas, county)

    household = register(personas, county)

    alert = Alert.objects.exclude(pk=earlier.pk).get(id_number=STRANGER)
    assert (alert.household, alert.status, alert.period_key) == (household, AlertStatus.PENDING, named.period_key)


def test_a_member_added_to_an_existing_household_raises_the_alert(named, personas, county, people):
    hand_over(personas, county)
    household = people["zhang"].household

    registry.member_add(
        reason="moved_in",
        actor=personas.cadre_a,
        household=household,
        data=member_row("陌生人", Relation.SON, dt.date(1985, 4, 4), 31),
        confirm_unusual=True,
    )

    assert Alert.objects.get(id_number=STRANGER).household == household


def test_no_alert_for_a_person_the_county_did_not_hand_to_a_village(named, personas, county):
    hand_over(personas, county, outcome=UnregisteredOutcome.NOT_RURAL)

    register(personas, county)

    assert not Alert.objects.filter(id_number=STRANGER).exists()


def test_no_alert_for_a_person_not_checked_yet(named, personas, county):
    register(personas, county)

    assert not Alert.objects.filter(id_number=STRANGER).exists()


def test_an_old_row_without_its_rule_falls_back_to_its_feed_types_only_rule(named, personas, county):
    UnregisteredRule.objects.all().delete()
    hand_over(personas, county)

    register(personas, county)

    assert Alert.objects.get(id_number=STRANGER).rule == AlertRule.objects.get(feed_type=feed(ILLNESS))


def test_an_old_row_of_a_feed_with_several_rules_is_skipped_with_its_reason_logged(
    clerks, people, personas, county, caplog
):
    upload = csv_file([["陌生人", STRANGER, "未参保", "0"]], header=header_of(UNINSURED))
    ingest(clerks["health"], UNINSURED, upload, today=TODAY)
    UnregisteredRule.objects.all().delete()
    hand_over(personas, county)

    with caplog.at_level(logging.WARNING, logger="alerts.services.unregistered_alerts"):
        register(personas, county)

    assert not Alert.objects.filter(id_number=STRANGER).exists()
    assert "has not exactly one rule" in caplog.text
