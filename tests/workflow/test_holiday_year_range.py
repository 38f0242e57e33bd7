"""A year the working-day calendar cannot hold (0, 10000, 32767 typed into 年度, or a 工作日调整 dated in year 1 or
9999) is refused at its field in Chinese on the configuration site, not a server error."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from workflow.models import CalendarDay, HolidayYear
from workflow.services.holiday_years import holiday_year_confirm
from workflow.services.procedure_config import calendar_day_save
from workflow.workdays import CALENDAR_YEARS, MSG_CALENDAR_YEAR, knows_holidays

pytestmark = pytest.mark.django_db
OUT_OF_RANGE = MSG_CALENDAR_YEAR.format(low=CALENDAR_YEARS[0], high=CALENDAR_YEARS[1])


@pytest.mark.parametrize("year", ["0", "1999", "2101", "10000", "32767", "40000"])
def test_a_confirmation_of_a_year_out_of_range_is_refused_at_the_year(personas, login, year):
    client = login(personas.system_admin)

    response = client.post("/admin/workflow/holidayyear/add/", {"year": year, "checked": "on"})

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not HolidayYear.objects.exists()


def test_the_service_refuses_it_too_and_the_calendar_does_not_fail_on_it(personas):
    with pytest.raises(ValidationError) as refused:
        holiday_year_confirm(actor=personas.system_admin, year=10000, checked=True)
    assert refused.value.message_dict == {"year": [OUT_OF_RANGE]}
    assert knows_holidays(0) is False and knows_holidays(10000) is False


@pytest.mark.parametrize("date", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_a_calendar_day_out_of_range_is_refused_at_the_date(personas, login, date):
    client = login(personas.system_admin)

    response = client.post("/admin/workflow/calendarday/add/", {"date": date, "is_workday": "", "note": "元旦"})

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not CalendarDay.objects.exists()
    with pytest.raises(ValidationError) as refused:
        calendar_day_save(actor=personas.system_admin, date=dt.date.fromisoformat(date), is_workday=False)
    assert refused.value.message_dict == {"date": [OUT_OF_RANGE]}


def test_the_first_and_last_years_are_accepted(personas):
    low, high = CALENDAR_YEARS
    for year in (low, high):
        calendar_day_save(actor=personas.system_admin, date=dt.date(year, 1, 1), is_workday=False, note="元旦")
    assert CalendarDay.objects.count() == 2
