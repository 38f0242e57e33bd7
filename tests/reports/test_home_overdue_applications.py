"""The home page's 超期事项 opens the overdue page's 全部 tab, which lists the overdue cases and, in a section of their
own, the self-applications waiting past the identification procedure's limit (自主申报超期); the tile counted the
cases only, so 涂埠镇 read 1 and opened a list of 2. It now counts what it opens, for the township and the county,
and for the official, who has no 自主申报超期 tile of its own. The dashboard's 超过办结时限, which counts both since
2e56cc6c, no longer offers 点击查看案件 alone.

Fixtures: tests/reports/conftest.py `cases` (a3's identification in 城南村 past its 15-day limit); here 李明 applied
in 城南村 20 days ago (past the limit) and 王芳 3 days ago (within it)."""

import pytest

from tests.reports.test_dashboard_overdue_applications import TILE, waited
from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply
from workflow.choices import ProcedureKind
from workflow.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(county, cases):
    Procedure.objects.filter(kind=ProcedureKind.IDENTIFICATION, is_active=True).update(limit_days=15)
    waited(apply(county.village_a, name="李明", id_number=STRANGER_ID, phone="13900001111"), 20)
    waited(apply(county.village_a, name="王芳", id_number=STRANGER_ID, phone="13900002222"), 3)


def home_tile(client) -> dict:
    return next(t for t in client.get("/").context["tiles"] if t["label"] == "超期事项")


def opened(client, url: str) -> int:
    """What the opened tab lists: its overdue cases and its section of overdue self-applications."""
    context = client.get(url).context
    return context["page"].paginator.count + (context["applications"].count if context["applications"] else 0)


@pytest.mark.parametrize("persona", ["township", "county_officer", "official"])
def test_the_home_tile_counts_the_cases_and_self_applications_the_list_it_opens_shows(
    personas, waiting, login, persona
):
    client = login(getattr(personas, persona))

    tile = home_tile(client)

    assert tile["url"] == "/workflow/overdue/"
    assert tile["count"] == opened(client, tile["url"]) == 2
    assert tile["items"] == [("含等待超过办结时限的自主申报 1 件", "/workflow/overdue/#overdue-applications")]
    assert "自主申报" in tile["hint"]
    assert 'id="overdue-applications"' in client.get(tile["url"]).content.decode()


def test_without_overdue_self_applications_the_home_tile_names_none(personas, cases, login):
    tile = home_tile(login(personas.official))

    assert tile["count"] == 1 and tile["items"] == []


def dashboard_action(client) -> str:
    page = client.get("/reports/dashboard/").content.decode()
    start = TILE.search(page).start()
    return page[start : page.index("</a>", start)]


def test_the_dashboard_past_limit_tile_offers_the_applications_it_counts(personas, waiting, login):
    card = dashboard_action(login(personas.official))

    assert "点击查看案件和自主申报" in card


def test_the_dashboard_past_limit_tile_of_cases_only_offers_the_cases(personas, cases, login):
    card = dashboard_action(login(personas.official))

    assert "点击查看案件" in card and "自主申报" not in card
