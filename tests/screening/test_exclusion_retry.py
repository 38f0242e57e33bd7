"""An exclusion fact is recorded once: a request retried with its token (once / Idempotency-Key, config.api_once)
is answered with the fact it recorded; the same fact as an active one of the household (same person, kind and
source) is refused, by the API with a 409 naming it, by the page with the same Chinese message."""

import uuid

import pytest

from config.api_once import ONCE_HEADER
from screening.models import ExclusionFact

pytestmark = pytest.mark.django_db
API = "/api/v1/exclusions/"


def _car(household, member=None):
    return {"household": household.pk, "kind": "car", "member": member.pk if member else None, "note": "2023年购轿车"}


def test_a_request_retried_with_its_key_records_the_exclusion_once(make_household, personas, login):
    household = make_household("9000")
    member = household.members.order_by("pk").last()
    client = login(personas.cadre_a)
    token = str(uuid.uuid4())

    first = client.post(API, _car(household, member), content_type="application/json", headers={ONCE_HEADER: token})
    again = client.post(API, _car(household, member), content_type="application/json", headers={ONCE_HEADER: token})

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert ExclusionFact.objects.filter(household=household).count() == 1


def test_the_same_active_exclusion_posted_again_is_a_409_naming_it(make_household, personas, login):
    household = make_household("9000")
    member = household.members.order_by("pk").last()
    client = login(personas.cadre_a)

    first = client.post(API, _car(household, member), content_type="application/json")
    again = client.post(API, {**_car(household, member), "note": "另一说明"}, content_type="application/json")

    assert first.status_code == 201, first.content
    assert again.status_code == 409, again.content
    fact = ExclusionFact.objects.get(household=household)
    assert again.json()["extra"]["id"] == first.json()["id"] == fact.pk
    assert again.json()["detail"] == (
        f"{member.name}已有有效的排除情形“{fact.get_kind_display()}”（ID {fact.pk}，"
        f"{fact.recorded_on:%Y-%m-%d} 登记），本次未重复登记。"
    )


def test_another_person_another_kind_or_a_withdrawn_fact_is_not_a_duplicate(make_household, personas, login):
    household = make_household("9000")
    head, son = household.members.order_by("pk")
    client = login(personas.cadre_a)
    client.post(API, _car(household, son), content_type="application/json")

    other_member = client.post(API, _car(household, head), content_type="application/json")
    whole = client.post(API, _car(household), content_type="application/json")
    other_kind = client.post(API, {**_car(household, son), "kind": "public_funded"}, content_type="application/json")
    ExclusionFact.objects.filter(member=son, kind="car").update(is_active=False)
    after_withdrawal = client.post(API, _car(household, son), content_type="application/json")

    statuses = [r.status_code for r in (other_member, whole, other_kind, after_withdrawal)]
    assert statuses == [201, 201, 201, 201]


def test_the_page_refuses_the_same_child_again_and_takes_a_resent_page_once(make_household, personas, login):
    household = make_household("9000")
    client = login(personas.cadre_a)
    url = f"/screening/households/{household.pk}/exclusions/new/"
    child = {"kind": "car", "target": "child", "child_name": "张大", "child_id_number": "110101199003070038"}
    token = str(uuid.uuid4())

    first = client.post(url, {**child, "once": token})
    resent = client.post(url, {**child, "once": token}, follow=True)
    again = client.post(url, {**child, "child_name": "张大 "})

    assert first.status_code == 302
    assert "该排除情形已保存（重复提交未再次保存）" in resent.content.decode()
    fact = ExclusionFact.objects.get(household=household)
    assert again.status_code == 200
    assert f"分户子女张大已有有效的排除情形“{fact.get_kind_display()}”（ID {fact.pk}" in again.content.decode()


def test_a_key_reused_for_another_exclusion_is_a_409_and_records_nothing(make_household, personas, login):
    household = make_household("9000")
    head, son = household.members.order_by("pk")
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    first = client.post(API, _car(household, son), content_type="application/json", headers={ONCE_HEADER: token})

    other = client.post(API, _car(household, head), content_type="application/json", headers={ONCE_HEADER: token})

    assert first.status_code == 201, first.content
    assert other.status_code == 409, other.content
    assert other.json()["extra"]["once"] == token
    assert list(ExclusionFact.objects.filter(household=household).values_list("member", flat=True)) == [son.pk]
