"""A member moved by the township into a household of another village (合户) is on record on both sides: the household
it left reads 迁出 in its 变更记录 (seen by that village's cadre), the household it joined reads 迁入, and the audit
log read for either village (its 区划 filter) shows that village's side of the move."""

import pytest

from accounts.selectors import audit_event_list
from households.choices import Relation
from households.services import moves

pytestmark = pytest.mark.django_db


def test_a_move_between_villages_is_read_on_both_sides(household_a, household_b, personas, login, county):
    son = household_a.members.get(name="张小明")

    moves.member_transfer(actor=personas.township, member=son, target=household_b, relation=Relation.OTHER)

    left = login(personas.cadre_a).get(f"/households/{household_a.pk}/", {"tab": "history"}).content.decode()
    joined = login(personas.cadre_b).get(f"/households/{household_b.pk}/", {"tab": "history"}).content.decode()
    assert f"张小明 迁出至农户 {household_b.number}" in left
    assert f"张小明 由农户 {household_a.number} 迁入" in joined
    for village, action in ((county.village_a, "member.transfer_out"), (county.village_b, "member.transfer_in")):
        found = audit_event_list(filters={"region": village.code, "action": "member."})
        assert [e.action for e in found if e.action.startswith("member.transfer")] == [action], village.name
