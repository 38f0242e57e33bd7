"""A worse report is alerted within the quiet days after a verification (review feeds, 1): 医保 pushes every ten
days and sudden risks within seven (seed 001 §二(四)①②), so a rise of the amount by a tenth of the rule's threshold,
or a later event date of a feed that reports events, raises a new alert; a report no worse stays quiet and shows on
the verified alert as 已预警过 with its day and amount. Dedup per person, rule and period is unchanged."""

import datetime as dt

import pytest

from alerts.choices import AlertOutcome, AlertStatus
from alerts.ingest.raising import rise
from alerts.models import Alert, AlertRule
from alerts.repeats import repeat_hold
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
MEDICAL = "medical-cost-monitored"  # every 旬; 累计个人自付费用 above 10,000 元
POLICE = "police-casualty"  # monthly by the 5th; each row an event with its 发生日期
NOTE = "经入户核实，已报销大部分，收入稳定"


def _medical(clerks, people, day: dt.date, out_of_pocket: str):
    rows = [[people["zhang"].name, people["zhang"].id_number, "30000", out_of_pocket, f"{day:%Y-%m-%d}"]]
    upload = csv_file(rows, header=header_of(MEDICAL), name=f"{day}.csv")
    return ingest(clerks["medical_insurance"], MEDICAL, upload, today=day)


def _police(clerks, people, day: dt.date, occurred: dt.date):
    rows = [[people["zhang"].name, people["zhang"].id_number, "交通事故伤亡", f"{occurred:%Y-%m-%d}", f"{day:%m%d}"]]
    upload = csv_file(rows, header=header_of(POLICE), name=f"{day}.csv")
    return ingest(clerks["public_security"], POLICE, upload, today=day)


def _verify(personas, people, day: dt.date) -> Alert:
    alert = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    return alert_verify(
        actor=personas.cadre_a, alert=alert, outcome=AlertOutcome.NOT_AT_RISK, visited_on=day, note=NOTE
    )


def test_the_rise_that_counts_is_a_tenth_of_the_rules_threshold():
    rule = AlertRule.objects.get(feed_type__code=MEDICAL, code="out-of-pocket")

    assert str(rise(rule)) == "1000.00"


def test_a_higher_amount_within_the_quiet_days_raises_a_new_alert_and_a_lower_one_is_shown_as_a_later_report(
    personas, clerks, people
):
    first = _medical(clerks, people, dt.date(2026, 9, 2), "12000")
    verified = _verify(personas, people, dt.date(2026, 9, 3))
    assert first.alerts_raised == 1 and str(verified.amount) == "12000.00"

    small_rise = _medical(clerks, people, dt.date(2026, 9, 12), "12800")

    assert (small_rise.alerts_raised, small_rise.alerts_repeated) == (0, 1)
    verified.refresh_from_db()
    assert verified.later_reported_on == dt.date(2026, 9, 12) and str(verified.later_amount) == "12800.00"
    text = repeat_hold(verified, dt.date(2026, 9, 13)).text
    assert "已预警过：2026-09-12再次报送（金额 12,800.00 元）" in text
    assert "高出 1,000.00 元及以上的，仍重新生成预警" in text

    worse = _medical(clerks, people, dt.date(2026, 9, 22), "13000")

    assert (worse.alerts_raised, worse.alerts_repeated) == (1, 0)
    new = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    assert new.upload == worse and str(new.amount) == "13000.00" and "13,000.00" in new.detail


def test_the_worse_alert_is_the_one_a_later_report_is_measured_against(personas, clerks, people):
    _medical(clerks, people, dt.date(2026, 9, 2), "12000")
    _verify(personas, people, dt.date(2026, 9, 3))
    _medical(clerks, people, dt.date(2026, 9, 12), "14000")  # worse: a new alert, verified again
    _verify(personas, people, dt.date(2026, 9, 13))

    again = _medical(clerks, people, dt.date(2026, 9, 22), "14500")  # 2,500 above the first, 500 above the second

    assert (again.alerts_raised, again.alerts_repeated) == (0, 1)
    assert Alert.objects.filter(member=people["zhang"]).count() == 2


def test_a_pending_alert_still_holds_back_a_higher_amount_and_shows_it(clerks, people):
    _medical(clerks, people, dt.date(2026, 9, 2), "12000")

    second = _medical(clerks, people, dt.date(2026, 9, 12), "19000")

    assert (second.alerts_raised, second.alerts_repeated) == (0, 1)
    pending = Alert.objects.get(member=people["zhang"])
    assert str(pending.later_amount) == "19000.00"
    assert "已预警过：2026-09-12再次报送（金额 19,000.00 元）" in repeat_hold(pending, dt.date(2026, 9, 13)).text


def test_a_new_event_date_raises_a_new_alert_and_the_same_event_reported_again_does_not(personas, clerks, people):
    _police(clerks, people, dt.date(2026, 10, 3), dt.date(2026, 9, 10))
    verified = _verify(personas, people, dt.date(2026, 10, 4))
    assert verified.event_on == dt.date(2026, 9, 10)

    same = _police(clerks, people, dt.date(2026, 11, 3), dt.date(2026, 9, 10))

    assert (same.alerts_raised, same.alerts_repeated) == (0, 1)
    assert "发生日期晚于本预警（2026-09-10）的" in repeat_hold(verified, dt.date(2026, 11, 4)).text

    second_accident = _police(clerks, people, dt.date(2026, 12, 3), dt.date(2026, 11, 20))

    assert (second_accident.alerts_raised, second_accident.alerts_repeated) == (1, 0)
    assert Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING).event_on == dt.date(2026, 11, 20)


def test_a_worse_report_in_the_same_period_is_still_one_alert_per_person_rule_and_period(personas, clerks, people):
    _medical(clerks, people, dt.date(2026, 9, 2), "12000")
    _verify(personas, people, dt.date(2026, 9, 3))

    same_period = _medical(clerks, people, dt.date(2026, 9, 5), "18000")  # still 上旬

    assert (same_period.alerts_raised, same_period.alerts_repeated) == (0, 1)
    assert Alert.objects.filter(member=people["zhang"]).count() == 1
