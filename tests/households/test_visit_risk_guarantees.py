"""Review finding (fix_recent 1): a visit whose found risk contradicts its own 两不愁三保障 ticks — 饮水安全问题 with
饮水安全有保障 ticked, 唯一住房存在安全问题 with 住房安全有保障 ticked — is refused on the visit page and the visit
API, saying which box and why, instead of being saved and then contradicted by the case opened from it."""

import pytest

from households.models import Visit
from households.services.visit_guarantees import MSG_RISK_GUARANTEE
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db

WATER = MSG_RISK_GUARANTEE.format(risk="饮水安全问题", field="饮水安全有保障")
HOUSING = MSG_RISK_GUARANTEE.format(risk="唯一住房存在安全问题", field="住房安全有保障")


def visit_form(**fields):
    ticks = {name: "on" for name in ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")}
    return {"visited_on": today().isoformat(), "kind": "monthly", **ticks, **fields}


def test_the_page_refuses_a_water_risk_with_water_left_secured_and_says_so_under_the_boxes(
    personas, household_a, login
):
    response = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/visits/new/",
        visit_form(risk_found="on", risk_types=["unsafe_water"], notes="井水浑浊"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    boxes = page[page.index("两不愁三保障及饮水安全") : page.index("</fieldset>", page.index("两不愁三保障及饮水安全"))]
    assert WATER in boxes and HOUSING not in page
    assert not Visit.objects.filter(household=household_a).exists()


def test_the_page_records_the_water_risk_once_the_box_is_unticked(personas, household_a, login):
    form = visit_form(risk_found="on", risk_types=["unsafe_water", "unsafe_housing"])
    del form["water_ok"], form["housing_ok"]

    login(personas.cadre_a).post(f"/households/{household_a.pk}/visits/new/", form)

    visit = Visit.objects.get(household=household_a)
    household_a.refresh_from_db()
    assert visit.risk_types == ["unsafe_water", "unsafe_housing"] and not visit.water_ok and not visit.housing_ok
    assert not household_a.water_ok and not household_a.housing_ok


def test_the_api_refuses_a_housing_risk_on_a_visit_that_says_housing_is_secured(personas, household_a, login):
    client = login(personas.cadre_a)
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "risk_found": True, **ALL_SECURED}

    said = client.post(
        "/api/v1/visits/",
        {**body, "risk_types": ["unsafe_housing"], "housing_ok": True},
        content_type="application/json",
    )
    # Not sent: refused as left out, never taken as the household's 住房安全有保障 (是).
    left_out = {name: value for name, value in body.items() if name != "housing_ok"}
    unsent = client.post(
        "/api/v1/visits/", {**left_out, "risk_types": ["unsafe_housing"]}, content_type="application/json"
    )
    recorded = client.post(
        "/api/v1/visits/",
        {**body, "risk_types": ["unsafe_housing"], "housing_ok": False},
        content_type="application/json",
    )

    assert said.status_code == 400 and HOUSING in str(said.json())
    assert unsent.status_code == 400 and "本次未填写：住房安全有保障" in unsent.json()["housing_ok"][0]
    assert recorded.status_code == 201 and recorded.json()["housing_ok"] is False
    assert Visit.objects.filter(household=household_a).count() == 1
