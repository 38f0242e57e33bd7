"""A verification holds back the next reports of its person only while the identification case it is followed
through may still include the household (review alertsdev, leftover 2): a case refused (不予纳入, 审核不通过) or
withdrawn (程序终止) ends the quiet days, so a department's new report of the person is alerted again; an approved
one keeps them. The cadre a department asks sees why on the alert's page and in the API (leftover 3)."""

import datetime as dt

import pytest

from alerts.choices import AlertOutcome, AlertStatus
from alerts.models import Alert
from alerts.repeats import repeat_hold
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import act_after_publicity, case_act
from workflow.choices import CaseStatus, Outcome
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # half-monthly, every row raises an alert, quiet for 90 days once verified
REFUSED = "经民主评议，家庭收入稳定，不符合纳入条件"


# Recent days: the page tells the hold as of today. 17 days apart: two half-month periods (one has at most 16 days).
def first_day() -> dt.date:
    return today() - dt.timedelta(days=18)


def second_day() -> dt.date:
    return today() - dt.timedelta(days=1)


def _send(clerks, people, day: dt.date, *who: str):
    diagnosed = f"{day - dt.timedelta(days=5):%Y-%m-%d}"
    rows = [[people[k].name, people[k].id_number, "恶性肿瘤", diagnosed] for k in who]
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE), name=f"{day}.csv"), today=day)


def _include(personas, people) -> Alert:
    alert = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    return alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，情况属实",
        outcome=AlertOutcome.INCLUDE,
        visited_on=first_day() + dt.timedelta(days=1),
        category="sudden_hardship",
    )


def _refuse(personas, case) -> None:
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note=REFUSED)


def _approve(personas, case) -> None:
    """The identification case through every step of the county's procedure to its announcement."""
    steps = [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_preliminary"),
        (personas.county_officer, "county_comparison"),
        (personas.township, "township_audit"),
        (personas.township, "township_publicity"),
        (personas.approver, "county_approval"),
        (personas.township, "announcement"),
    ]
    for actor, code in steps:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)


def test_an_include_whose_case_is_refused_lets_the_next_report_raise_an_alert(personas, clerks, people, login):
    _send(clerks, people, first_day(), "zhang")
    first = _include(personas, people)
    _refuse(personas, first.case)
    assert first.case.__class__.objects.get(pk=first.case_id).status == CaseStatus.REJECTED

    second = _send(clerks, people, second_day(), "zhang", "wang")

    assert (second.alerts_raised, second.alerts_repeated) == (2, 0)  # 张大山 again, 王五 new
    again = Alert.objects.get(member=people["zhang"], status=AlertStatus.PENDING)
    assert again.upload == second
    # The cadre asked by the department why (or that) the person is alerted again reads it on the first alert.
    page = login(personas.cadre_a).get(f"/alerts/{first.pk}/").content.decode()
    assert f"识别案件已于{today():%Y-%m-%d}办结：未通过（未予纳入）。" in page
    assert "再次被报送“新增大病患者”将重新生成预警" in page


def test_an_include_whose_case_is_withdrawn_lets_the_next_report_raise_an_alert(personas, clerks, people):
    _send(clerks, people, first_day(), "zhang")
    first = _include(personas, people)
    case_withdraw(actor=personas.cadre_a, case=first.case, note="误选农户")

    second = _send(clerks, people, second_day(), "zhang")

    assert (second.alerts_raised, second.alerts_repeated) == (1, 0)
    assert "已撤回（程序终止）" in repeat_hold(Alert.objects.get(pk=first.pk)).text


def test_an_include_whose_case_is_approved_keeps_the_next_report_quiet(personas, clerks, people, login):
    _send(clerks, people, first_day(), "zhang")
    first = _include(personas, people)
    _approve(personas, first.case)
    people["zhang"].household.refresh_from_db()
    assert first.case.__class__.objects.get(pk=first.case_id).status == CaseStatus.APPROVED
    assert people["zhang"].household.monitoring_category == "sudden_hardship"

    second = _send(clerks, people, second_day(), "zhang", "wang")

    assert (second.alerts_raised, second.alerts_repeated) == (1, 1)  # only 王五
    assert Alert.objects.filter(member=people["zhang"]).count() == 1
    until = first.verified_on + dt.timedelta(days=90)
    page = login(personas.cadre_a).get(f"/alerts/{first.pk}/").content.decode()
    assert (
        f"{until:%Y-%m-%d}前，此人再次被报送“新增大病患者”不重复生成预警（核实为“纳入监测”后90天内不重复预警）" in page
    )
    api = login(personas.cadre_a).get(f"/api/v1/alerts/{first.pk}/").json()["repeat_hold"]
    assert (api["held"], api["until"]) == (True, f"{until:%Y-%m-%d}")


def test_an_include_while_the_case_is_under_way_keeps_the_next_report_quiet(personas, clerks, people):
    _send(clerks, people, first_day(), "zhang")
    _include(personas, people)

    assert _send(clerks, people, second_day(), "zhang").alerts_repeated == 1


def test_already_monitored_through_an_open_case_that_is_then_refused_lets_the_next_report_raise_one(
    personas, clerks, people
):
    case = open_case(personas.cadre_a, people["zhang"].household)
    _send(clerks, people, first_day(), "zhang")
    alert = Alert.objects.get(member=people["zhang"])
    alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，情况属实",
        outcome=AlertOutcome.MONITORED,
        visited_on=first_day(),
    )
    assert Alert.objects.get(pk=alert.pk).case_id == case.pk
    _refuse(personas, case)

    assert _send(clerks, people, second_day(), "zhang").alerts_raised == 1


def test_the_api_tells_the_cadre_a_pending_alert_holds_back_the_next_reports(personas, clerks, people, login):
    _send(clerks, people, first_day(), "zhang")
    alert = Alert.objects.get(member=people["zhang"])

    body = login(personas.cadre_a).get(f"/api/v1/alerts/?q={people['zhang'].id_number}&status=pending").json()

    hold = body["results"][0]["repeat_hold"]
    assert body["results"][0]["id"] == alert.pk and hold["held"] is True and hold["until"] is None
    assert hold["text"].startswith("待核实期间，此人再次被报送“新增大病患者”不重复生成预警")
    assert "同一报送期（" in hold["text"]
