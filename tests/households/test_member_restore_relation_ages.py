"""撤销已故/迁出 with a new relation under the current head asks what the add-member form asks: a granddaughter born
in 2016 restored as 之母 of a head born in 1959 was saved without the "仍要保存" question. A relation the sex
contradicts, or a spouse under 16, is refused outright, as on the member form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.confirm import CONFIRM_FIELD, CONFIRM_LABEL, MSG_CONFIRM
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.members import MSG_SPOUSE_UNDER_16
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

YOUNGER_MOTHER = "张小花（2016年生）与户主关系为“之母”，却比户主张大山（1959年生）年幼，请核对。"


@pytest.fixture
def granddaughter(personas, county):
    """张大山户 (head born 1959) and his granddaughter 张小花 (2016), marked 迁出 by mistake."""
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[
            member_row("张大山", Relation.HEAD, dt.date(1959, 3, 12), 11),
            member_row("张小花", Relation.GRANDDAUGHTER, dt.date(2016, 5, 2), 22, student_stage="primary"),
        ],
        household_type=HouseholdType.ORDINARY,
    )
    girl = household.members.get(name="张小花")
    member_set_status(
        left_reason="work", actor=personas.cadre_a, member=girl, status=LivingStatus.MOVED_OUT, on=today()
    )
    return girl


def test_a_member_restored_as_a_mother_younger_than_the_head_is_asked_about_then_saved_with_a_note(
    granddaughter, personas
):
    with pytest.raises(ValidationError) as refused:
        member_restore(actor=personas.cadre_a, member=granddaughter, reason="误标迁出", relation=Relation.MOTHER)

    assert refused.value.message_dict["relation"] == [YOUNGER_MOTHER]
    assert refused.value.message_dict[CONFIRM_FIELD] == [MSG_CONFIRM]
    granddaughter.refresh_from_db()
    assert granddaughter.living_status == LivingStatus.MOVED_OUT

    member_restore(
        actor=personas.cadre_a,
        member=granddaughter,
        reason="误标迁出",
        relation=Relation.MOTHER,
        confirm_unusual=True,
    )
    granddaughter.refresh_from_db()
    assert granddaughter.living_status == LivingStatus.LIVING and granddaughter.relation == Relation.MOTHER
    summary = HouseholdEvent.objects.filter(member=granddaughter, summary__startswith="撤销").get().summary
    assert f"（已核实确认：{YOUNGER_MOTHER.rstrip('。')}）" in summary


def test_the_restore_page_and_the_api_ask_before_saving(granddaughter, personas, login):
    client = login(personas.cadre_a)
    page = client.post(f"/households/members/{granddaughter.pk}/restore/", {"reason": "误标迁出", "relation": "mother"})
    html = page.content.decode()
    assert page.status_code == 200
    assert YOUNGER_MOTHER in html and CONFIRM_LABEL in html

    url = f"/api/v1/members/{granddaughter.pk}/restore/"
    body = {"reason": "误标迁出", "relation": "mother"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["relation"] == [YOUNGER_MOTHER]
    granddaughter.refresh_from_db()
    assert granddaughter.living_status == LivingStatus.MOVED_OUT

    saved = client.post(url, {**body, "confirm_unusual": True}, content_type="application/json")
    assert saved.status_code == 200, saved.content.decode()
    granddaughter.refresh_from_db()
    assert granddaughter.relation == Relation.MOTHER


def test_a_relation_the_sex_contradicts_or_a_child_spouse_is_refused_even_when_confirmed(granddaughter, personas):
    for relation in (Relation.FATHER, Relation.SPOUSE):
        with pytest.raises(ValidationError) as refused:
            member_restore(
                actor=personas.cadre_a,
                member=granddaughter,
                reason="误标迁出",
                relation=relation,
                confirm_unusual=True,
            )
        message = refused.value.message_dict["relation"][0]
        assert ("性别" in message) if relation == Relation.FATHER else (message == MSG_SPOUSE_UNDER_16)
    granddaughter.refresh_from_db()
    assert granddaughter.living_status == LivingStatus.MOVED_OUT


def test_a_relation_the_ages_fit_is_saved_without_a_question(granddaughter, personas):
    member_restore(actor=personas.cadre_a, member=granddaughter, reason="误标迁出", relation=Relation.GRANDDAUGHTER)
    granddaughter.refresh_from_db()
    assert granddaughter.living_status == LivingStatus.LIVING
