"""Household news (workflow.household_news, alerts.advisories) of a member who left the case's household for another,
or joined it from another, by 户间迁移 (迁入他户), 分户 or 合户 after the case opened: said on the county's batch
approval and the township's batch audit, their confirmations and the API field household_news, for the household
left and the one joined, once per member; a transfer undone is no news, nor one made before the case opened. And a
member marked before the case opened, restored and marked again since, is as the case found them: no news either."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.advisories import (
    MSG_MEMBER_JOINED,
    MSG_MEMBER_LEFT,
    MSG_MEMBER_MARKED,
    MSG_MEMBER_MERGED_IN,
    MSG_MEMBER_SPLIT,
)
from households.choices import LivingStatus, Relation
from households.models import Household, Member
from households.services.member_restore import member_restore
from households.services.member_status import member_set_status
from households.services.merge import household_merge
from households.services.moves import member_transfer
from tests.clock import today
from tests.factories import MemberFactory
from tests.workflow.batch_helpers import at_approval, new_household
from tests.workflow.test_batch_pages import decision
from tests.workflow.township_helpers import at_township, selection

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/batches/queue/"


@pytest.fixture(autouse=True)
def son(household_a):
    """张大山's son, the member these tests move about."""
    return MemberFactory(household=household_a, name="张小明", relation=Relation.SON, birth_date=dt.date(1996, 5, 4))


@pytest.fixture
def neighbour(personas, county):
    """赵六's household, in 张大山's village (household_a's), so that its cadre may move a member between them."""
    return new_household(personas.cadre_a, county.village_a, "赵六", 61)


def _left(neighbour):
    return MSG_MEMBER_LEFT.format(name="张小明", on=today(), other=neighbour.number)


def _joined(household_a):
    return MSG_MEMBER_JOINED.format(name="张小明", on=today(), other=household_a.number)


def _move(personas, household_a, to, relation=Relation.OTHER):
    """张小明 (household_a's son, wherever he now is) moved into `to` by household_a's cadre."""
    son = Member.objects.get(name="张小明")
    return member_transfer(actor=personas.cadre_a, member=son, target=to, relation=relation)


def _cards(client, url="/workflow/batches/") -> str:
    return client.get(url).content.decode()


def test_a_son_moved_to_another_household_since_the_cases_opened_is_news_for_both_on_the_county_batch(
    personas, login, household_a, neighbour
):
    cases = [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, neighbour, personas.cadre_a)]
    cadre = login(personas.cadre_a)
    son = household_a.members.get(name="张小明")
    moved = cadre.post(f"/households/members/{son.pk}/transfer/", {"target": neighbour.pk, "relation": "other"})
    assert moved.status_code == 302, moved.content.decode()[:500]
    approver = login(personas.approver)

    page = _cards(approver)
    confirm = approver.post("/workflow/batches/", decision(cases)).content.decode()
    rows = {row["head_name"]: row["household_news"] for row in approver.get("/api/v1/batches/queue/").json()["results"]}

    left, joined = _left(neighbour), _joined(household_a)
    said = f"张小明于 {today():%Y-%m-%d} 由本户迁入农户 {neighbour.number}（立案后户间迁移登记），"
    assert left == said + "立案时的家庭人口已有变化。"
    assert page.count("data-household-news") == 2
    assert page.count(left) == 1 and page.count(joined) == 1
    assert "确认批准 2 户" in confirm and left in confirm and joined in confirm
    assert rows == {"张大山": [left], "赵六": [joined]}


def test_a_transfer_undone_since_the_case_opened_is_no_news_for_either_household(
    personas, login, household_a, neighbour
):
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, neighbour, personas.cadre_a)
    _move(personas, household_a, neighbour)
    _move(personas, household_a, household_a, relation=Relation.SON)  # a wrong move put right

    approver = login(personas.approver)
    rows = approver.get("/api/v1/batches/queue/").json()["results"]

    assert "data-household-news" not in _cards(approver)
    assert {row["head_name"]: row["household_news"] for row in rows} == {"张大山": [], "赵六": []}


def test_a_member_moved_out_back_and_out_again_is_said_once_with_the_move_that_holds(
    personas, login, household_a, neighbour
):
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, neighbour, personas.cadre_a)
    _move(personas, household_a, neighbour)
    _move(personas, household_a, household_a, relation=Relation.SON)
    _move(personas, household_a, neighbour)

    rows = login(personas.approver).get("/api/v1/batches/queue/").json()["results"]

    assert {row["head_name"]: row["household_news"] for row in rows} == {
        "张大山": [_left(neighbour)],
        "赵六": [_joined(household_a)],
    }


def test_a_transfer_made_before_the_cases_opened_is_no_news(personas, login, household_a, neighbour):
    _move(personas, household_a, neighbour)  # known when the cases were proposed
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, neighbour, personas.cadre_a)

    assert "data-household-news" not in _cards(login(personas.approver))


def test_the_township_batch_audit_and_its_api_say_who_left_and_who_joined(personas, login, household_a, neighbour):
    cases = [at_township(personas, household_a, personas.cadre_a), at_township(personas, neighbour, personas.cadre_a)]
    _move(personas, household_a, neighbour)
    township = login(personas.township)

    page = _cards(township, "/workflow/township-audit/")
    confirm = township.post(
        "/workflow/township-audit/", {"case": selection(cases), "outcome": "pass", "note": "情况属实"}
    ).content.decode()
    rows = {row["head_name"]: row for row in township.get("/api/v1/township-audits/").json()["results"]}
    one = township.get(f"/api/v1/township-audits/{cases[1].pk}/").json()

    left, joined = _left(neighbour), _joined(household_a)
    assert page.count("data-household-news") == 2 and left in page and joined in page
    assert "请核实家庭人口和收入后再审核。" in page
    assert "确认通过 2 户" in confirm and left in confirm and joined in confirm
    assert rows["张大山"]["household_news"] == [left] and rows["赵六"]["household_news"] == [joined]
    assert one["household_news"] == [joined]


def test_a_member_marked_before_the_case_opened_restored_and_marked_again_since_is_no_news(
    personas, login, household_a, household_b, son
):
    son = household_a.members.get(name="张小明")
    earlier = today() - dt.timedelta(days=40)
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=earlier)
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, household_b, personas.cadre_b)
    member_restore(actor=personas.cadre_a, member=son, reason="误标", relation=Relation.SON)
    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=earlier)

    assert "data-household-news" not in _cards(login(personas.approver))


def test_a_member_marked_deceased_since_the_case_opened_is_still_news_beside_a_transfer(
    personas, login, household_a, neighbour
):
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, neighbour, personas.cadre_a)
    _move(personas, household_a, neighbour)
    wife = household_a.members.get(name="李秀英")
    member_set_status(left_reason="work", actor=personas.cadre_a, member=wife, status=LivingStatus.DECEASED, on=today())

    rows = login(personas.approver).get("/api/v1/batches/queue/").json()["results"]

    marked = MSG_MEMBER_MARKED.format(name="李秀英", status="已故", on=today(), recorded=timezone.localdate())
    assert {row["head_name"]: row["household_news"] for row in rows} == {
        "张大山": [marked, _left(neighbour)],
        "赵六": [_joined(household_a)],
    }


def test_a_son_split_off_into_a_new_household_since_the_case_opened_is_news_on_the_county_batch(
    personas, login, household_a
):
    """分户 moves members out as 合户 does: the county must see that the household it approves is smaller now."""
    at_approval(personas, household_a, personas.cadre_a)
    son = household_a.members.get(name="张小明")
    split = login(personas.cadre_a).post(
        f"/households/{household_a.pk}/split/",
        {"members": [son.pk], "new_head": son.pk, "relations_for": f"{son.pk}:{son.pk}"},  # the second round
    )
    assert split.status_code == 302, split.content.decode()[:800]
    new = Household.objects.get(members=son)
    approver = login(personas.approver)

    page = _cards(approver)
    rows = {row["head_name"]: row["household_news"] for row in approver.get("/api/v1/batches/queue/").json()["results"]}

    said = MSG_MEMBER_SPLIT.format(name="张小明", on=today(), other=new.number)
    assert said.startswith(f"张小明于 {today():%Y-%m-%d} 由本户分出为农户 {new.number}（立案后分户登记），")
    assert page.count("data-household-news") == 1 and page.count(said) == 1
    assert rows == {"张大山": [said]}
    history = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab=history").content.decode()
    assert f"{household_a.number} → {new.number}" in history


def test_a_move_is_called_a_transfer_and_a_whole_household_merged_in_is_called_a_merge(
    personas, login, household_a, neighbour, county
):
    """户间迁移 (迁入他户) moves one member, 合户 a whole household: the news says which, not 合户 for both."""
    at_approval(personas, neighbour, personas.cadre_a)
    lone = new_household(personas.cadre_a, county.village_a, "钱七", 62)
    elder = lone.members.get()
    household_merge(actor=personas.cadre_a, source=lone, target=neighbour, relations={elder.pk: Relation.OTHER})

    rows = {row["head_name"]: row["household_news"] for row in login(personas.approver).get(QUEUE).json()["results"]}

    merged = MSG_MEMBER_MERGED_IN.format(name="钱七", on=today(), other=lone.number)
    assert merged.startswith(f"钱七于 {today():%Y-%m-%d} 随农户 {lone.number} 并入本户（立案后合户登记），")
    assert rows == {"赵六": [merged]}
    assert "户间迁移" in MSG_MEMBER_JOINED and "合户" not in MSG_MEMBER_JOINED + MSG_MEMBER_LEFT
