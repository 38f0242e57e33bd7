"""A child under 14 is not named in full on a public notice (DOMAIN.md "Privacy"): masked as surname + 某某
(households.public_names). And a consent recorded with a head under 14 as 户主本人 signer is refused: the guardian
(监护人) signs through the 代签 path."""

import datetime as dt

import pytest

from households.choices import Relation
from households.models import Consent
from households.public_names import MSG_HEAD_CHILD, masked_name
from households.services.members import age_on
from tests.clock import today
from tests.households.conftest import consent_scan

pytestmark = pytest.mark.django_db


def make_head_a_child(household, years: int = 10):
    birth = today().replace(year=today().year - years, day=1)
    household.members.filter(relation=Relation.HEAD).update(birth_date=birth)
    assert age_on(birth, today()) < 14


def post(client, household, signer: str, **extra):
    data = {"signed_on": today().isoformat(), "signer": signer, "scan": consent_scan(), **extra}
    return client.post(f"/households/{household.pk}/consent/new/", data)


def test_masked_name_keeps_the_surname_only():
    assert masked_name("印小明") == "印某某"
    assert masked_name("欧阳小明") == "欧阳某某"


def test_a_child_head_cannot_sign_the_consent_himself(household_a, personas, login):
    make_head_a_child(household_a)
    client = login(personas.cadre_a)

    refused = post(client, household_a, "self")

    assert refused.status_code == 200
    assert MSG_HEAD_CHILD.format(name="张大山") in refused.content.decode()
    assert not Consent.objects.filter(household=household_a).exists()


def test_the_guardian_signs_a_child_heads_consent_as_proxy(household_a, personas, login):
    make_head_a_child(household_a)
    client = login(personas.cadre_a)

    done = post(client, household_a, "proxy", proxy_name="李秀英", thumbprint="on")

    assert done.status_code == 302
    assert Consent.objects.get(household=household_a).proxy_name == "李秀英"


def test_the_api_refuses_the_child_heads_own_signature(household_a, personas, login):
    make_head_a_child(household_a)
    data = {"household": household_a.pk, "signed_on": today().isoformat(), "signer": "self", "scan": consent_scan()}

    response = login(personas.cadre_a).post("/api/v1/consents/", data)

    assert response.status_code == 400
    assert response.json()["signer"] == [MSG_HEAD_CHILD.format(name="张大山")]


def test_an_adult_head_still_signs_himself(household_a, personas, login):
    assert post(login(personas.cadre_a), household_a, "self").status_code == 302
    assert dt.date(2021, 1, 1) <= Consent.objects.get(household=household_a).signed_on


def test_the_printed_consents_member_table_scrolls_on_a_phone(household_a, personas, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/consent/print/").content.decode()

    assert '<div class="print-scroll readable"><table class="print-table">' in page
