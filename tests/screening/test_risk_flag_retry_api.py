"""A risk flag posted again (a client retrying a request it got no answer to) is a 409 carrying the id of the flag
already there, with the same Chinese message; the page refuses it at the field as before."""

import pytest

from screening.models import RiskFlag

pytestmark = pytest.mark.django_db


def test_the_same_flag_posted_again_is_a_409_with_the_existing_flags_id(make_household, personas, login):
    household = make_household("9000")
    client = login(personas.cadre_a)
    body = {"household": household.pk, "risk_type": "disaster_loss", "note": "洪灾"}

    first = client.post("/api/v1/risk-flags/", body)
    again = client.post("/api/v1/risk-flags/", body)

    assert first.status_code == 201, first.content
    assert again.status_code == 409, again.content
    assert again.json()["detail"] == "该户已有同一来源的“因灾因意外财产损失大”风险标记。"
    assert again.json()["extra"]["id"] == first.json()["id"]
    assert RiskFlag.objects.filter(household=household).count() == 1


def test_the_flag_page_still_refuses_it_at_the_field(make_household, personas, login):
    household = make_household("9000")
    client = login(personas.cadre_a)
    client.post(f"/screening/households/{household.pk}/flags/new/", {"risk_type": "disaster_loss"})

    page = client.post(f"/screening/households/{household.pk}/flags/new/", {"risk_type": "disaster_loss"})

    assert page.status_code == 200 and "该户已有同一来源的" in page.content.decode()
    assert RiskFlag.objects.filter(household=household).count() == 1
