"""A year whose holidays nobody knows yet (chinese_calendar is released year by year): the system admin is told,
on the home page and on 工作日调整, until its holidays are entered; publicity in working days would otherwise skip
only weekends."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from workflow.admin_holidays import MSG_HOLIDAYS_MISSING
from workflow.models import CalendarDay, HolidayYear
from workflow.services.holiday_years import MSG_BUILT_IN, MSG_NOT_CHECKED, MSG_NOT_ENTERED, holiday_year_confirm
from workflow.workdays import holiday_gaps, years_without_holidays

pytestmark = pytest.mark.django_db
FAR = 2099  # a year no release of chinese_calendar covers


def test_this_year_and_from_november_next_year_are_looked_at():
    assert years_without_holidays(dt.date(2025, 6, 1)) == []  # chinese_calendar knows 2025
    assert years_without_holidays(dt.date(FAR, 6, 1)) == [FAR]
    assert years_without_holidays(dt.date(FAR, 11, 1)) == [FAR, FAR + 1]
    CalendarDay.objects.create(date=dt.date(FAR + 1, 1, 1), is_workday=False, note="元旦")
    assert years_without_holidays(dt.date(FAR, 11, 1)) == [FAR, FAR + 1]  # one day is not the year


@pytest.fixture
def far_november(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(FAR, 11, 20))


def test_the_system_admin_is_told_on_the_home_page_and_the_calendar(personas, login, far_november):
    client = login(personas.system_admin)

    home = client.get("/").content.decode()
    assert "节假日待录入" in home and f"{FAR + 1}年法定节假日和调休尚未录入" in home
    calendar = client.get("/admin/workflow/calendarday/").content.decode()
    assert MSG_HOLIDAYS_MISSING.format(year=FAR + 1, gaps="尚未录入任何一天") in calendar

    assert "节假日待录入" not in login(personas.cadre_a).get("/").content.decode()


def test_one_day_entered_keeps_the_warning_and_it_names_what_is_missing(personas, login, far_november):
    CalendarDay.objects.create(date=dt.date(FAR + 1, 1, 1), is_workday=False, note="元旦")
    client = login(personas.system_admin)

    gaps = "已录入 1 个放假日、0 个调休上班日，未见春节、清明节、劳动节、端午节、中秋节、国庆节的放假日"
    assert holiday_gaps(FAR + 1) == gaps
    assert (
        MSG_HOLIDAYS_MISSING.format(year=FAR + 1, gaps=gaps)
        in client.get("/admin/workflow/calendarday/").content.decode()
    )
    assert f"{FAR + 1}年法定节假日和调休尚未录入完毕：{gaps}" in client.get("/").content.decode()


def add(day: dt.date, note: str, is_workday: bool = False) -> None:
    CalendarDay.objects.create(date=day, is_workday=is_workday, note=note)


def test_the_year_counts_as_entered_once_the_admin_confirms_it_recorded_who_and_when(personas, login, far_november):
    year = FAR + 1
    add(dt.date(year, 1, 1), "元旦")
    client = login(personas.system_admin)

    refused = client.post("/admin/workflow/holidayyear/add/", {"year": year, "checked": "on"}).content.decode()
    assert MSG_NOT_ENTERED.format(year=year, names="春节、劳动节、国庆节") in refused
    assert not HolidayYear.objects.exists()

    for day in range(8, 13):  # 8–12 February 2100, Monday to Friday, no 说明
        add(dt.date(year, 2, day), "")
    add(dt.date(year, 2, 20), "春节调休", is_workday=True)
    for day in (dt.date(year, 5, 3), dt.date(year, 5, 4), dt.date(year, 10, 1), dt.date(year, 10, 4)):
        add(day, "劳动节" if day.month == 5 else "国庆节")  # named: 1–2 May and 2–3 October 2100 are weekend days
    unchecked = client.post("/admin/workflow/holidayyear/add/", {"year": year}).content.decode()
    assert MSG_NOT_CHECKED in unchecked and not HolidayYear.objects.exists()

    client.post("/admin/workflow/holidayyear/add/", {"year": year, "checked": "on"})

    confirmed = HolidayYear.objects.get()
    assert (confirmed.year, confirmed.confirmed_by) == (year, personas.system_admin)
    assert years_without_holidays(dt.date(FAR, 11, 20)) == [FAR]
    event = AuditEvent.objects.filter(action="workflow.holiday_year_confirm").get()
    assert event.actor == personas.system_admin
    assert f"确认{year}年法定节假日和调休已录入完毕（放假日 10 天、调休上班日 1 天；说明中未见：清明节" in event.summary
    assert f"{year}年法定节假日和调休" not in client.get("/").content.decode()


def test_a_year_the_built_in_calendar_knows_needs_no_confirmation(personas):
    with pytest.raises(ValidationError) as refused:
        holiday_year_confirm(actor=personas.system_admin, year=2025, checked=True)
    assert refused.value.message_dict["year"] == [MSG_BUILT_IN.format(year=2025)]
    assert years_without_holidays(dt.date(2025, 12, 1)) == []  # 2025 known; 2026 too in this release
