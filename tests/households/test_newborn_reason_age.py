"""新增原因 新生儿 is for a baby under one year old (the age 暂无身份证号 allows, households.services.newborn): an
11-year-old added as 新生儿 is refused, naming the birth date read from the ID number, on the page, in the API and in
the service; a baby with its number, a few months old, may be one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import Relation
from households.member_reasons import JoinReason
from households.services import registry
from households.services.member_reasons import MSG_NEWBORN_AGE
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def eleven_years_ago() -> dt.date:
    return today().replace(year=today().year - 11, day=1)


def schoolboy(**extra) -> dict:
    return member_row("张小军", Relation.GRANDSON, eleven_years_ago(), 71, student_stage="primary", **extra)


def page_row(row: dict, **extra) -> dict:
    data = {"employment_place": "none", "employment_months": "0", "medical_insurance": "on"} | dict(row)
    return data | {"assistance_status": "none", "joined_on": f"{today():%Y-%m-%d}"} | extra


def test_the_service_refuses_a_newborn_of_eleven_naming_the_birth_date(household_a, personas):
    with pytest.raises(ValidationError) as refused:
        registry.member_add(actor=personas.cadre_a, household=household_a, data=schoolboy(), reason="newborn")

    message = MSG_NEWBORN_AGE.format(birth=eleven_years_ago())
    assert refused.value.message_dict == {"joined_reason": [message]}
    assert f"{eleven_years_ago():%Y-%m-%d}" in message
    assert not household_a.members.filter(name="张小军").exists()


def test_a_baby_of_a_few_months_with_its_number_may_be_a_newborn(household_a, personas):
    baby = member_row("张小宝", Relation.GRANDSON, today() - dt.timedelta(days=90), 73, student_stage="none")

    member = registry.member_add(actor=personas.cadre_a, household=household_a, data=baby, reason="newborn")

    assert member.joined_reason == JoinReason.NEWBORN


def test_the_page_says_the_birth_date_and_takes_another_reason(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/members/new/"

    refused = client.post(url, page_row(schoolboy(), joined_reason="newborn"))

    assert refused.status_code == 200
    assert MSG_NEWBORN_AGE.format(birth=eleven_years_ago()) in refused.content.decode()
    assert not household_a.members.filter(name="张小军").exists()
    saved = client.post(url, page_row(schoolboy(), joined_reason="moved_in"))
    assert saved.status_code == 302, saved.content.decode()


def test_the_api_refuses_a_newborn_of_eleven(household_a, personas, login):
    client = login(personas.cadre_a)

    refused = client.post(
        "/api/v1/members/",
        {**schoolboy(), "household": household_a.pk, "joined_reason": "newborn"},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert refused.json()["joined_reason"] == [MSG_NEWBORN_AGE.format(birth=eleven_years_ago())]
