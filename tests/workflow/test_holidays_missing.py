"""A year whose holidays nobody knows yet (chinese_calendar is released year by year): the system admin is told,
on the home page and on 工作日调整, until its holidays are entered; publicity in working days would otherwise skip
only weekends."""

import datetime as dt

import pytest
from django.utils import timezone

from workflow.admin import MSG_HOLIDAYS_MISSING
from workflow.models import CalendarDay
from workflow.workdays import years_without_holidays

pytestmark = pytest.mark.django_db
FAR = 2099  # a year no release of chinese_calendar covers


def test_this_year_and_from_november_next_year_are_looked_at():
    assert years_without_holidays(dt.date(2025, 6, 1)) == []  # chinese_calendar knows 2025
    assert years_without_holidays(dt.date(FAR, 6, 1)) == [FAR]
    assert years_without_holidays(dt.date(FAR, 11, 1)) == [FAR, FAR + 1]
    CalendarDay.objects.create(date=dt.date(FAR + 1, 1, 1), is_workday=False, note="元旦")
    assert years_without_holidays(dt.date(FAR, 11, 1)) == [FAR]


@pytest.fixture
def far_november(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(FAR, 11, 20))


def test_the_system_admin_is_told_on_the_home_page_and_the_calendar(personas, login, far_november):
    client = login(personas.system_admin)

    home = client.get("/").content.decode()
    assert "节假日待录入" in home and f"{FAR + 1}年法定节假日和调休尚未录入" in home
    calendar = client.get("/admin/workflow/calendarday/").content.decode()
    assert MSG_HOLIDAYS_MISSING.format(year=FAR + 1)[:20] in calendar

    assert "节假日待录入" not in login(personas.cadre_a).get("/").content.decode()
