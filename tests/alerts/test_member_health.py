"""Verifying a health or disability alert may update the named member's health (review cadre_phone, finding 1):
confirmed at the visit, 新增大病患者 left the child 健康 and a medical measure was refused later. The form offers the
update for a living member named by a 卫健/医保/残联 alert, with the likely value said (not chosen); the member edit's
rules and history apply; other feeds, dead members and outcomes that do not confirm the person are left alone."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.models import Alert
from alerts.services.member_health import MSG_NOT_LIVING, MSG_NOT_OFFERED, MSG_OUTCOME, health_offer
from alerts.services.verification import alert_verify
from assistance.models import MeasureType
from assistance.services import measures, plans
from households.choices import Health, LabourCapacity, LivingStatus, MonitoringCategory
from households.models import Household, HouseholdEvent, Member
from households.services.members import MSG_DISABILITY_GRADE
from tests.alerts.conftest import csv_file, header_of, ingest
from workflow.models import CaseEvent

pytestmark = pytest.mark.django_db

ILLNESS = "health-serious-illness"
DISABILITY = "disability-severe"


def today() -> dt.date:
    return timezone.localdate()


def raise_alert(clerk, code: str, row: list[str]) -> Alert:
    ingest(clerk, code, csv_file([row], header=header_of(code), name=f"{code}.csv"), today=today())
    return Alert.objects.filter(feed_type__code=code, id_number=row[1]).get()


@pytest.fixture
def illness(clerks, people):
    """卫健 新增大病患者: 张大山, 白血病."""
    row = ["张大山", people["zhang"].id_number, "白血病", f"{today() - dt.timedelta(days=3):%Y-%m-%d}"]
    return raise_alert(clerks["health"], ILLNESS, row)


@pytest.fixture
def disability(clerks, people):
    """残联 重度残疾人: 李秀英, 一级."""
    row = ["李秀英", people["li"].id_number, "肢体", "一级", f"{today() - dt.timedelta(days=5):%Y-%m-%d}"]
    return raise_alert(clerks["disabled_federation"], DISABILITY, row)


@pytest.fixture
def catalogue():
    from assistance.catalogue import install
    from assistance.models import MeasureCategory

    install(MeasureCategory, MeasureType)


def post(client, alert: Alert, **extra):
    body = {"visited_on": f"{today():%Y-%m-%d}", "note": "入户核实，情况属实", **extra}
    return client.post(f"/alerts/{alert.pk}/", body, follow=True)


def relief_for(actor, plan, member):
    return measures.measure_add(
        actor=actor,
        plan=plan,
        measure_type=MeasureType.objects.get(code="serious_illness_relief"),
        member=member,
        starts_on=today(),
        responsible_person="李干部",
    )


def test_the_page_offers_the_update_with_the_current_health_and_the_illness_suggested(personas, illness, login):
    response = login(personas.cadre_a).get(f"/alerts/{illness.pk}/")

    page = response.content.decode()
    assert "data-member-health" in page and "同时更新该成员的健康状况" in page
    assert "档案中张大山的健康状况为“健康”" in page
    form = response.context["form"]
    # Nothing chosen for the cadre (review fx_verify 4): the feed's suggestion is said, the box starts unticked.
    assert form["member_health"].value() == "" and form["update_member_health"].value() is False
    assert "预警所报为“患有大病”" in page


def test_verifying_with_the_update_registers_the_illness_and_a_medical_measure_is_then_accepted(
    personas, illness, people, login, catalogue
):
    household = Household.objects.get(pk=illness.household_id)
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP,
        monitoring_start=dt.date(2026, 3, 1),
        risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    plan = plans.plan_create(actor=personas.township, household=household)
    zhang = people["zhang"]
    with pytest.raises(ValidationError, match="不能安排医疗保障措施"):
        relief_for(personas.township, plan, zhang)

    response = post(
        login(personas.cadre_a), illness, outcome="monitored", update_member_health="on", member_health="serious"
    )

    assert "已将张大山的健康状况更新为“患有大病”" in response.content.decode()
    zhang.refresh_from_db()
    assert zhang.health == Health.SERIOUS
    # The member edit's history row and audit event, as any member edit.
    event = HouseholdEvent.objects.get(household=household, member=zhang)
    health = next(change for change in event.changes if change["field"] == "health")
    assert (health["old"], health["new"]) == ("健康", "患有大病")
    assert AuditEvent.objects.filter(action="member.update", object_id=str(zhang.pk)).exists()
    assert AuditEvent.objects.get(action="alerts.verify").after["member_health_updated"] is True
    assert "已将张大山的健康状况更新为“患有大病”" in Alert.objects.get(pk=illness.pk).visit.notes
    assert relief_for(personas.township, plan, zhang).pk


def test_without_the_tick_nothing_of_the_member_changes(personas, illness, people, login):
    response = post(login(personas.cadre_a), illness, outcome="include", category="sudden_hardship",
                    risk_types=["medical_cost"], member_health="serious")  # fmt: skip

    assert "已核实" in response.content.decode()
    assert Member.objects.get(pk=people["zhang"].pk).health == Health.HEALTHY
    assert not HouseholdEvent.objects.filter(member=people["zhang"]).exists()
    assert AuditEvent.objects.get(action="alerts.verify").after["member_health_updated"] is False


def test_a_disability_alert_preselects_the_grade_and_asks_for_it_when_missing(personas, disability, people, login):
    client = login(personas.cadre_a)
    form = client.get(f"/alerts/{disability.pk}/").context["form"]
    # The grade the row gave waits for a choice of 残疾; nothing is chosen for the cadre (review fx_verify 4).
    assert form["member_health"].value() == "" and form["member_disability_grade"].value() == "1"

    response = post(client, disability, outcome="include", category="sudden_hardship", risk_types=["medical_cost"],
                    update_member_health="on", member_health="disabled", member_disability_grade="")  # fmt: skip

    assert MSG_DISABILITY_GRADE in response.context["form"].errors["member_disability_grade"]
    assert Alert.objects.get(pk=disability.pk).status == "pending"  # nothing written
    post(client, disability, outcome="include", category="sudden_hardship", risk_types=["medical_cost"],
         update_member_health="on", member_health="disabled", member_disability_grade="1",
         member_disability_type="肢体残疾")  # fmt: skip
    li = Member.objects.get(pk=people["li"].pk)
    assert (li.health, li.disability_grade, li.disability_type) == (Health.DISABLED, "1", "肢体残疾")


def test_an_outcome_that_does_not_confirm_the_person_refuses_the_update_and_writes_nothing(
    personas, illness, people, login
):
    response = post(login(personas.cadre_a), illness, outcome="wrong_data", department_note="身份证号是其兄的",
                    update_member_health="on", member_health="serious")  # fmt: skip
    assert "部门数据有误" in response.context["form"].errors["member_health"][0]
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=illness, outcome="wrong_data", visited_on=today(),
                     note="入户核实", department_note="身份证号是其兄的", member_health="serious")  # fmt: skip

    assert error.value.message_dict["member_health"] == [
        MSG_OUTCOME.format(outcome="部门数据有误（姓名与身份证号不符等）")
    ]
    assert Alert.objects.get(pk=illness.pk).status == "pending"
    assert Member.objects.get(pk=people["zhang"].pk).health == Health.HEALTHY


def test_not_offered_for_a_feed_that_is_not_about_health(personas, clerks, people, login):
    row = ["张大山", people["zhang"].id_number, "D", f"{today() - dt.timedelta(days=2):%Y-%m-%d}"]
    alert = raise_alert(clerks["housing"], "housing-safety", row)

    response = login(personas.cadre_a).get(f"/alerts/{alert.pk}/")

    assert "data-member-health" not in response.content.decode()
    assert "member_health" not in response.context["form"].fields
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="include", visited_on=today(),
                     note="入户核实，情况属实", category="sudden_hardship", member_health="serious")  # fmt: skip
    assert error.value.message_dict["member_health"] == [MSG_NOT_OFFERED]


def test_not_offered_for_a_member_who_has_died(personas, illness, people, login):
    Member.objects.filter(pk=people["zhang"].pk).update(living_status=LivingStatus.DECEASED)
    illness.refresh_from_db()

    assert health_offer(illness) is None
    assert "data-member-health" not in login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode()
    with pytest.raises(ValidationError) as error:
        alert_verify(actor=personas.cadre_a, alert=illness, outcome="deceased", visited_on=today(),
                     note="11月病故", member_health="serious", left_on=today())  # fmt: skip
    assert error.value.message_dict["member_health"] == [MSG_NOT_LIVING.format(name="张大山", status="已故")]


def test_the_api_updates_the_health_with_the_verification_and_refuses_it_elsewhere(
    personas, illness, disability, people, login
):
    client = login(personas.cadre_a)
    url = f"/api/v1/alerts/{illness.pk}/verify/"
    body = {"outcome": "not_at_risk", "visited_on": f"{today():%Y-%m-%d}", "note": "医保报销后自付部分不多，生活正常"}

    wrong = {"outcome": "wrong_data", "department_note": "身份证号是其兄的", "member_health": "serious"}
    refused = client.post(url, {**body, **wrong}, "application/json")
    assert refused.status_code == 400 and "member_health" in refused.json()
    done = client.post(url, {**body, "member_health": "chronic"}, content_type="application/json")

    assert done.status_code == 200 and done.json()["outcome"] == "not_at_risk"
    assert Member.objects.get(pk=people["zhang"].pk).health == Health.CHRONIC
    # Without the field, the verification leaves the member as it is.
    other = client.post(f"/api/v1/alerts/{disability.pk}/verify/", body, content_type="application/json")
    assert other.status_code == 200 and Member.objects.get(pk=people["li"].pk).health == Health.HEALTHY


def test_a_joined_case_record_says_the_health_was_updated_without_naming_it(personas, illness, clerks, people):
    first = alert_verify(actor=personas.cadre_a, alert=illness, outcome="include", visited_on=today(),
                         note="入户核实，情况属实", category="sudden_hardship")  # fmt: skip
    row = ["李秀英", people["li"].id_number, "肢体", "一级", f"{today():%Y-%m-%d}"]
    second = raise_alert(clerks["disabled_federation"], DISABILITY, row)

    alert_verify(actor=personas.cadre_a, alert=second, outcome="include", visited_on=today(), note="入户核实",
                 category="sudden_hardship", member_health="disabled", member_disability_grade="1")  # fmt: skip

    note = CaseEvent.objects.get(case=first.case, summary__contains="并入部门预警")
    assert "已同时更新该成员的健康状况" in note.summary and "李秀英" not in note.summary
