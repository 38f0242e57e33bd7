"""Verifying alerts (核实): outcomes, the identification case it opens, scope and the department's view."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alerts.choices import AlertOutcome, AlertStatus
from alerts.models import Alert
from alerts.services.verification import (
    MSG_DEATH_NOTE_REQUIRED,
    MSG_MONITORED_NO_RISK,
    MSG_NOT_MONITORED,
    MSG_REASON_REQUIRED,
    MSG_REASON_SHORT,
    MSG_WHERE_REQUIRED,
    alert_verify,
)
from config.errors import ApplicationError
from households.choices import LivingStatus, MonitoringCategory, VisitKind
from households.models import Household, Member
from screening.choices import RiskSource
from screening.models import RiskFlag
from tests.alerts.conftest import csv_file, header_of, ingest
from workflow.choices import CaseKind, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(clerks, people):
    """Two alerts raised today: 张大山 (village A) and 王五 (village C, another township)."""
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"], ["王五", people["wang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], "health-uninsured-cost", csv_file(rows, header=header_of("health-uninsured-cost")),
           today=timezone.localdate())  # fmt: skip
    return {a.person_name: a for a in Alert.objects.all()}


def test_include_opens_an_identification_case_through_the_department_alert_channel(personas, alerts):
    alert = alerts["张大山"]

    done = alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        note="入户核实，情况属实",
        outcome=AlertOutcome.INCLUDE,
        visited_on=timezone.localdate(),
        category="sudden_hardship",
    )

    assert (done.status, done.outcome, done.verified_by) == (AlertStatus.VERIFIED, "include", personas.cadre_a)
    case = done.case
    assert (case.kind, case.channel, case.household_id) == (
        CaseKind.IDENTIFICATION,
        Channel.DEPARTMENT_ALERT,
        alert.household_id,
    )
    assert case.risk_types == ["medical_cost"] and case.category == "sudden_hardship"
    assert done.visit.kind == VisitKind.ALERT and done.visit.risk_found
    assert RiskFlag.objects.filter(
        household=alert.household, source=RiskSource.ALERT, risk_type="medical_cost"
    ).exists()


def test_not_at_risk_needs_a_reason_and_a_second_verification_is_refused(personas, alerts):
    alert = alerts["张大山"]
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="not_at_risk", visited_on=timezone.localdate())
    assert error.value.message_dict["note"] == [MSG_REASON_REQUIRED]

    alert_verify(
        actor=personas.cadre_a,
        alert=alert,
        outcome="not_at_risk",
        visited_on=timezone.localdate(),
        note="已报销，自付不足一千元",
    )
    with pytest.raises(ApplicationError, match="该预警已由"):
        alert_verify(
            actor=personas.cadre_a, alert=alert, outcome="moved", visited_on=timezone.localdate(), note="迁往南昌"
        )
    assert Alert.objects.get(pk=alert.pk).outcome_note == "已报销，自付不足一千元"


def test_moved_or_deceased_says_where_or_what_and_the_page_asks_for_the_registry(personas, alerts, login):
    alert = alerts["张大山"]
    for outcome, message in (("moved", MSG_WHERE_REQUIRED), ("deceased", MSG_DEATH_NOTE_REQUIRED)):
        with pytest.raises(ValidationError) as error:
            alert_verify(actor=personas.cadre_a, alert=alert, outcome=outcome, visited_on=timezone.localdate())
        assert error.value.message_dict["note"] == [message]

    # Verified before the verification marked the member (alerts.services.member_gone): the page still asks.
    Alert.objects.filter(pk=alert.pk).update(
        status=AlertStatus.VERIFIED, outcome="deceased", verified_on=timezone.localdate(), verified_by=personas.cadre_a
    )

    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()
    assert "仍登记为在世、在户" in page and "登记去世" in page
    assert f"/households/members/{alert.member_id}/status/" in page
    # Once the registry says so, the page no longer asks.
    Member.objects.filter(pk=alert.member_id).update(living_status=LivingStatus.DECEASED)
    assert "仍登记为在世" not in login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()


def test_already_monitored_links_the_case_and_is_refused_when_there_is_none(personas, alerts, clerks, people):
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match=MSG_NOT_MONITORED):
        alert_verify(
            actor=personas.cadre_a,
            alert=alerts["张大山"],
            note="入户核实，情况属实",
            outcome="monitored",
            visited_on=today,
        )
    included = alert_verify(
        actor=personas.county_officer,
        alert=alerts["王五"],
        note="入户核实，情况属实",
        outcome="include",
        visited_on=today,
        category="sudden_hardship",
    )
    # The same person alerted by another rule while the case runs: "already monitored" points to that case.
    rows = [["王五", people["wang"].id_number, "已参保", "30000"]]
    header = header_of("health-uninsured-cost")
    ingest(clerks["health"], "health-uninsured-cost", csv_file(rows, header=header, name="2.csv"), today=today)
    second = Alert.objects.get(person_name="王五", rule__code="spending")

    linked = alert_verify(
        actor=personas.county_officer, alert=second, note="入户核实，情况属实", outcome="monitored", visited_on=today
    )

    assert linked.case == included.case and linked.outcome == AlertOutcome.MONITORED


def test_a_cadre_verifies_only_in_their_village_and_a_clerk_never(personas, alerts, clerks):
    for actor in (personas.cadre_b, clerks["health"]):
        with pytest.raises(PermissionDenied):
            alert_verify(
                actor=actor,
                alert=alerts["张大山"],
                note="入户核实，情况属实",
                outcome="deceased",
                visited_on=timezone.localdate(),
            )


def test_a_verification_date_before_the_alert_is_refused(personas, alerts):
    with pytest.raises(ValidationError) as error:
        alert_verify(
            actor=personas.cadre_a,
            alert=alerts["张大山"],
            note="入户核实，情况属实",
            outcome="moved",
            visited_on=timezone.localdate() - dt.timedelta(days=3),
        )
    assert "核实日期不能早于预警日期" in error.value.message_dict["visited_on"][0]


def test_already_monitored_points_to_the_households_assistance_plan(personas, alerts, login):
    from accounts.models import AuditEvent
    from assistance.models import Plan
    from households.models import Household

    household = alerts["张大山"].household
    Household.objects.filter(pk=household.pk).update(monitoring_category="sudden_hardship")
    plan = Plan.objects.create(
        household=household, region_path=household.region_path, created_by=personas.cadre_a,
        next_return_due=dt.date(2026, 12, 15),
    )  # fmt: skip
    client = login(personas.cadre_a)

    done = alert_verify(
        actor=personas.cadre_a,
        alert=alerts["张大山"],
        note="入户核实，情况属实",
        outcome="monitored",
        visited_on=timezone.localdate(),
    )
    page = client.get(f"/alerts/{done.pk}/").content.decode()

    assert f'href="/assistance/households/{household.pk}/"' in page and "查看帮扶方案" in page
    assert "2026-12-15" in page
    event = AuditEvent.objects.filter(action="alerts.verify").latest("pk")
    assert event.after["plan"] == plan.pk
    # The audit admin reads who verified which household's alert, not the person's name beside the department's
    # detail (a diagnosis, a medical bill).
    # The household and the department's label: the health feed's name (未参保…) is itself a health detail.
    assert household.number in event.summary and "卫健部门预警" in event.summary
    assert done.feed_type.name not in event.summary
    assert "张大山" not in event.summary and (not done.detail or done.detail not in event.summary)


def test_an_alert_page_lists_the_persons_other_alerts_still_to_verify(personas, clerks, people, login):
    rows = [["张大山", people["zhang"].id_number, "未参保", "30000"]]  # not insured, and spent over 20,000
    ingest(clerks["health"], "health-uninsured-cost", csv_file(rows, header=header_of("health-uninsured-cost")),
           today=timezone.localdate())  # fmt: skip
    first, second = Alert.objects.filter(person_name="张大山").order_by("pk")
    client = login(personas.cadre_a)

    page = client.get(f"/alerts/{first.pk}/").content.decode()
    assert "此人还有 1 条待核实的预警" in page and f"/alerts/{second.pk}/" in page

    alert_verify(
        actor=personas.cadre_a,
        alert=second,
        outcome="not_at_risk",
        visited_on=timezone.localdate(),
        note="已报销，自付不足一千元",
    )
    assert "待核实的预警" not in client.get(f"/alerts/{first.pk}/").content.decode()


def test_verifying_an_alert_does_not_clear_a_problem_recorded_at_an_earlier_visit(personas, alerts, people):
    from households.models import Household
    from households.services.visits import visit_record

    household = people["zhang"].household
    visit_record(
        actor=personas.cadre_a, household=household, visited_on=timezone.localdate(), findings={"housing_ok": False}
    )
    alert_verify(
        actor=personas.cadre_a, alert=alerts["张大山"], outcome="not_at_risk", visited_on=timezone.localdate(),
        note="已参保，医疗费用已报销大部分",
    )  # fmt: skip
    assert Household.objects.get(pk=household.pk).housing_ok is False


def test_an_exit_page_says_an_alert_awaits_its_verification(personas, alerts, people, login):
    from households.models import Household
    from workflow.advisories import exit_advisories

    household = people["zhang"].household
    Household.objects.filter(pk=household.pk).update(monitoring_category="marginal", labour_capacity="has_labour")
    household.refresh_from_db()
    [advice] = [a for a in exit_advisories(household, timezone.localdate()) if "部门预警" in a]
    assert advice == "该户有 1 条部门预警尚未核实（卫生健康委员会），风险消除前请先入户核实。"
    assert "未参保" not in advice  # the alert's own detail stays on the alert
    # Its income on file, well above the line: the alert still waiting refuses the exit outright (exit_rules), said on
    # the form by the feed's department, its date and deadline, not its detail.
    from decimal import Decimal

    from households.services.income import income_save

    year = timezone.localdate().year
    income_save(actor=personas.cadre_a, household=household, year=year, amounts={"wage_income": Decimal("90000")})
    page = login(personas.cadre_a).get(f"/workflow/households/{household.pk}/cases/new/").content.decode()
    assert "暂不能发起风险消除" in page and "部门预警尚未核实：卫健部门预警（" in page
    alert_verify(
        actor=personas.cadre_a, alert=alerts["张大山"], outcome="monitored", visited_on=timezone.localdate(),
        note="已参保，随帮扶计划跟进",
    )  # fmt: skip
    assert not [a for a in exit_advisories(household, timezone.localdate()) if "部门预警" in a]


def test_a_row_naming_someone_else_than_the_member_its_id_matched_is_flagged(personas, clerks, people, login):
    rows = [["张三", people["zhang"].id_number, "未参保", "10"], ["王 五", people["wang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], "health-uninsured-cost", csv_file(rows, header=header_of("health-uninsured-cost")),
           today=timezone.localdate())  # fmt: skip
    wrong = Alert.objects.get(person_name="张三")
    assert wrong.name_differs and not Alert.objects.get(person_name="王 五").name_differs  # spaces do not count
    client = login(personas.cadre_a)
    page = client.get(f"/alerts/{wrong.pk}/").content.decode()
    assert "姓名不一致" in page and "报送姓名：张三（第 2 行），档案姓名：张大山" in page
    assert "姓名与档案不一致" in client.get("/alerts/").content.decode()
    # The cadre is asked to tell the department that the number and the name do not agree, not whose number it is:
    # the department reads the note and sees no registry (review rev-feeds 3).
    assert "不要写出档案成员的姓名" in page and "身份证号对应的是另一人" not in page


def test_no_risk_needs_a_reason_of_ten_characters_and_is_refused_for_a_monitored_household(personas, alerts, login):
    """Review api 4: 无返贫致贫风险 with the note "x" on a 边缘易致贫户 was accepted, and the department read that the
    monitored household had no risk. A monitored household's alert is 已是监测对象 (followed through its plan)."""
    alert = alerts["张大山"]
    client = login(personas.cadre_a)
    url = f"/api/v1/alerts/{alert.pk}/verify/"
    day = f"{alert.raised_on:%Y-%m-%d}"
    short = client.post(url, {"outcome": "not_at_risk", "note": "x", "visited_on": day})
    assert short.status_code == 400 and short.json()["note"] == [MSG_REASON_SHORT]

    Household.objects.filter(pk=alert.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)
    reason = "医保报销后自付部分不多，家中有稳定务工收入"
    monitored = client.post(url, {"outcome": "not_at_risk", "note": reason, "visited_on": day})
    assert monitored.status_code == 400 and monitored.json()["outcome"] == [MSG_MONITORED_NO_RISK]
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.PENDING
    assert client.post(url, {"outcome": "monitored", "note": reason, "visited_on": day}).status_code == 200
