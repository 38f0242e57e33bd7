"""One file row that raised two alerts is answered by one visit (review alerts finding 3): 未参保 and 累计支出超过
20000元 of the same person (seed 001 §二 ⑥) are settled together, each with its own record; an alert of another
file about the same person, and another person's, stay pending."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.models import Alert
from alerts.services.verification import alert_verify
from alerts.services.verification_row import MSG_SETTLED, NOTE_SETTLED
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
ILLNESS = "health-serious-illness"


@pytest.fixture
def row(clerks, people):
    """张大山 未参保 with 25,000 spent: two alerts of one row; 王五 未参保 on the next line; 张大山 in another feed."""
    today = timezone.localdate()
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "25000"],
        ["王五", people["wang"].id_number, "未参保", "10"],
    ]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today)
    illness = ["张大山", people["zhang"].id_number, "白血病", f"{today - dt.timedelta(days=3):%Y-%m-%d}"]
    ingest(clerks["health"], ILLNESS, csv_file([illness], header=header_of(ILLNESS), name="ill.csv"), today=today)
    alerts = Alert.objects.filter(feed_type__code=CODE, member=people["zhang"]).order_by("rule__code")
    assert [a.rule.code for a in alerts] == ["spending", "uninsured"]
    return list(alerts)


def test_verifying_one_settles_the_same_rows_other_alert_with_its_own_record(personas, people, row):
    spending, uninsured = row
    today = timezone.localdate()

    found = {"note": "确未参保，住院花费大", "category": "sudden_hardship", "risk_types": ["medical_cost"]}

    done = alert_verify(actor=personas.cadre_a, alert=uninsured, outcome="include", visited_on=today, **found)

    other = Alert.objects.get(pk=spending.pk)
    assert other.status == "verified" and other.outcome == "include"
    assert (other.case_id, other.visit_id) == (done.case_id, done.visit_id) and done.case_id
    assert (other.verified_by, other.verified_on) == (personas.cadre_a, today)
    assert other.outcome_note == "确未参保，住院花费大" + NOTE_SETTLED.format(rule="未参加城乡居民医疗保险")
    events = AuditEvent.objects.filter(action="alerts.verify")
    assert sorted(e.object_id for e in events) == sorted([str(uninsured.pk), str(spending.pk)])
    assert events.get(object_id=str(spending.pk)).after["settled_with"] == uninsured.pk
    # Another file about the same person, and another person of the same file, are still to visit.
    assert Alert.objects.get(feed_type__code=ILLNESS).status == "pending"
    assert Alert.objects.get(member=people["wang"]).status == "pending"


def test_the_page_says_the_other_alert_was_settled(personas, row, login):
    spending, uninsured = row
    body = {
        "outcome": "not_at_risk",
        "visited_on": f"{timezone.localdate():%Y-%m-%d}",
        "note": "已补缴医保，费用已报销",
    }

    page = login(personas.cadre_a).post(f"/alerts/{uninsured.pk}/", body, follow=True).content.decode()

    assert MSG_SETTLED.format(n=1, rules="“当年度截至上月底累计支出超过20000元”") in page
    assert Alert.objects.get(pk=spending.pk).outcome == "not_at_risk"


def test_the_page_marks_the_same_rows_other_alert_before_verifying(personas, row, login):
    uninsured = row[1]

    page = login(personas.cadre_a).get(f"/alerts/{uninsured.pk}/").content.decode()

    assert page.count("data-same-row") == 1  # the spending alert; not the illness alert of the other file
