"""The status tabs of 自主申报 and the reason tabs of 超期事项 keep the list's place and search (config.paging.tab_url):
a township user who opened the list narrowed to a village (a dashboard tile's ?village=, named in the 范围 line) and
clicked another tab got the whole township again; the badges count what each tab lists there."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.clock import today
from tests.factories import HouseholdFactory, MemberFactory
from tests.households.conftest import make_id, numbered
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case, Procedure
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db

APPLICATIONS, OVERDUE, GREEN = "/workflow/applications/", "/workflow/overdue/", "/workflow/green-channel/"


def tab_links(page: str, label: str) -> dict[str, str]:
    """The tabs of the nav labelled `label`: each tab's text (without its badge) to its href."""
    nav = re.search(rf'<nav class="tabs" aria-label="{label}">(.*?)</nav>', page, re.S)
    assert nav is not None, f"no {label} tabs"
    links = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)', nav.group(1))
    return {text.strip(): html.unescape(href) for href, text in links}


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


@pytest.fixture
def applications(county):
    """申报人一 and 申报人二 in 城南村 (one 已提交, one 核实中), 申报人三 in 城北村 (涂埠镇), 申报人四 in 张公渡村
    (虬津镇)."""
    placed = [(county.village_a, 1), (county.village_a, 2), (county.village_b, 3), (county.village_c, 4)]
    for village, number in placed:
        Application.objects.create(
            receipt_no=f"SQ2026100{number}",
            village=village,
            region_path=village.path,
            name=numbered("申报人", number),
            id_number=make_id(dt.date(1980, 2, number), 10 * number + 1),
            phone="13800001111",
            situation="生病住院，花费较多",
            consent_version="2026-1",
            status=ApplicationStatus.VERIFYING if number == 2 else ApplicationStatus.SUBMITTED,
        )


def names(response) -> set[str]:
    return {row.name for row in response.context["page"].object_list}


def test_the_application_tabs_keep_the_place_and_the_search_and_drop_the_page(personas, county, applications, login):
    client = login(personas.township)  # 涂埠镇
    name = numbered("申报人", 1)

    page = client.get(APPLICATIONS, {"village": county.village_a.code, "q": name, "page": "1"}).content.decode()

    tabs = tab_links(page, "申报状态")
    assert {"全部", "待办", "已提交", "核实中", "超期"} <= set(tabs)
    for text, href in tabs.items():
        kept = params(href)
        assert kept["village"] == [county.village_a.code] and kept["q"] == [name], text
        assert "page" not in kept, text
    assert "status" not in params(tabs["全部"]) and params(tabs["核实中"])["status"] == ["verifying"]


def test_following_an_application_tab_lists_only_the_place_and_its_badges_count_there(
    personas, county, applications, login
):
    client = login(personas.township)
    first = client.get(APPLICATIONS, {"village": county.village_a.code})
    assert names(first) == {numbered("申报人", 1), numbered("申报人", 2)}

    pending = tab_links(first.content.decode(), "申报状态")["待办"]
    response = client.get(f"{APPLICATIONS}{pending}")

    page = response.content.decode()
    assert "范围：<strong>涂埠镇城南村</strong>" in page
    assert names(response) == {numbered("申报人", 1), numbered("申报人", 2)}, "城北村's is not listed"
    assert '全部 <span class="badge">2</span>' in page and '待办 <span class="badge">2</span>' in page
    assert '已提交 <span class="badge">1</span>' in page and '核实中 <span class="badge">1</span>' in page
    submitted = tab_links(page, "申报状态")["已提交"]
    assert names(client.get(f"{APPLICATIONS}{submitted}")) == {numbered("申报人", 1)}


def test_a_township_a_tile_named_stays_on_every_application_tab(personas, county, applications, login):
    client = login(personas.county_officer)

    page = client.get(APPLICATIONS, {"township": county.township2.code}).content.decode()
    submitted = tab_links(page, "申报状态")["已提交"]

    assert params(submitted)["township"] == [county.township2.code]
    assert names(client.get(f"{APPLICATIONS}{submitted}")) == {numbered("申报人", 4)}


@pytest.fixture
def overdue_cases(county, personas):
    """An identification case 20 days open, past its 15-day limit, in 城南村 and in 城北村 (both 涂埠镇)."""
    procedure = Procedure.objects.create(
        code="tabs_identification", name="测试识别纳入", kind="identification", region_prefix="360425", limit_days=15
    )
    for number, village in enumerate((county.village_a, county.village_b), start=1):
        household = HouseholdFactory(village=village, head_name=numbered("户主", number))
        MemberFactory(household=household, name=household.head_name)
        Case.objects.create(
            kind=CaseKind.IDENTIFICATION,
            household=household,
            procedure=procedure,
            channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"],
            discovered_on=today() - dt.timedelta(days=20),
            status=CaseStatus.OPEN,
            region_path=household.region_path,
            opened_by=personas.cadre_a,
        )


def heads(response) -> set[str]:
    return {case.household.head_name for case in response.context["page"].object_list}


def test_the_overdue_tabs_keep_the_village_and_following_one_lists_only_it(personas, county, overdue_cases, login):
    client = login(personas.township)
    assert heads(client.get(OVERDUE)) == {numbered("户主", 1), numbered("户主", 2)}

    page = client.get(OVERDUE, {"village": county.village_a.code, "reason": "publicity_ended"}).content.decode()

    tabs = tab_links(page, "超期情形")
    assert set(tabs) == {"全部", "超过办结时限", "公示期满未办结", "绿色通道欠办"}
    for text, href in tabs.items():
        assert params(href)["village"] == [county.village_a.code], text
    assert tabs["全部"].startswith(f"{OVERDUE}?") and "reason" not in params(tabs["全部"])
    assert tabs["绿色通道欠办"] == f"{GREEN}?village={county.village_a.code}"
    past_limit = client.get(tabs["超过办结时限"])
    assert "范围：<strong>涂埠镇城南村</strong>" in past_limit.content.decode()
    assert heads(past_limit) == {numbered("户主", 1)}, "城北村's case is not listed"
