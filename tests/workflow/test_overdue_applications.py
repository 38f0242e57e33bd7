"""The 超期 page lists the self-applications waiting past the identification procedure's limit (the home page's
自主申报超期) in a section of their own, with the page's scope and place filter, each linking to the application, and
counts them per township beside the overdue cases."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply
from workflow.models import Procedure
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db


def waited(application: Application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    return application


@pytest.fixture
def applications(county, household_a):
    """张大山 (城南村, 涂埠镇) waiting 20 days and 李明 (张公渡村, 虬津镇) 18, past a 15-day limit; 王芳 (城南村) 3."""
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    return (
        waited(apply(county.village_a), 20),
        waited(apply(county.village_c, name="李明", id_number=STRANGER_ID, phone="13900001111"), 18),
        waited(apply(county.village_a, name="王芳", id_number=STRANGER_ID, phone="13900002222"), 3),
    )


def section(page: str) -> str:
    match = re.search(r"<section data-overdue-applications>(.*?)</section>", page, re.S)
    assert match is not None, "no 自主申报超期 section"
    return match.group(1)


def test_the_overdue_page_lists_the_overdue_applications_in_scope_with_links(personas, login, applications):
    zhang = applications[0]

    page = login(personas.township).get("/workflow/overdue/").content.decode()

    listed = section(page)
    assert "自主申报超期" in listed and "共 1 件" in listed
    assert f'href="/workflow/applications/{zhang.pk}/"' in listed and "张大山" in listed
    assert "已等待20天（时限15天，已超5天）" in listed and "城南村" in listed
    assert "李明" not in listed  # another township's
    assert "王芳" not in listed  # within the limit
    assert "<h1>超期事项</h1>" in page and "<h2>超期案件</h2>" in page
    # The per-township summary counts them beside the cases (a township with applications only is listed).
    row = re.search(r"<tr><td>涂埠镇</td>(.*?)</tr>", page).group(1)
    assert '<td class="num" data-applications>1</td>' in row


def test_the_county_sees_every_township_and_the_place_filter_narrows_the_section(personas, login, county, applications):
    client = login(personas.county_officer)

    page = client.get("/workflow/overdue/").content.decode()
    assert "共 2 件" in section(page) and "张大山" in section(page) and "李明" in section(page)
    assert section(page).index("张大山") < section(page).index("李明")  # the longest waiting first
    assert re.search(r"<tr><td>虬津镇</td>.*?data-applications>1</td></tr>", page)

    narrowed = section(client.get("/workflow/overdue/", {"village": county.village_c.code}).content.decode())
    assert "李明" in narrowed and "张大山" not in narrowed and "共 1 件" in narrowed
    past_limit = section(client.get("/workflow/overdue/", {"reason": "past_limit"}).content.decode())
    assert "张大山" in past_limit
    # Not an application's kind of 超期: no section on these tabs.
    assert (
        "data-overdue-applications"
        not in client.get("/workflow/overdue/", {"reason": "publicity_ended"}).content.decode()
    )
    assert "data-overdue-applications" not in client.get("/workflow/green-channel/").content.decode()


def test_a_village_without_overdue_applications_is_told_so(personas, login, applications):
    listed = section(login(personas.cadre_b).get("/workflow/overdue/").content.decode())

    assert "共 0 件" in listed and "没有超期的自主申报。" in listed


def test_an_application_filed_by_a_township_officer_says_so_not_the_cadre(personas, login, applications):
    zhang = applications[0]
    Application.objects.filter(pk=zhang.pk).update(filed_by=personas.township)

    listed = section(login(personas.township).get("/workflow/overdue/").content.decode())

    assert "乡镇工作人员代为申报" in listed and "村干部代为申报" not in listed
