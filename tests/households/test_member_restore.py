"""Undoing a wrong 已故/迁出 mark (review: a cadre who marked the wrong person had no way back but a second
registration): with a reason, the relation to the current head, the year's income recomputed, in the history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.choices import LivingStatus, Relation
from households.models import HouseholdEvent, Member
from households.services import registry
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def _mark(actor, member, status=LivingStatus.DECEASED, **kwargs):
    return member_set_status(left_reason="work", actor=actor, member=member, status=status, on=today(), **kwargs)


def test_a_son_marked_deceased_by_mistake_lives_again_and_counts_in_the_household(household_a, personas):
    son = household_a.members.get(name="张小明")
    _mark(personas.cadre_a, son)

    member_restore(actor=personas.cadre_a, member=son, reason="误标，实际在世", relation=Relation.SON)

    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING and son.status_changed_on is None
    assert household_a.members.filter(living_status=LivingStatus.LIVING).count() == 3
    event = HouseholdEvent.objects.filter(household=household_a, summary__startswith="撤销").get()
    assert event.summary == "撤销 张小明 的“已故”标记，恢复为在世：误标，实际在世"
    assert AuditEvent.objects.filter(action="member.restore", summary__contains="误标").exists()


def test_a_former_head_comes_back_under_the_head_who_took_over(household_a, personas):
    head, wife = household_a.members.get(name="张大山"), household_a.members.get(name="李秀英")
    _mark(personas.cadre_a, head, new_head=wife, relations={household_a.members.get(name="张小明").pk: Relation.SON})

    # 户主 again would make two heads: refused, the cadre gives his relation to the new head.
    with pytest.raises(ValidationError) as refused:
        member_restore(actor=personas.cadre_a, member=head, reason="误标", relation=Relation.HEAD)
    assert "本户已有户主 李秀英" in str(refused.value)

    member_restore(actor=personas.cadre_a, member=head, reason="误标", relation=Relation.SPOUSE)
    head.refresh_from_db()
    household_a.refresh_from_db()
    assert head.relation == Relation.SPOUSE and household_a.head_name == "李秀英"


def test_the_only_member_of_a_household_is_its_head_again(personas, county):
    household = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("孤老汉", Relation.HEAD, dt.date(1940, 1, 1), 11)],
        household_type="ordinary",
    )
    alone = household.members.get()
    _mark(personas.cadre_a, alone)
    household.refresh_from_db()
    assert household.head_name == "孤老汉"  # named after its last head while none is living

    with pytest.raises(ValidationError, match="恢复的成员即为户主"):
        member_restore(actor=personas.cadre_a, member=alone, reason="误标", relation=Relation.FATHER)
    member_restore(actor=personas.cadre_a, member=alone, reason="误标", relation=Relation.HEAD)
    household.refresh_from_db()
    assert household.head_name == "孤老汉"


def test_one_who_moved_out_and_lives_in_another_household_cannot_be_restored(household_a, household_b, personas):
    son = household_a.members.get(name="张小明")
    _mark(personas.cadre_a, son, status=LivingStatus.MOVED_OUT)
    # registered again where he moved to (the living number is unique)
    Member.objects.filter(pk=household_b.members.get().pk).update(id_number=son.id_number)

    with pytest.raises(ValidationError) as refused:
        member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)
    assert "不能恢复为在世" in str(refused.value) and "请先在该户将其标记迁出" in str(refused.value)
    son.refresh_from_db()
    assert son.living_status == LivingStatus.MOVED_OUT


def test_a_reason_is_required_and_a_living_member_is_not_restored(household_a, personas):
    son = household_a.members.get(name="张小明")
    with pytest.raises(ApplicationError, match="无需撤销"):
        member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)
    _mark(personas.cadre_a, son)
    with pytest.raises(ValidationError, match="请说明撤销的原因"):
        member_restore(actor=personas.cadre_a, member=son, reason="  ", relation=Relation.SON)


def test_another_villages_cadre_cannot_restore(household_a, personas):
    son = household_a.members.get(name="张小明")
    _mark(personas.cadre_a, son)
    with pytest.raises(PermissionDenied):
        member_restore(actor=personas.cadre_b, member=son, reason="误标", relation=Relation.SON)
    son.refresh_from_db()
    assert son.living_status == LivingStatus.DECEASED


def test_the_page_asks_for_a_reason_and_confirms_before_restoring(household_a, personas, login):
    son = household_a.members.get(name="张小明")
    _mark(personas.cadre_a, son)
    client = login(personas.cadre_a)

    detail = client.get(f"/households/{household_a.pk}/").content.decode()
    assert f"/households/members/{son.pk}/restore/" in detail

    page = client.get(f"/households/members/{son.pk}/restore/").content.decode()
    assert "撤销“已故”标记" in page and "确认撤销 张小明 的“已故”标记" in page

    response = client.post(f"/households/members/{son.pk}/restore/", {"reason": "", "relation": Relation.SON})
    assert "请说明撤销的原因" in response.content.decode()
    son.refresh_from_db()
    assert son.living_status == LivingStatus.DECEASED

    response = client.post(f"/households/members/{son.pk}/restore/", {"reason": "误标", "relation": Relation.SON})
    assert response.status_code == 302
    son.refresh_from_db()
    assert son.living_status == LivingStatus.LIVING
