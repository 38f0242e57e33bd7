"""A 月度走访 or 集中排查 recorded through the API states all five 两不愁三保障 + 饮水 items, as the visit page's five
boxes do (review: a POST with none recorded five 是 nobody gave, findings_checked true, and the 走访台账 printed
是 ×5): a client that leaves one out gets a 400 naming the items it left out, and nothing is recorded."""

import pytest

from households.api_visits import MSG_FINDINGS_REQUIRED
from households.models import Visit
from households.services.visit_stated import FINDINGS
from tests.clock import today

pytestmark = pytest.mark.django_db

ALL_FIVE = "不愁吃穿、义务教育有保障、基本医疗有保障、住房安全有保障、饮水安全有保障"


def post(client, body, **kwargs):
    return client.post("/api/v1/visits/", body, content_type="application/json", **kwargs)


def test_a_monthly_visit_sent_without_findings_is_refused_naming_all_five(personas, login, household_a):
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "kind": "monthly"}

    refused = post(login(personas.cadre_a), body)

    assert refused.status_code == 400, refused.content
    message = MSG_FINDINGS_REQUIRED.format(kind="月度走访", items=ALL_FIVE)
    assert {name: refused.json()[name] for name in FINDINGS} == {name: [message] for name in FINDINGS}
    assert not Visit.objects.filter(household=household_a).exists()


def test_a_campaign_visit_missing_two_items_is_refused_naming_those_two(personas, login, household_a):
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "kind": "campaign"}
    body |= {"food_clothing_ok": True, "education_ok": True, "medical_ok": False}

    refused = post(login(personas.cadre_a), body)

    assert refused.status_code == 400
    message = MSG_FINDINGS_REQUIRED.format(kind="集中排查", items="住房安全有保障、饮水安全有保障")
    assert refused.json()["housing_ok"] == [message] and refused.json()["water_ok"] == [message]
    assert "medical_ok" not in refused.json()
    assert not Visit.objects.filter(household=household_a).exists()


def test_a_multipart_visit_leaving_out_a_box_is_refused_too(personas, login, household_a):
    body = {"household": household_a.pk, "visited_on": today().isoformat()}
    body |= {name: "true" for name in FINDINGS if name != "water_ok"}

    refused = login(personas.cadre_a).post("/api/v1/visits/", body)

    assert refused.status_code == 400
    assert refused.json()["water_ok"] == [MSG_FINDINGS_REQUIRED.format(kind="月度走访", items="饮水安全有保障")]
    assert not Visit.objects.filter(household=household_a).exists()


def test_a_visit_sending_all_five_records_them_as_stated(personas, login, household_a):
    body = {"household": household_a.pk, "visited_on": today().isoformat()}
    body |= {name: name != "water_ok" for name in FINDINGS}

    recorded = post(login(personas.cadre_a), body)

    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["findings_checked"] is True and recorded.json()["water_ok"] is False
    visit = Visit.objects.get(household=household_a)
    assert set(visit.stated_findings) == set(FINDINGS) and visit.water_ok is False
