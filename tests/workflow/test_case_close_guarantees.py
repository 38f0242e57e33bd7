"""Review finding on 2d6a57e: opening an inclusion for 饮水安全问题 / 唯一住房存在安全问题 sets the household's 饮水
(住房) 安全有保障 to 否 in the same act; a case that then ends without inclusion (withdrawn as a mistake, 不通过, a
green channel's revocation) left the 否 behind, a failed guarantee on a household nobody monitors. It is restored, in
the history naming the case, unless someone changed the field since (workflow.services.guarantee_restore)."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from households.models import Household, HouseholdEvent
from households.services.registry import household_update
from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import CaseStatus, Outcome
from workflow.models import Case, CaseEvent

pytestmark = pytest.mark.django_db

WATER = {"risk_types": ["unsafe_water"], "national_risk_types": ["drinking_water"]}
NOTICE = "撤回后，本案发起时改为“否”的饮水安全有保障将恢复为“是”"


def guarantees(household):
    fresh = Household.objects.get(pk=household.pk)
    return fresh.housing_ok, fresh.water_ok


def restoration(household):
    return HouseholdEvent.objects.filter(household=household, summary__contains="已恢复为“是”").get()


def test_withdrawing_a_case_opened_for_unsafe_water_by_mistake_restores_it(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a, **WATER)
    assert guarantees(household_a) == (True, False)
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/withdraw/"
    form = client.get(url).content.decode()
    assert NOTICE in form and "data-restore" in form
    assert f"{NOTICE}。确定撤回？" in form  # the confirmation says it too

    done = client.post(url, {"note": "误选风险类型，该户饮水安全有保障"}, follow=True)

    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    assert guarantees(household_a) == (True, True)
    assert "本案发起时改为“否”的饮水安全有保障已恢复为“是”。" in done.content.decode()
    event = restoration(household_a)
    opened = f"{timezone.localdate(case.created_at):%Y-%m-%d}"
    assert event.summary.startswith(f"纳入案件（{opened}发起）已撤回，未纳入监测：")
    assert event.changes == [{"field": "water_ok", "label": "饮水安全有保障", "old": "否", "new": "是"}]


def test_a_case_refused_at_the_village_review_restores_the_housing_it_switched_off(personas, household_a):
    case = open_case(personas.cadre_a, household_a, risk_types=["unsafe_housing"], national_risk_types=["housing"])
    assert guarantees(household_a) == (False, True)
    case_act(
        actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="住房已鉴定安全"
    )

    assert Case.objects.get(pk=case.pk).status == CaseStatus.REJECTED
    assert guarantees(household_a) == (True, True)
    assert "未通过，未纳入监测" in restoration(household_a).summary


def test_a_field_someone_changed_after_the_opening_is_left_alone(personas, login, household_a):
    case = open_case(
        personas.cadre_a,
        household_a,
        risk_types=["unsafe_housing", "unsafe_water"],
        national_risk_types=["housing", "drinking_water"],
    )
    # A cadre edits the water guarantee after the opening (and back to 否): it is theirs now, not the case's.
    household_update(actor=personas.cadre_a, household=household_a, water_ok=True)
    household_update(actor=personas.cadre_a, household=household_a, water_ok=False)
    form = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    assert "住房安全有保障将恢复为“是”" in form and "饮水安全有保障将恢复" not in form

    login(personas.cadre_a).post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选风险类型"})

    assert guarantees(household_a) == (True, False)
    assert restoration(household_a).changes == [
        {"field": "housing_ok", "label": "住房安全有保障", "old": "否", "new": "是"}
    ]


def test_a_withdrawal_with_nothing_switched_off_says_nothing_and_changes_nothing(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)  # a medical cost
    client = login(personas.cadre_a)
    assert "data-restore" not in client.get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    done = client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选农户"}, follow=True)
    assert "已恢复" not in done.content.decode()
    assert guarantees(household_a) == (True, True)
    assert not HouseholdEvent.objects.filter(household=household_a, summary__contains="已恢复").exists()


def test_a_revoked_green_channel_inclusion_restores_the_water(personas, household_a):
    case = open_green(personas.county_officer, household_a, risk_types=["disaster_loss", "unsafe_water"])
    assert guarantees(household_a) == (True, False)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )  # fmt: skip
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="饮水已通")

    household = Household.objects.get(pk=household_a.pk)
    assert household.monitoring_category == "" and household.water_ok is True
    assert restoration(household_a).changes[0]["field"] == "water_ok"


def test_the_opening_is_found_by_its_case_event_whatever_its_history_row_says(personas, login, household_a):
    """The opening's history row is named by the case's opening event: its wording is for people (a row written
    under another wording, or a reworded release) and does not decide whether the water comes back."""
    case = open_case(personas.cadre_a, household_a, **WATER)
    opened = HouseholdEvent.objects.filter(household=household_a).order_by("-pk").first()
    HouseholdEvent.objects.filter(pk=opened.pk).update(summary="纳入案件发起：饮水安全问题")
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/withdraw/"
    assert NOTICE in client.get(url).content.decode()

    done = client.post(url, {"note": "误选风险类型"}, follow=True)

    assert guarantees(household_a) == (True, True)
    assert "本案发起时改为“否”的饮水安全有保障已恢复为“是”。" in done.content.decode()


def test_a_visit_since_the_opening_that_found_the_water_unsafe_keeps_it_at_no(personas, login, household_a):
    """A visit after the opening that records the water as unsafe changes nothing (it is 否 already) but is a
    finding of its own: the withdrawal leaves the water at 否, and the page says so and why before confirming."""
    case = open_case(personas.cadre_a, household_a, **WATER)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), findings={"water_ok": False})
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/withdraw/"
    form = client.get(url).content.decode()
    stays = f"本案发起后的走访（{today():%Y-%m-%d}）仍记录饮水安全有保障为“否”，撤回后不恢复"
    assert f"{stays}。</p>" in form and "撤回后不恢复。确定撤回？" in form  # the notice, and the confirmation
    assert "将恢复为“是”" not in form

    done = client.post(url, {"note": "误选风险类型"}, follow=True).content.decode()

    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    assert guarantees(household_a) == (True, False)
    assert "已恢复" not in done
    assert not HouseholdEvent.objects.filter(household=household_a, summary__contains="已恢复").exists()


def test_the_withdraw_page_tells_what_comes_back_and_what_a_visit_keeps(personas, login, household_a):
    """A visit since the opening that gave the housing back (是) and found the water still unsafe (否, answered: the
    visit page and API ask it while the case holds it, households.services.visit_confirm): the housing is the
    visit's, the water stays, and the page says only the latter."""
    case = open_case(
        personas.cadre_a,
        household_a,
        risk_types=["unsafe_housing", "unsafe_water"],
        national_risk_types=["housing", "drinking_water"],
    )
    findings = {"housing_ok": True, "water_ok": False}
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), findings=findings)
    form = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    assert f"本案发起后的走访（{today():%Y-%m-%d}）仍记录饮水安全有保障为“否”，撤回后不恢复" in form
    assert "住房安全有保障" not in form.split("data-restore")[1].split("</p>")[0]

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="误选")

    assert guarantees(household_a) == (True, False)


def test_a_visit_entered_since_the_opening_for_a_day_before_it_does_not_keep_the_no(personas, household_a):
    """A visit of a day before the opening, entered after it, takes the household's state (the case's 否) for the
    findings it does not give: no finding since the opening, so the refusal restores the water."""
    case = open_case(personas.cadre_a, household_a, **WATER)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today() - dt.timedelta(days=2))
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="饮水已通")

    assert guarantees(household_a) == (True, True)


def test_a_case_opened_before_its_event_named_the_row_is_restored_after_the_migration(personas, household_a):
    """Migration 0026 names the opening's history row in the opening events written before case_open did."""
    case = open_case(personas.cadre_a, household_a, **WATER)
    CaseEvent.objects.filter(case=case, action="case_open").update(detail={})
    import_module("workflow.migrations.0026_case_open_household_event").forwards(django_apps, None)

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="误选")

    assert guarantees(household_a) == (True, True)
