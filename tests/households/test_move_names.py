"""户间迁移 (迁入他户) moves one member into another household; 合户 merges a whole household: the pages call each by
its own name."""

import pytest

from households.choices import Relation

pytestmark = pytest.mark.django_db


def test_the_one_member_move_is_called_a_transfer_not_a_merge(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    page = login(personas.cadre_a).get(f"/households/members/{son.pk}/transfer/").content.decode()

    assert "<h1>迁入他户（户间迁移）</h1>" in page and "<title>迁入他户（户间迁移）" in page
    assert "迁入其他农户（合户）" not in page
