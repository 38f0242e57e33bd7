"""A closed household (农户注销, 合户) is found again: the household list has 在册 (default), 已注销 and 全部 tabs, as
its API has registry_state, so the township or the county reaches the 撤销注销 the closing page promises without
typing an address. A search of the 在册 list for a closed household's 户编号 says when and why it was closed and
links to it; a whole 户编号 that names no household is not read as 16 digits of an ID number (review srch finding 1)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from households.choices import ClosedReason, LivingStatus, Relation
from households.models import Household
from households.selectors import household_list
from households.selectors_closed import MSG_CLOSED_MANY
from households.selectors_search import MSG_NUMBER_NOT_FOUND
from households.services.closing import household_close
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
STATES = ("closed", "all")


def closed_household(personas, village, head: str, number: str, reason=ClosedReason.ALL_MOVED_OUT) -> Household:
    """A household of `village` whose only member moved out (or died), closed by the township."""
    household = HouseholdFactory(village=village, head_name=head, number=number)
    gone = LivingStatus.DECEASED if reason == ClosedReason.ALL_DECEASED else LivingStatus.MOVED_OUT
    MemberFactory(household=household, name=head, relation=Relation.HEAD, living_status=gone)
    household_close(actor=personas.township, household=household, reason=reason)
    household.refresh_from_db()
    return household


@pytest.fixture
def gone(personas, county):
    return closed_household(personas, county.village_a, "迁出甲", county.village_a.code + "0090")


def _numbers(actor, **filters) -> list[str]:
    return [h.number for h in household_list(actor=actor, filters=filters)]


def test_the_closed_tab_lists_the_closed_households_and_all_lists_both(gone, household_a, personas):
    assert _numbers(personas.township) == [household_a.number]
    assert _numbers(personas.township, registry_state="closed") == [gone.number]
    assert sorted(_numbers(personas.township, registry_state="all")) == sorted([household_a.number, gone.number])
    assert _numbers(personas.cadre_b, registry_state="closed") == []  # another village's: out of scope


@pytest.mark.parametrize("persona", ["cadre_a", "township"])
def test_the_page_offers_the_tabs_and_marks_a_closed_household_with_its_day_and_reason(
    gone, household_a, personas, login, persona
):
    client = login(getattr(personas, persona))

    default = client.get("/households/").content.decode()
    closed = client.get("/households/?registry_state=closed").content.decode()

    assert "data-registry-state" in default and "?registry_state=closed" in default and "?registry_state=all" in default
    assert gone.number not in default and household_a.number in default
    assert "共 1 户" in closed and gone.number in closed and household_a.number not in closed
    assert f"已注销 {gone.closed_on:%Y-%m-%d}" in closed and "全户迁出" in closed
    assert 'class="active" aria-current="page">已注销</a>' in closed
    assert 'name="registry_state" value="closed"' in closed  # the filters keep the tab
    assert "本月未走访" not in closed  # nobody is left to visit


def test_a_search_of_the_active_list_for_a_closed_household_number_says_so_and_links_it(gone, personas, login):
    client = login(personas.township)

    page = client.get("/households/", {"q": gone.number}).content.decode()
    others = [client.get("/households/", {"q": gone.number, "registry_state": s}).content.decode() for s in STATES]

    assert "共 0 户" in page
    assert f"户编号 {gone.number}（户主迁出甲）已于{gone.closed_on:%Y-%m-%d}注销（全户迁出），" in page
    assert f'<a href="/households/{gone.pk}/">查看</a>' in page
    assert "身份证号" not in page.split("data-closed-found")[1].split("</ul>")[0]  # no ID-number hint under it
    # Listed there, with no notice: the tabs that list closed households.
    assert all("共 1 户" in other and "data-closed-found" not in other for other in others)


def test_a_search_naming_several_closed_households_links_the_closed_tab_with_the_search(
    gone, household_a, personas, county, login
):
    closed_household(personas, county.village_a, "迁出乙", county.village_a.code + "0080", ClosedReason.ALL_DECEASED)

    page = login(personas.township).get("/households/", {"q": "迁出"}).content.decode()
    listed = login(personas.township).get("/households/", {"q": "迁出", "registry_state": "closed"}).content

    assert MSG_CLOSED_MANY.format(count=2) in page
    assert "?q=%E8%BF%81%E5%87%BA&amp;registry_state=closed" in page
    assert "共 2 户" in listed.decode() and "全户死亡" in listed.decode()


def test_a_whole_household_number_that_names_no_household_is_not_read_as_an_id_fragment(county, personas, login):
    number = county.village_a.code + "0777"

    page = login(personas.township).get("/households/", {"q": number}).content.decode()

    assert MSG_NUMBER_NOT_FOUND.format(number=number) in page
    assert "身份证号开头或末尾" not in page


def test_a_role_reading_id_numbers_masked_finds_a_household_by_its_number(household_a, personas, login):
    """16 digits were refused as a partial ID search (only the last 4 or all 18) on the page and as a 400 by the
    API; a 户编号 searches no ID number for such a role."""
    client = login(personas.official)

    page = client.get("/households/", {"q": household_a.number}).content.decode()
    api = client.get("/api/v1/households/", {"q": household_a.number})

    assert "共 1 户" in page and "只能按后4位" not in page
    assert api.status_code == 200, api.content.decode()
    assert [row["number"] for row in api.json()["results"]] == [household_a.number]


def test_the_api_filters_by_registry_state_and_says_each_household_s_closing(gone, household_a, personas, login):
    client = login(personas.township)

    default = client.get("/api/v1/households/").json()["results"]
    closed = client.get("/api/v1/households/", {"registry_state": "closed"}).json()["results"]
    every = client.get("/api/v1/households/", {"registry_state": "all"}).json()["results"]
    bad = client.get("/api/v1/households/", {"registry_state": "gone"})

    assert [row["id"] for row in default] == [household_a.pk]
    assert [(r["id"], r["is_active"], r["closed_on"], r["closed_reason"]) for r in closed] == [
        (gone.pk, False, gone.closed_on.isoformat(), "全户迁出")
    ]
    assert {row["id"] for row in every} == {household_a.pk, gone.pk}
    assert default[0]["is_active"] is True and default[0]["closed_on"] is None
    assert bad.status_code == 400 and "registry_state" in bad.json()


def test_the_api_refuses_a_patch_of_the_closing_and_names_the_close_and_reopen_actions(gone, personas, login):
    response = login(personas.township).patch(
        f"/api/v1/households/{gone.pk}/", {"is_active": True}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "/reopen/" in response.json()["is_active"][0]


def test_the_schema_documents_registry_state():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = schema["paths"]["/api/v1/households/"]["get"]["parameters"]
    state = next(p for p in parameters if p["name"] == "registry_state")

    assert set(state["schema"]["enum"]) == {"active", "closed", "all"}
    assert "已注销" in state["description"]


def test_an_empty_closed_tab_says_no_household_is_closed_and_offers_no_new_household(household_a, personas, login):
    """The 已注销 tab with nothing closed said 没有符合条件的农户…或 新建农户, as if a new household belonged there."""
    client = login(personas.township)

    closed = client.get("/households/?registry_state=closed").content.decode()
    active = client.get("/households/?q=没有这个人").content.decode()

    assert "没有符合条件的已注销农户" in closed and "data-none-closed" in closed
    assert "新建农户</a>。" not in closed
    assert "没有符合条件的已注销农户" not in active and "没有符合条件的农户" in active
