"""Review finding: a village correction of a returned case (补正, services.case_correction) that added 饮水安全问题 or
唯一住房存在安全问题 left the household's 饮水 (住房) 安全有保障 at 是, while an opening with that risk sets it to 否 in
the same act. A correction now does as the opening does, says so on the page before saving and in its record, and a
later withdrawal or refusal gives the 否 back as it gives an opening's; a correction removing the risk gives back the
否 the case set, unless someone changed it since (workflow.services.guarantee_restore)."""

import pytest

from households.models import Household, HouseholdEvent
from households.services.registry import household_update
from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import walk_to
from workflow.choices import CaseStatus, Outcome
from workflow.models import Case
from workflow.services.case_correction import CORRECT_GUARANTEE_HELP

pytestmark = pytest.mark.django_db

NOTE = "请核实风险类型"
WATER = {"risk_types": ["unsafe_water"], "national_risk_types": ["drinking_water"]}


def guarantees(household):
    fresh = Household.objects.get(pk=household.pk)
    return fresh.housing_ok, fresh.water_ok


def returned(personas, household, **risks):
    case = open_case(personas.cadre_a, household, **risks)
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)
    return case


def correct(client, case, risk_types, **kwargs):
    """The correction page's post: the risk types ticked, the category as shown."""
    body = {"risk_types": risk_types, "category": case.category}
    return client.post(f"/workflow/cases/{case.pk}/correct/", body, **kwargs)


def test_a_correction_adding_unsafe_water_records_it_and_a_withdrawal_gives_it_back(personas, login, household_a):
    case = returned(personas, household_a)  # a medical cost
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/correct/"
    assert CORRECT_GUARANTEE_HELP in client.get(url).content.decode()  # said before saving

    done = correct(client, case, ["medical_cost", "unsafe_water"], follow=True).content.decode()

    assert guarantees(household_a) == (True, False)
    assert "该户档案的饮水安全有保障同时改为“否”。" in done
    row = HouseholdEvent.objects.filter(household=household_a).latest("pk")
    assert "村级补正" in row.summary
    assert row.changes == [{"field": "water_ok", "label": "饮水安全有保障", "old": "是", "new": "否"}]
    assert "饮水安全有保障同时改为“否”" in case.events.get(action="case_correct").summary

    withdraw = f"/workflow/cases/{case.pk}/withdraw/"
    assert "撤回后，本案补正时改为“否”的饮水安全有保障将恢复为“是”" in client.get(withdraw).content.decode()
    done = client.post(withdraw, {"note": "误选风险类型"}, follow=True).content.decode()

    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    assert guarantees(household_a) == (True, True)
    assert "本案补正时改为“否”的饮水安全有保障已恢复为“是”。" in done


def test_an_api_correction_adding_an_unsafe_house_is_given_back_by_a_refusal(personas, login, household_a):
    case = returned(personas, household_a)
    client = login(personas.cadre_a)
    assert CORRECT_GUARANTEE_HELP in client.get("/api/v1/schema/").content.decode()
    body = {"risk_types": ["medical_cost", "unsafe_housing"]}

    response = client.post(f"/api/v1/cases/{case.pk}/correct/", body, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["risk_types"] == ["medical_cost", "unsafe_housing"]
    assert guarantees(household_a) == (False, True)

    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="住房安全")

    assert guarantees(household_a) == (True, True)


def test_a_correction_removing_the_unsafe_water_gives_back_the_cases_no(personas, login, household_a):
    case = returned(personas, household_a, **WATER)
    assert guarantees(household_a) == (True, False)
    client = login(personas.cadre_a)

    done = correct(client, case, ["medical_cost"], follow=True).content.decode()

    assert guarantees(household_a) == (True, True)
    assert "本案发起时改为“否”的饮水安全有保障已恢复为“是”。" in done
    row = HouseholdEvent.objects.filter(household=household_a).latest("pk")
    assert row.changes == [{"field": "water_ok", "label": "饮水安全有保障", "old": "否", "new": "是"}]

    # Added back by a second correction: 否 again, and the refusal restores that one.
    correct(client, case, ["medical_cost", "unsafe_water"])
    assert guarantees(household_a) == (True, False)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.REJECT, note="饮水已通")
    assert guarantees(household_a) == (True, True)


def test_a_removed_risk_leaves_a_no_someone_set_since_or_a_visit_found(personas, login, household_a):
    both = {"risk_types": ["unsafe_housing", "unsafe_water"], "national_risk_types": ["housing", "drinking_water"]}
    case = returned(personas, household_a, **both)
    household_update(actor=personas.cadre_a, household=household_a, housing_ok=True)
    household_update(actor=personas.cadre_a, household=household_a, housing_ok=False)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), findings={"water_ok": False})

    done = correct(login(personas.cadre_a), case, ["medical_cost"], follow=True)

    assert Case.objects.get(pk=case.pk).risk_types == ["medical_cost"]
    assert guarantees(household_a) == (False, False)
    assert f"本案发起后的走访（{today():%Y-%m-%d}）仍记录饮水安全有保障为“否”，不恢复" in done.content.decode()
    assert "已恢复" not in done.content.decode()
