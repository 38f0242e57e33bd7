"""Review finding (fx_visit 1): after an inclusion opened for unsafe water (or housing) set the household's
饮水安全有保障 to 否, the visit page opened that box as the household stood (unticked), and a visit left untouched
counted as the cadre confirming 否: the case's withdrawal then kept the water at 否 on a visit nobody had asked about
it. Now, while the open case's 否 stands, the visit page asks 是/否 with none chosen and the visit API wants the field
sent; a visit left unanswered is refused naming the item, and only a visit whose visitor answered keeps the 否
(workflow.services.guarantee_restore, households.services.visit_confirm)."""

import pytest
from django.core.exceptions import ValidationError

from households.choices import VisitKind
from households.models import Household, Visit
from households.services.visit_confirm import MSG_CONFIRM
from households.services.visits import visit_record
from tests.clock import today
from tests.households.visit_body import ALL_SECURED
from tests.workflow.batch_helpers import open_case
from workflow.choices import CaseStatus
from workflow.models import Case

pytestmark = pytest.mark.django_db

WATER = {"risk_types": ["unsafe_water"], "national_risk_types": ["drinking_water"]}
CONFIRM_WATER = MSG_CONFIRM.format(item="饮水安全", why="纳入案件发起时该户档案改为“否”")
BOXES = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok")


def visit_page(client, household):
    return client.get(f"/households/{household.pk}/visits/new/").content.decode()


def visit_form(**fields):
    """The page as the cadre leaves it: the boxes as shown (all ticked: secured), the water's 是/否 not answered."""
    return {"visited_on": today().isoformat(), "kind": "monthly", **dict.fromkeys(BOXES, "on"), **fields}


def water(household):
    return Household.objects.get(pk=household.pk).water_ok


def withdraw(client, case):
    return client.post(f"/workflow/cases/{case.pk}/withdraw/", {"note": "误选风险类型"}, follow=True)


def test_the_visit_page_asks_the_water_the_case_set_to_no_with_no_answer_chosen(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a, **WATER)
    client = login(personas.cadre_a)

    page = visit_page(client, household_a)

    start = page.index('data-confirm-finding="water_ok"')
    asked = page[start : page.index("</fieldset>", start)]
    assert "饮水安全有保障？" in asked and "纳入案件发起时该户档案改为“否”" in asked
    assert 'type="radio" name="water_ok" value="True"' in asked and 'value="False"' in asked
    assert "checked" not in asked  # neither 是 nor 否 chosen for the cadre
    assert 'type="checkbox" name="housing_ok"' in page and 'type="checkbox" name="water_ok"' not in page
    # Once the case is withdrawn (the water given back), it is a box again.
    withdraw(client, case)
    again = visit_page(client, household_a)
    assert "data-confirm-finding" not in again and 'type="checkbox" name="water_ok"' in again


def test_a_visit_left_unanswered_is_refused_naming_the_item_and_one_answered_no_keeps_the_water(
    personas, login, household_a
):
    case = open_case(personas.cadre_a, household_a, **WATER)
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/visits/new/"

    refused = client.post(url, visit_form(notes="例行走访"))

    assert refused.status_code == 200 and CONFIRM_WATER in refused.content.decode()
    assert not Visit.objects.filter(household=household_a).exists()

    client.post(url, visit_form(notes="例行走访", water_ok="False"))
    visit = Visit.objects.get(household=household_a)
    assert visit.water_ok is False
    stays = f"本案发起后的走访（{today():%Y-%m-%d}）仍记录饮水安全有保障为“否”，撤回后不恢复"
    assert stays in client.get(f"/workflow/cases/{case.pk}/withdraw/").content.decode()
    withdraw(client, case)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN and water(household_a) is False


def test_a_visit_answering_yes_gives_the_water_back_as_its_own_finding(personas, login, household_a):
    open_case(personas.cadre_a, household_a, **WATER)

    login(personas.cadre_a).post(f"/households/{household_a.pk}/visits/new/", visit_form(water_ok="True"))

    assert Visit.objects.get(household=household_a).water_ok is True and water(household_a) is True


def test_the_api_wants_the_water_sent_while_the_case_holds_it_at_no(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a, **WATER)
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "notes": "例行走访"}
    body |= {name: value for name, value in ALL_SECURED.items() if name != "water_ok"}

    # The API asks every item of a 月度走访 (api_visits), the case's 否 among them: never taken as it stands.
    unsent = client.post("/api/v1/visits/", body, content_type="application/json")
    sent = client.post("/api/v1/visits/", {**body, "water_ok": False}, content_type="application/json")

    assert unsent.status_code == 400 and "本次未填写：饮水安全有保障" in unsent.json()["water_ok"][0]
    assert sent.status_code == 201 and sent.json()["water_ok"] is False
    withdraw(client, case)
    assert water(household_a) is False  # the visit that answered keeps it


def test_a_verification_visit_taking_the_water_as_it_stood_confirms_nothing(personas, login, household_a):
    """An alert's verification records the household's findings as they stand: its 否 is the case's, not a finding,
    so the withdrawal gives the water back."""
    case = open_case(personas.cadre_a, household_a, **WATER)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), kind=VisitKind.ALERT)
    assert Visit.objects.get(household=household_a).water_ok is False

    withdraw(login(personas.cadre_a), case)

    assert water(household_a) is True


def test_the_service_refuses_a_monthly_visit_that_leaves_the_water_unstated(personas, household_a):
    open_case(personas.cadre_a, household_a, **WATER)

    with pytest.raises(ValidationError) as refused:
        visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), findings={"housing_ok": True})

    assert refused.value.message_dict == {"water_ok": [CONFIRM_WATER]}
