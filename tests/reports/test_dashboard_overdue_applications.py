"""超过办结时限 on the dashboard counts what its list shows: the overdue page's 超过办结时限 tab lists the cases past
their procedure's limit and, in a section of their own, the self-applications waiting past it (seed 001 §三: the
limit runs from the day the risk is found, and a farmer's application is that day; a case opened from it counts
from it, workflow.services.applications). The tile counted the cases only, so 涂埠镇's tile said 1 and its list
showed 2. The tile, its hint and the 分乡镇情况 column now count both, in the region shown.

Fixtures: tests/reports/conftest.py `cases` (a3's identification in 城南村 past its 15-day limit); here 李明 applied
in 城南村 20 days ago (past the limit) and 王芳 3 days ago (within it)."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply
from workflow.choices import ProcedureKind
from workflow.models import Procedure
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db

TILE = re.compile(r'<a class="stat-card[^"]*" data-overdue="超过办结时限" href="([^"]+)">')


def waited(application: Application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    return application


@pytest.fixture
def waiting(county, cases):
    Procedure.objects.filter(kind=ProcedureKind.IDENTIFICATION, is_active=True).update(limit_days=15)
    return (
        waited(apply(county.village_a, name="李明", id_number=STRANGER_ID, phone="13900001111"), 20),
        waited(apply(county.village_a, name="王芳", id_number=STRANGER_ID, phone="13900002222"), 3),
    )


def tile(client, region: str = ""):
    response = client.get("/reports/dashboard/", {"region": region} if region else {})
    item = next(item for item in response.context["d"].overdue if item.label == "超过办结时限")
    return response.context["d"], item, html.unescape(TILE.search(response.content.decode()).group(1))


def shown(client, link: str) -> int:
    """What the opened list shows: its overdue cases and its overdue self-applications."""
    context = client.get(link).context
    return context["page"].paginator.count + (context["applications"].count if context["applications"] else 0)


@pytest.mark.parametrize(("region", "expected"), [("", 2), ("township", 2), ("village_a", 2), ("township2", 0)])
def test_the_past_limit_tile_counts_the_overdue_self_applications_its_list_shows(
    personas, county, waiting, login, region, expected
):
    client = login(personas.county_officer)

    _, item, link = tile(client, getattr(county, region).code if region else "")

    assert item.count == expected
    assert shown(client, link) == expected
    if expected:
        assert "含等待超过办结时限的自主申报 1 件" in item.hint


def test_the_township_rows_count_them_as_the_tile_does(personas, county, waiting, login):
    d, item, _ = tile(login(personas.official))

    assert {row.region.name: row.overdue_cases for row in d.children} == {"涂埠镇": 1, "虬津镇": 0}
    assert {row.region.name: row.past_limit for row in d.children} == {"涂埠镇": 2, "虬津镇": 0}
    assert sum(row.past_limit for row in d.children) == item.count


def test_without_overdue_self_applications_the_hint_names_none(personas, cases, login):
    _, item, _ = tile(login(personas.county_officer))

    assert item.count == 1 and "自主申报" not in item.hint
