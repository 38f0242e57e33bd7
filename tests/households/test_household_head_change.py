"""更换户主 (review cadre_phone: after a wrong 已故 mark on the head, nothing could make him 户主 again): the page and
the API share households.services.head_change; 撤销标记 of a former head can restore him as head in one step; a
deceased former head reads 原户主 so that the member list has one 户主."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from households.choices import HouseholdType, LivingStatus, Relation
from households.models import HouseholdEvent
from households.services import registry
from households.services.head_change import MSG_NEW_HEAD_INVALID, head_change
from households.services.member_restore import member_restore
from households.services.member_status import MSG_RELATION_REQUIRED, member_set_status, relation_field
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas, county):
    """张大山户 of village A: the head, his wife and their grown-up son (odd sequence = male)."""
    rows = [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
        member_row("张小明", Relation.SON, dt.date(1994, 9, 1), 33),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _members(household) -> dict[str, object]:
    return {m.name: m for m in household.members.all()}


def _relations(household) -> dict[str, str]:
    return {m.name: m.relation for m in household.members.all()}


def _mark_head_deceased(household, actor):
    """The reviewer's case: the head 张大山 marked 已故 by mistake, his wife takes over."""
    m = _members(household)
    member_set_status(
        left_reason="work",
        actor=actor,
        member=m["张大山"],
        status=LivingStatus.DECEASED,
        on=today(),
        new_head=m["李秀英"],
        relations={m["张小明"].pk: Relation.SON},
    )


def test_the_wife_becomes_head_and_the_old_head_her_spouse_with_the_history_and_the_audit(family, personas):
    m = _members(family)
    events_before = HouseholdEvent.objects.filter(household=family).count()

    head_change(
        actor=personas.cadre_a,
        household=family,
        new_head=m["李秀英"],
        relations={m["张大山"].pk: Relation.SPOUSE, m["张小明"].pk: Relation.SON},
    )

    family.refresh_from_db()
    assert family.head_name == "李秀英"
    assert _relations(family) == {"张大山": Relation.SPOUSE, "李秀英": Relation.HEAD, "张小明": Relation.SON}
    summaries = list(HouseholdEvent.objects.filter(household=family).order_by("pk").values_list("summary", flat=True))[
        events_before:
    ]
    assert summaries == [
        "户主变更，张大山 与新户主 李秀英 的关系改为“配偶”",
        "李秀英 成为新户主",
        "更换户主：张大山 → 李秀英",
    ]
    last = HouseholdEvent.objects.filter(household=family).latest("pk")
    assert {"field": "head_name", "label": "户主", "old": "张大山", "new": "李秀英"} in last.changes
    assert AuditEvent.objects.filter(action="household.head_change", summary__contains="李秀英").exists()


@pytest.mark.parametrize("case", ["deceased", "other_household", "missing_relation"])
def test_a_wrong_head_change_is_refused_in_chinese_and_changes_nothing(case, family, household_b, personas):
    m = _members(family)
    if case == "deceased":
        member_set_status(
            left_reason="work", actor=personas.cadre_a, member=m["张小明"], status=LivingStatus.DECEASED, on=today()
        )
    new_head = {"other_household": household_b.members.get()}.get(case, m["张小明"])
    relations = {m["张大山"].pk: Relation.FATHER, m["李秀英"].pk: Relation.MOTHER}
    if case == "missing_relation":
        relations.pop(m["李秀英"].pk)
    before = _relations(family)

    with pytest.raises(ValidationError) as refused:
        head_change(actor=personas.cadre_a, household=family, new_head=new_head, relations=relations)

    if case == "missing_relation":
        assert refused.value.message_dict == {
            relation_field(m["李秀英"].pk): [MSG_RELATION_REQUIRED.format(name="李秀英")]
        }
    else:
        assert refused.value.message_dict == {"new_head": [MSG_NEW_HEAD_INVALID]}
    family.refresh_from_db()
    assert _relations(family) == before and family.head_name == "张大山"
    assert not HouseholdEvent.objects.filter(household=family, summary__startswith="更换户主").exists()


def test_the_page_suggests_the_relations_to_the_new_head_and_saves_them_on_confirmation(family, personas, login):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/households/{family.pk}/change-head/"
    assert url in client.get(f"/households/{family.pk}/").content.decode()

    # First round: the head is chosen, nothing saved; the relations are shown, worked out from the old ones.
    page = client.post(url, {"new_head": m["李秀英"].pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert form[relation_field(m["张大山"].pk)].initial == Relation.SPOUSE
    assert form[relation_field(m["张小明"].pk)].initial == Relation.SON
    assert "确认将户主更换为 李秀英" in page.content.decode()
    family.refresh_from_db()
    assert family.head_name == "张大山"

    # A relation left out is asked for, in Chinese, and nothing is saved.
    data = {"new_head": m["李秀英"].pk, "relations_for": m["李秀英"].pk, relation_field(m["张大山"].pk): "spouse"}
    page = client.post(url, data)
    assert "请选择张小明与新户主的关系。" in page.content.decode()
    family.refresh_from_db()
    assert family.head_name == "张大山"

    response = client.post(url, {**data, relation_field(m["张小明"].pk): "son"})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.head_name == "李秀英"
    assert _relations(family)["张大山"] == Relation.SPOUSE


def test_the_api_changes_the_head_with_the_relations_and_refuses_another_households_member(
    family, household_b, personas, login
):
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/api/v1/households/{family.pk}/change-head/"

    refused = client.post(
        url, {"new_head": m["张小明"].pk, "relations": {str(m["张大山"].pk): "father"}}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "请选择李秀英与新户主的关系。" in refused.content.decode()

    outside = household_b.members.get()
    refused = client.post(url, {"new_head": outside.pk, "relations": {}}, content_type="application/json")
    assert refused.status_code == 400 and "不存在或不在您的管辖范围内" in refused.content.decode()

    relations = {str(m["张大山"].pk): "spouse", str(m["张小明"].pk): "son"}
    response = client.post(url, {"new_head": m["李秀英"].pk, "relations": relations}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["head_name"] == "李秀英"
    assert _relations(family) == {"张大山": Relation.SPOUSE, "李秀英": Relation.HEAD, "张小明": Relation.SON}
    assert AuditEvent.objects.filter(action="household.head_change").exists()


def test_a_village_b_cadre_cannot_change_the_head_of_a_village_a_household(family, personas, login):
    client = login(personas.cadre_b)
    assert client.get(f"/households/{family.pk}/change-head/").status_code == 404
    response = client.post(f"/api/v1/households/{family.pk}/change-head/", {}, content_type="application/json")
    assert response.status_code == 404


def test_restoring_a_former_head_as_head_puts_the_household_back_as_it_was(family, personas):
    before = _relations(family)
    _mark_head_deceased(family, personas.cadre_a)
    m = _members(family)

    member_restore(
        actor=personas.cadre_a,
        member=m["张大山"],
        reason="误标，户主在世",
        relation=Relation.SPOUSE,
        as_head=True,
        relations={m["李秀英"].pk: Relation.SPOUSE, m["张小明"].pk: Relation.SON},
    )

    family.refresh_from_db()
    assert family.head_name == "张大山"
    assert _relations(family) == before
    assert family.members.get(name="张大山").living_status == LivingStatus.LIVING


def test_restoring_as_head_without_the_relations_restores_nothing(family, personas):
    _mark_head_deceased(family, personas.cadre_a)
    m = _members(family)

    with pytest.raises(ValidationError, match="请选择李秀英与新户主的关系"):
        member_restore(
            actor=personas.cadre_a, member=m["张大山"], reason="误标", relation=Relation.SPOUSE, as_head=True
        )

    family.refresh_from_db()
    assert family.head_name == "李秀英"
    assert family.members.get(name="张大山").living_status == LivingStatus.DECEASED


def test_the_restore_page_offers_to_restore_as_head_with_the_relations_filled_in(family, personas, login):
    _mark_head_deceased(family, personas.cadre_a)
    m = _members(family)
    client = login(personas.cadre_a)
    url = f"/households/members/{m['张大山'].pk}/restore/"
    assert "恢复为户主" in client.get(url).content.decode()

    page = client.post(url, {"reason": "误标", "relation": "spouse", "as_head": "on"})
    form = page.context["form"]
    assert form[relation_field(m["李秀英"].pk)].initial == Relation.SPOUSE
    assert form[relation_field(m["张小明"].pk)].initial == Relation.SON
    assert family.members.get(name="张大山").living_status == LivingStatus.DECEASED

    data = {
        "reason": "误标",
        "relation": "spouse",
        "as_head": "on",
        "relations_shown": "True",
        relation_field(m["李秀英"].pk): "spouse",
        relation_field(m["张小明"].pk): "son",
    }
    assert client.post(url, data).status_code == 302
    family.refresh_from_db()
    assert family.head_name == "张大山"
    assert _relations(family)["李秀英"] == Relation.SPOUSE


def test_after_a_heads_death_the_member_list_and_the_form_show_one_head_and_the_former_head(family, personas, login):
    _mark_head_deceased(family, personas.cadre_a)
    client = login(personas.cadre_a)

    page = client.get(f"/households/{family.pk}/").content.decode()
    assert page.count('<span class="badge">户主</span>') == 1
    assert '<span class="badge">原户主</span>' in page
    # The printed 采集表 lists the living members: the new head is its one 户主.
    sheet = client.get(f"/households/{family.pk}/form/print/").content.decode()
    assert sheet.count("<td>户主</td>") == 1 and "<td>李秀英</td>" in sheet and "<td>张大山</td>" not in sheet
    # Stored data is unchanged: the deceased keeps relation=户主.
    assert family.members.get(name="张大山").relation == Relation.HEAD
