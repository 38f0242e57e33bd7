"""撤销标记 of a former head whose place another took: the page offers the relation they had, worked out from what the
new head was to them (a 之子 who took over: 之父; a wife: 配偶), instead of an empty choice."""

import re

import pytest

from households.choices import LivingStatus, Relation
from households.services.member_status import member_set_status
from tests.clock import today

pytestmark = pytest.mark.django_db


def _selected(page: str) -> str:
    start = page.index('name="relation"')
    found = re.search(r'<option value="([a-z_]*)" selected>', page[start : page.index("</select>", start)])
    return found.group(1) if found else ""


def _marked_with(household, personas, successor_name: str) -> tuple:
    head = household.members.get(relation=Relation.HEAD)
    successor = household.members.get(name=successor_name)
    remaining = household.members.filter(living_status=LivingStatus.LIVING).exclude(pk__in=[head.pk, successor.pk])
    relations = {m.pk: (Relation.MOTHER if m.relation == Relation.SPOUSE else Relation.SON) for m in remaining}
    member_set_status(
        actor=personas.cadre_a,
        member=head,
        status=LivingStatus.MOVED_OUT,
        on=today(),
        left_reason="work",
        new_head=successor,
        relations=relations,
        confirm_unusual=True,
    )
    return head, successor


def test_a_former_head_whose_son_took_over_is_offered_as_his_father(household_a, personas, login):
    head, _ = _marked_with(household_a, personas, "张小明")

    page = login(personas.cadre_a).get(f"/households/members/{head.pk}/restore/").content.decode()

    assert "与现户主 张小明 的关系" in page
    assert _selected(page) == Relation.FATHER


def test_a_former_head_whose_wife_took_over_is_offered_as_her_spouse(household_a, personas, login):
    head, _ = _marked_with(household_a, personas, "李秀英")

    page = login(personas.cadre_a).get(f"/households/members/{head.pk}/restore/").content.decode()

    assert _selected(page) == Relation.SPOUSE
