"""分户 through the API takes the leaving members' relations to the new head (relations: {member id: code}), as the
page asks them: a relation given is saved instead of the worked-out one, and checked by the page's rules (the
member's sex, a 配偶 of the new head's own sex, one 配偶), refused with a Chinese 400 at relation_{id} naming the
member, nothing split. Without it the relations are worked out as before; the schema documents the field."""

import datetime as dt

import pytest

from households.api_head import MSG_RELATION_KEY
from households.api_moves import MSG_SPLIT_RELATION_MEMBER
from households.choices import HouseholdType, Relation
from households.models import Household
from households.services import registry
from households.services.member_status import MSG_NEW_HEAD_SPOUSE_SEX, relation_field
from tests.config.schema_check import assert_matches_schema, openapi
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
R = Relation
TWO_SPOUSES = "{name}与新户主的关系不能也是“配偶”：{others}也选为配偶，只能有一名成员是新户主的配偶。"


@pytest.fixture
def family(personas, county):
    """刘老汉户: the head and his wife, their son 刘建国 with his wife and son, and their daughter 刘芳."""
    rows = [
        member_row("刘老汉", R.HEAD, dt.date(1958, 2, 2), 13),
        member_row("陈桂兰", R.SPOUSE, dt.date(1960, 6, 6), 24),
        member_row("刘建国", R.SON, dt.date(1980, 8, 8), 35),
        member_row("赵小红", R.DAUGHTER_IN_LAW, dt.date(1982, 10, 10), 46),
        member_row("刘小军", R.GRANDSON, dt.date(2004, 1, 1), 57),
        member_row("刘芳", R.DAUGHTER, dt.date(1986, 3, 3), 68),
    ]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


@pytest.fixture
def split(family, personas, login):
    client = login(personas.cadre_a)
    ids = {m.name: m.pk for m in family.members.all()}

    def _split(names: list[str], relations: dict | None = None):
        body = {"members": [ids[n] for n in names], "new_head": ids["刘建国"]}
        if relations is not None:
            body["relations"] = {str(ids.get(k, k)): v for k, v in relations.items()}
        return client.post(f"/api/v1/households/{family.pk}/split/", body, content_type="application/json")

    _split.ids, _split.client = ids, client
    return _split


def _nothing_split(family) -> bool:
    return Household.objects.count() == 1 and family.members.count() == 6


def _new_relations(response) -> dict[str, str]:
    new = Household.objects.get(pk=response.json()["household"]["id"])
    return {m.name: m.relation for m in new.members.all()}


def test_the_relations_given_are_saved_instead_of_the_worked_out_ones(split):
    response = split(["刘建国", "赵小红", "刘小军", "刘芳"], {"刘芳": "other"})

    assert response.status_code == 201, response.content.decode()
    # 刘芳 as given; the others worked out as without the field (赵小红 配偶, 刘小军 之子).
    assert _new_relations(response) == {"刘建国": R.HEAD, "赵小红": R.SPOUSE, "刘小军": R.SON, "刘芳": R.OTHER}
    assert_matches_schema(openapi(split.client), "/api/v1/households/{id}/split/", "post", response)


def test_without_relations_they_are_worked_out_as_before(split):
    response = split(["刘建国", "赵小红", "刘芳"])

    assert response.status_code == 201, response.content.decode()
    assert _new_relations(response) == {"刘建国": R.HEAD, "赵小红": R.SPOUSE, "刘芳": R.SIBLING}


@pytest.mark.parametrize(
    "names, relations, errors",
    [
        (
            ["刘建国", "刘小军"],
            {"刘小军": "spouse"},
            {"刘小军": MSG_NEW_HEAD_SPOUSE_SEX.format(name="刘小军", head="刘建国", sex="男")},
        ),
        (
            ["刘建国", "赵小红", "刘芳"],
            {"刘芳": "spouse"},  # 赵小红 is worked out as his 配偶
            {
                "赵小红": TWO_SPOUSES.format(name="赵小红", others="刘芳"),
                "刘芳": TWO_SPOUSES.format(name="刘芳", others="赵小红"),
            },
        ),
        (
            ["刘建国", "刘芳"],
            {"刘芳": "son"},
            {"刘芳": "刘芳：与户主关系“之子”与身份证号中的性别（女）不符，请核对身份证号或与户主关系。"},
        ),
        (
            ["刘建国", "刘芳"],
            {"刘芳": "head"},
            {"刘芳": "刘芳与新户主的关系无效，请重新选择（每户只能有一名户主）。"},
        ),
        (["刘建国", "刘芳"], {"刘芳": ""}, {"刘芳": "请选择刘芳与新户主的关系。"}),
    ],
    ids=["spouse_of_his_sex", "second_spouse", "against_her_sex", "head", "blank"],
)
def test_a_relation_the_page_would_refuse_is_a_chinese_400_naming_the_member(names, relations, errors, split, family):
    response = split(names, relations)

    assert response.status_code == 400
    assert response.json() == {relation_field(split.ids[name]): [message] for name, message in errors.items()}
    assert _nothing_split(family)


@pytest.mark.parametrize(
    "relations, message",
    [
        ({"刘老汉": "father"}, MSG_SPLIT_RELATION_MEMBER.format(pk="刘老汉")),  # not leaving
        ({"刘建国": "other"}, MSG_SPLIT_RELATION_MEMBER.format(pk="刘建国")),  # the new head
        ({"十二": "other"}, MSG_RELATION_KEY),
    ],
    ids=["staying", "new_head", "not_an_id"],
)
def test_relations_for_members_not_leaving_with_the_new_head_are_refused(relations, message, split, family):
    response = split(["刘建国", "刘芳"], relations)
    message = message.replace("刘老汉", str(split.ids["刘老汉"])).replace("刘建国", str(split.ids["刘建国"]))

    assert response.status_code == 400
    assert response.json() == {"relations": [message]}
    assert _nothing_split(family)


def test_the_schema_documents_the_relations(split):
    schema = openapi(split.client)
    body = schema["paths"]["/api/v1/households/{id}/split/"]["post"]["requestBody"]["content"]["application/json"]
    request = schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]

    relations = request["properties"]["relations"]
    assert relations["type"] == "object" and relations["additionalProperties"] == {"type": "string"}
    assert "与新户主的关系" in relations["description"] and "relations" not in request.get("required", [])


def test_the_split_page_names_the_member_of_a_second_spouse(split, family):
    ids = split.ids
    chosen = {"members": [ids["刘建国"], ids["赵小红"], ids["刘芳"]], "new_head": ids["刘建国"]}
    key = f"{ids['刘建国']}:" + ",".join(str(pk) for pk in sorted(chosen["members"]))
    answers = {relation_field(ids["赵小红"]): "spouse", relation_field(ids["刘芳"]): "spouse"}

    page = split.client.post(f"/households/{family.pk}/split/", {**chosen, "relations_for": key, **answers})

    assert page.status_code == 200
    assert TWO_SPOUSES.format(name="刘芳", others="赵小红") in page.content.decode()
    assert _nothing_split(family)
