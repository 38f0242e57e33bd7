"""The 自主申报 list, the 民主评议会议 list and 批量公告 name the place a link narrows them to at their top (范围：…,
清除范围，查看全部) and list only it; a place outside the user's scope is said there and lists nothing (it listed
every application of the scope; the meeting list took no township and offered 召开民主评议 for a village not theirs)."""

import datetime as dt

import pytest

from households.place_filter import MSG_PLACE_REFUSED
from tests.clock import today
from tests.households.conftest import make_id, numbered
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from workflow.choices import Outcome
from workflow.models import VillageMeeting
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db

APPLICATIONS, MEETINGS, ANNOUNCE = "/workflow/applications/", "/workflow/meetings/", "/workflow/announcement/batch/"


@pytest.fixture
def listed(request, personas, county, household_a, household_b):
    """An application and a meeting in each of the three villages; for 批量公告, an approved case waiting for its
    announcement in 城南村 and in 城北村 (涂埠镇)."""
    for number, village in enumerate((county.village_a, county.village_b, county.village_c), start=1):
        Application.objects.create(
            receipt_no=f"SQ2026000{number}",
            village=village,
            region_path=village.path,
            name=numbered("申报人", number),
            id_number=make_id(dt.date(1980, 1, number), 10 * number + 1),
            phone="13800001111",
            situation="生病住院，花费较多",
            consent_version="2026-1",
        )
        VillageMeeting.objects.create(
            village=village, region_path=village.path, held_on=today(), place="村委会", recorded_by=personas.cadre_a
        )
    if getattr(request.node, "callspec", None) is None or request.node.callspec.params.get("path") != ANNOUNCE:
        return
    for household, cadre in ((household_a, personas.cadre_a), (household_b, personas.cadre_b)):
        case = at_approval(personas, household, cadre)
        act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)


def rows(response) -> list:
    return list(response.context["page"].object_list)


def villages_of(path: str, response) -> set[str]:
    if path == ANNOUNCE:
        return {case.household.village.name for case in response.context["rows"]}
    return {row.village.name for row in rows(response)}


@pytest.mark.parametrize("path", [APPLICATIONS, MEETINGS, ANNOUNCE])
def test_a_village_in_scope_is_named_at_the_top_and_only_it_is_listed(personas, county, listed, login, path):
    client = login(personas.township)  # 涂埠镇: 城南村 and 城北村
    assert villages_of(path, client.get(path)) == {"城南村", "城北村"}

    response = client.get(f"{path}?village={county.village_a.code}")

    page = response.content.decode()
    assert "范围：<strong>涂埠镇城南村</strong>" in page and "data-place-refused" not in page
    assert page.find("data-place-filter=") < page.find('class="filters'), "the 范围 line comes above the filters"
    assert f'href="{path}"' in page or f'href="{path}?' in page  # 清除范围，查看全部
    assert villages_of(path, response) == {"城南村"}


@pytest.mark.parametrize("path", [APPLICATIONS, MEETINGS, ANNOUNCE])
@pytest.mark.parametrize("param", ["village", "township"])
def test_a_place_out_of_scope_is_said_and_lists_nothing(personas, county, listed, login, path, param):
    client = login(personas.township)
    other = county.village_c if param == "village" else county.township2  # 虬津镇's

    response = client.get(f"{path}?{param}={other.code}")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-place-refused") == 1 and MSG_PLACE_REFUSED in page and "data-place-clear" in page
    assert response.context["page"].paginator.count == 0
    assert "张公渡村" not in page


@pytest.mark.parametrize("path", [APPLICATIONS, MEETINGS, ANNOUNCE])
def test_a_township_named_by_a_link_narrows_a_county_officers_list_to_it(personas, county, listed, login, path):
    client = login(personas.county_officer)

    response = client.get(f"{path}?township={county.township2.code}")

    assert "范围：<strong>虬津镇</strong>" in response.content.decode()
    expected = set() if path == ANNOUNCE else {"张公渡村"}  # no case of 虬津镇 waits for its announcement
    assert villages_of(path, response) == expected


def test_the_meeting_list_offers_no_meeting_for_a_village_out_of_scope_nor_says_there_are_none(
    personas, county, listed, login
):
    client = login(personas.cadre_a)  # 城南村 only: the list shows it without a filter

    own = client.get(MEETINGS).content.decode()
    other = client.get(f"{MEETINGS}?village={county.village_c.code}").content.decode()

    assert f"/workflow/meetings/{county.village_a.code}/new/" in own
    assert county.village_c.code + "/" not in other and "召开民主评议" not in other
    assert "还没有民主评议会议记录" not in other and MSG_PLACE_REFUSED in other
