"""A new head of household (review cadre_phone finding 2): every remaining member's 与户主关系 is given anew,
relative to the new head (DOMAIN.md "Code lists"), filled in where it can be worked out and confirmed by the cadre;
and after a death or a move the page asks for the year's income to be checked (finding 11)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import LivingStatus, Relation, StudentStage
from households.models import HouseholdEvent, Member
from households.services import income, registry
from households.services.member_status import (
    MSG_RELATION_REQUIRED,
    head_change_suggestions,
    member_set_status,
    relation_field,
)
from households.services.relations import MSG_RELATION_SEX, Kin, relations_after_head_change
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
R = Relation


@pytest.fixture
def three_generations(personas, county):
    """龚志强户: the head, his wife, his father, their son with his wife and two children (odd sequence = male)."""
    rows = [
        member_row("龚志强", R.HEAD, dt.date(1955, 3, 1), 11),
        member_row("刘春兰", R.SPOUSE, dt.date(1957, 5, 2), 22),
        member_row("龚老汉", R.FATHER, dt.date(1930, 1, 9), 31),
        member_row("龚大伟", R.SON, dt.date(1980, 8, 8), 41),
        member_row("王丽", R.DAUGHTER_IN_LAW, dt.date(1982, 2, 2), 52),
        member_row("龚小宇", R.GRANDSON, dt.date(2008, 6, 6), 61),
        member_row("龚小雨", R.GRANDDAUGHTER, dt.date(2012, 9, 1), 72, student_stage=StudentStage.JUNIOR),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )


def _by_name(household) -> dict[str, Member]:
    return {m.name: m for m in household.members.all()}


def _named(household, suggestions: dict[int, str]) -> dict[str, str]:
    names = {m.pk: m.name for m in household.members.all()}
    return {names[pk]: relation for pk, relation in suggestions.items()}


# The mapping


def test_when_the_son_takes_over_his_mother_wife_children_and_grandfather_are_named_from_him(three_generations):
    people = _by_name(three_generations)

    suggested = head_change_suggestions(member=people["龚志强"], new_head=people["龚大伟"])

    assert _named(three_generations, suggested) == {
        "刘春兰": R.MOTHER,
        "龚老汉": R.GRANDFATHER,
        "王丽": R.SPOUSE,
        "龚小宇": R.SON,
        "龚小雨": R.DAUGHTER,
    }


def test_when_the_spouse_takes_over_the_children_stay_and_the_old_heads_father_becomes_her_father_in_law(
    three_generations,
):
    people = _by_name(three_generations)

    suggested = head_change_suggestions(member=people["龚志强"], new_head=people["刘春兰"])

    assert _named(three_generations, suggested) == {
        "龚老汉": R.HUSBANDS_FATHER,
        "龚大伟": R.SON,
        "王丽": R.DAUGHTER_IN_LAW,
        "龚小宇": R.GRANDSON,
        "龚小雨": R.GRANDDAUGHTER,
    }


def test_what_cannot_be_worked_out_is_left_blank_for_the_cadre():
    # Two sons with their wives: which daughter-in-law is the new head's wife, whose children are whose?
    new_head = Kin(2, R.SON, "male")
    others = [
        Kin(1, R.SPOUSE, "female"),
        Kin(3, R.SON, "male"),
        Kin(4, R.DAUGHTER_IN_LAW, "female"),
        Kin(5, R.DAUGHTER_IN_LAW, "female"),
        Kin(6, R.GRANDSON, "male"),
        Kin(7, R.SIBLING, "male"),
        Kin(8, R.OTHER, "female"),
    ]

    suggested = relations_after_head_change(old_head_sex="male", new_head=new_head, others=others)

    assert suggested == {1: R.MOTHER, 3: R.SIBLING, 4: "", 5: "", 6: "", 7: "", 8: R.OTHER}


def test_a_daughter_taking_over_from_her_mother_names_the_husband_her_father_and_her_own_husband_her_spouse():
    new_head = Kin(2, R.DAUGHTER, "female")
    others = [Kin(1, R.SPOUSE, "male"), Kin(3, R.SON_IN_LAW, "male"), Kin(4, R.DAUGHTERS_SON, "male")]

    suggested = relations_after_head_change(old_head_sex="female", new_head=new_head, others=others)

    assert suggested == {1: R.FATHER, 3: R.SPOUSE, 4: R.SON}


# The service


def test_the_head_change_saves_every_relation_given_and_records_each_change(three_generations, personas):
    people = _by_name(three_generations)
    relations = {
        people[name].pk: rel
        for name, rel in [
            ("刘春兰", R.MOTHER),
            ("龚老汉", R.GRANDFATHER),
            ("王丽", R.SPOUSE),
            ("龚小宇", R.SON),
            ("龚小雨", R.DAUGHTER),
        ]
    }

    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=people["龚志强"],
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=people["龚大伟"],
        relations=relations,
    )

    now = {m.name: m.relation for m in three_generations.members.filter(living_status=LivingStatus.LIVING)}
    assert now == {
        "龚大伟": R.HEAD,
        "刘春兰": R.MOTHER,
        "龚老汉": R.GRANDFATHER,
        "王丽": R.SPOUSE,
        "龚小宇": R.SON,
        "龚小雨": R.DAUGHTER,
    }
    three_generations.refresh_from_db()
    assert three_generations.head_name == "龚大伟"
    wang = HouseholdEvent.objects.get(household=three_generations, member=people["王丽"])
    assert wang.changes == [{"field": "relation", "label": "与户主关系", "old": "之儿媳", "new": "配偶"}]
    assert AuditEvent.objects.filter(action="member.update", summary__contains="王丽").exists()
    # The household's name changed with the head: recorded, for a publicity posted under the old name.
    status_event = HouseholdEvent.objects.get(household=three_generations, member=people["龚志强"])
    assert {"field": "head_name", "label": "户主", "old": "龚志强", "new": "龚大伟"} in status_event.changes


def test_a_head_change_without_every_remaining_relation_or_with_a_wrong_one_saves_nothing(three_generations, personas):
    people = _by_name(three_generations)
    relations = {
        people["刘春兰"].pk: R.MOTHER,
        people["王丽"].pk: R.SPOUSE,
        people["龚小宇"].pk: R.DAUGHTER,
        people["龚小雨"].pk: R.DAUGHTER,
    }

    with pytest.raises(ValidationError) as raised:
        member_set_status(
            left_reason="work",
            actor=personas.cadre_a,
            member=people["龚志强"],
            status=LivingStatus.DECEASED,
            on=today(),
            new_head=people["龚大伟"],
            relations=relations,
        )

    errors = raised.value.message_dict
    assert errors[relation_field(people["龚老汉"].pk)] == [MSG_RELATION_REQUIRED.format(name="龚老汉")]
    assert errors[relation_field(people["龚小宇"].pk)] == [
        f"龚小宇：{MSG_RELATION_SEX.format(relation='之女', sex='男')}"
    ]
    assert set(errors) == {relation_field(people["龚老汉"].pk), relation_field(people["龚小宇"].pk)}
    assert Member.objects.get(pk=people["龚志强"].pk).living_status == LivingStatus.LIVING
    assert Member.objects.get(pk=people["王丽"].pk).relation == R.DAUGHTER_IN_LAW


# The page: choose the head, then confirm the relations


def _select(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def test_the_page_shows_the_relations_to_the_new_head_prefilled_and_saves_them_on_confirmation(
    three_generations, personas, login
):
    people = _by_name(three_generations)
    income.income_save(
        actor=personas.cadre_a,
        household=three_generations,
        year=today().year,
        amounts={"wage_income": Decimal("60000")},
    )
    client = login(personas.cadre_a)
    url = f"/households/members/{people['龚志强'].pk}/status/"
    first = {"status": "deceased", "on": today().isoformat(), "reason": "", "new_head": people["龚大伟"].pk}

    # Round one: the head is chosen; nothing is saved, the relations are shown.
    page = client.post(url, first).content.decode()

    assert Member.objects.get(pk=people["龚志强"].pk).living_status == LivingStatus.LIVING
    assert "其他成员与新户主 龚大伟 的关系" in page and "已选择新户主 龚大伟" in page
    assert 'value="mother" selected' in _select(page, relation_field(people["刘春兰"].pk))
    assert 'value="spouse" selected' in _select(page, relation_field(people["王丽"].pk))
    assert 'value="son" selected' in _select(page, relation_field(people["龚小宇"].pk))
    assert "王丽（原为户主的“之儿媳”）" in page
    # the next tap saves: it asks first, naming the status chosen and that the relations are saved with it
    assert "data-confirm-rules=" in page and "新户主和各成员与户主关系一并保存" in page

    # Round two: the cadre confirms (and corrects one).
    relations = {
        relation_field(people[n].pk): r
        for n, r in [
            ("刘春兰", "mother"),
            ("龚老汉", "grandfather"),
            ("王丽", "spouse"),
            ("龚小宇", "son"),
            ("龚小雨", "daughter"),
        ]
    }
    response = client.post(url, {**first, "relations_for": people["龚大伟"].pk, **relations}, follow=True)

    assert Member.objects.get(pk=people["王丽"].pk).relation == R.SPOUSE
    assert Member.objects.get(pk=people["龚大伟"].pk).relation == R.HEAD
    done = response.content.decode()
    # Finding 11: the divisor changed, the figures did not: the cadre is sent to check them.
    assert re.search(rf'<a href="/households/{three_generations.pk}/income/">请核对本年度家庭收支</a>', done)


def test_choosing_another_head_on_the_confirmation_shows_the_relations_to_that_head(three_generations, personas, login):
    people = _by_name(three_generations)
    client = login(personas.cadre_a)
    url = f"/households/members/{people['龚志强'].pk}/status/"
    posted = {
        "status": "deceased",
        "on": today().isoformat(),
        "new_head": people["刘春兰"].pk,
        "relations_for": people["龚大伟"].pk,
        relation_field(people["王丽"].pk): "spouse",
    }

    page = client.post(url, posted).content.decode()

    assert Member.objects.get(pk=people["龚志强"].pk).living_status == LivingStatus.LIVING
    assert 'value="daughter_in_law" selected' in _select(page, relation_field(people["王丽"].pk))
    assert 'value="husbands_father" selected' in _select(page, relation_field(people["龚老汉"].pk))


def test_a_member_who_is_not_the_head_is_marked_in_one_round_with_the_income_prompt(household_a, personas, login):
    son = household_a.members.get(relation=R.SON)
    # The prompt is given when this year's income was recomputed, so only with the year's figures on file.
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=today().year, amounts={"wage_income": Decimal("30000")}
    )

    response = login(personas.cadre_a).post(
        f"/households/members/{son.pk}/status/",
        {"status": "moved_out", "on": today().isoformat(), "left_reason": "work"},
        follow=True,
    )

    son.refresh_from_db()
    assert son.living_status == LivingStatus.MOVED_OUT
    assert "本年度人均纯收入已按在册人口重算" in response.content.decode()
    assert f'<a href="/households/{household_a.pk}/income/">请核对本年度家庭收支</a>' in response.content.decode()
