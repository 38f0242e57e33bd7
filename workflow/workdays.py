"""Publicity end dates in calendar or working days. Working days follow the PRC holiday calendar
(chinese_calendar), overridden or extended by workflow.CalendarDay for years the package does not know;
beyond both, Monday to Friday."""

import datetime as dt

import chinese_calendar

from workflow.choices import DayType
from workflow.models import CalendarDay


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is not None and day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def knows_holidays(year: int) -> bool:
    """Whether the PRC holiday calendar (chinese_calendar) covers `year` (it is released year by year)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def years_without_holidays(today: dt.date) -> list[int]:
    """This year, and from 1 November next year, when neither chinese_calendar nor any CalendarDay entered here
    knows its holidays: working days there would be counted Monday to Friday, a publicity over 春节 or 国庆 ending
    days too early. The system admin enters them (工作日调整) once the State Council has announced them."""
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [
        year for year in years if not knows_holidays(year) and not CalendarDay.objects.filter(date__year=year).exists()
    ]


def publicity_end(opened_on: dt.date, days: int, day_type: str) -> dt.date:
    """The last day of a publicity of `days` days that starts the day after it is posted (opened_on)."""
    if day_type != DayType.WORKING:
        return opened_on + dt.timedelta(days=days)
    horizon = opened_on + dt.timedelta(days=days * 3 + 30)
    overrides = dict(
        CalendarDay.objects.filter(date__gt=opened_on, date__lte=horizon).values_list("date", "is_workday")
    )
    day, counted = opened_on, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_workday(day, overrides):
            counted += 1
    return day
