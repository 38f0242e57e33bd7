"""Review finding (prints 2): the printed 民主评议会议记录 had a fixed 3×3 grid of 参会人员签字 boxes, so a meeting of
11 or 12 attendees could not all sign. One box per attendee recorded, three to a row, never fewer than nine; and the
村/组 column prints a group named with its village once (城南村一组, not 城南村城南村一组)."""

import re

import pytest

from households.models import Household
from tests.workflow.test_meetings import ATTENDEES, cases_a, open_case, record, second_a, third_a  # noqa: F401
from workflow.services.meetings import ReviewInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def sign_boxes(page: str) -> list[int]:
    """The number of boxes in each row of the printed signature grid."""
    grid = re.search(r"<table[^>]*data-sign-boxes>(.*?)</table>", page, re.S).group(1)
    return [row.count('class="sign"') for row in re.findall(r"<tr>(.*?)</tr>", grid, re.S)]


def test_every_attendee_recorded_has_a_box_to_sign(personas, county, cases_a, login):  # noqa: F811
    meeting = record(personas, county, [ReviewInput(cases_a[0].pk, 9, 0, 0)])  # 12 present (ATTENDEES)

    rows = sign_boxes(login(personas.cadre_a).get(f"/workflow/meetings/{meeting.pk}/print/").content.decode())

    assert sum(count for _, (count, _) in ATTENDEES.items()) == 12
    assert rows == [3, 3, 3, 3]


def test_a_small_meeting_still_prints_the_nine_boxes(personas, county, cases_a, login):  # noqa: F811
    few = {
        "committee": (2, "王书记、李主任"),
        "work_team": (1, "周队长"),
        "supervisory": (1, "郑主任"),
        "representative": (2, "冯一、陈二"),
    }
    meeting = record(personas, county, [ReviewInput(cases_a[0].pk, 4, 0, 0)], attendees=few)

    rows = sign_boxes(login(personas.cadre_a).get(f"/workflow/meetings/{meeting.pk}/print/").content.decode())

    assert rows == [3, 3, 3]


def test_an_eleven_person_meeting_gets_a_fourth_row(personas, county, cases_a, login):  # noqa: F811
    eleven = {**ATTENDEES, "representative": (3, "冯一、陈二、褚三")}
    meeting = record(personas, county, [ReviewInput(cases_a[0].pk, 9, 0, 0)], attendees=eleven)

    rows = sign_boxes(login(personas.cadre_a).get(f"/workflow/meetings/{meeting.pk}/print/").content.decode())

    assert sum(rows) >= 11 and rows == [3, 3, 3, 3]


def test_the_record_prints_a_group_named_with_its_village_once(personas, county, cases_a, login):  # noqa: F811
    Household.objects.filter(pk=cases_a[0].household_id).update(group=county.group_a)  # 城南村一组
    meeting = record(personas, county, [ReviewInput(cases_a[0].pk, 9, 0, 0)])

    page = login(personas.cadre_a).get(f"/workflow/meetings/{meeting.pk}/print/").content.decode()

    assert "<td>城南村一组</td>" in page and "城南村城南村一组" not in page and "城南村 城南村一组" not in page
