"""分户 asks each leaving member's relation to the new head (review: a daughter of the old head leaving with her
brother silently became 其他), filled in where it can be worked out; both households' 变更记录 and the audit log
name who moved, with their relation before and after."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.member_status import MSG_NEW_HEAD_SPOUSE_SEX
from households.services.moves import household_split, split_suggestions
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
R = Relation


@pytest.fixture
def family(personas, county):
    """张老汉's household: his son 张建国 with his wife 赵小红 and their son, and his daughter 张丽."""
    rows = [
        member_row("张老汉", R.HEAD, dt.date(1950, 1, 1), 11),
        member_row("张建国", R.SON, dt.date(1978, 1, 1), 13),
        member_row("赵小红", R.DAUGHTER_IN_LAW, dt.date(1980, 1, 1), 24),
        member_row("张小虎", R.GRANDSON, dt.date(2004, 1, 1), 15),
        member_row("张丽", R.DAUGHTER, dt.date(1982, 1, 1), 26),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _members(family):
    return {m.name: m for m in family.members.all()}


def test_the_relations_to_the_new_head_are_worked_out_from_those_to_the_old(family):
    m = _members(family)
    leaving = [m["张建国"], m["赵小红"], m["张小虎"], m["张丽"]]

    suggested = split_suggestions(household=family, members=leaving, new_head=m["张建国"])

    assert suggested == {m["赵小红"].pk: R.SPOUSE, m["张小虎"].pk: R.SON, m["张丽"].pk: R.SIBLING}


def test_a_split_saves_the_relations_and_names_who_moved_in_both_histories_and_the_audit(family, personas):
    m = _members(family)

    new = household_split(
        actor=personas.cadre_a,
        household=family,
        members=[m["张建国"], m["张丽"]],
        new_head=m["张建国"],
        relations={},  # none given (the API): worked out, not 其他
    )

    assert {x.name: x.relation for x in new.members.all()} == {"张建国": R.HEAD, "张丽": R.SIBLING}
    moved = "张建国（之子→户主）、张丽（之女→之兄弟姐妹）"
    assert HouseholdEvent.objects.get(household=family, summary__startswith="分户").summary == (
        f"分户：{moved} 分出为农户 {new.number}（减少原因：分户）"
    )
    created = HouseholdEvent.objects.get(household=new)
    assert created.summary == f"由农户 {family.number} 分户新建，户主张建国；分入成员：{moved}；新增原因：分户"
    audit = AuditEvent.objects.get(action="household.create", object_id=str(new.pk))
    assert moved in audit.summary


def test_a_relation_given_that_contradicts_a_sex_is_refused_at_that_member(family, personas):
    m = _members(family)

    with pytest.raises(ValidationError) as raised:
        household_split(
            actor=personas.cadre_a,
            household=family,
            members=[m["张建国"], m["张小虎"]],
            new_head=m["张建国"],
            relations={m["张小虎"].pk: R.SPOUSE},
        )

    assert raised.value.message_dict[f"relation_{m['张小虎'].pk}"] == [
        MSG_NEW_HEAD_SPOUSE_SEX.format(name="张小虎", head="张建国", sex="男")
    ]
    assert family.members.count() == 5


def test_the_split_page_asks_the_relations_then_saves_them(family, personas, login):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/households/{family.pk}/split/"
    chosen = {"members": [m["张建国"].pk, m["赵小红"].pk, m["张丽"].pk], "new_head": m["张建国"].pk}

    asked = client.post(url, chosen).content.decode()

    assert "分出后与户主关系以新户主 张建国 为准" in asked
    assert f'name="relation_{m["张丽"].pk}"' in asked and family.members.count() == 5
    key = f"{m['张建国'].pk}:" + ",".join(str(pk) for pk in sorted(chosen["members"]))
    answers = {f"relation_{m['赵小红'].pk}": R.SPOUSE, f"relation_{m['张丽'].pk}": R.SIBLING}
    saved = client.post(url, {**chosen, "relations_for": key, **answers})

    assert saved.status_code == 302
    new = m["张建国"].__class__.objects.get(pk=m["张建国"].pk).household
    assert {x.name: x.relation for x in new.members.all()} == {"张建国": R.HEAD, "赵小红": R.SPOUSE, "张丽": R.SIBLING}
