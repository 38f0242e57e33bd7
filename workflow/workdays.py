"""Publicity end dates in calendar or working days. Working days follow the PRC holiday calendar
(chinese_calendar), overridden or extended by workflow.CalendarDay for years the package does not know;
beyond both, Monday to Friday."""

import datetime as dt

import chinese_calendar
from django.db import models

from workflow.choices import DayType
from workflow.models import CalendarDay, HolidayYear


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is not None and day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


# The years a 工作日调整 or a 节假日录入确认 may be for: chinese_calendar starts in 2004 and the State Council
# announces one year at a time, so a year outside these is a typing slip (0, 10000), not a calendar; year 0 or
# 10000 is not even a date (dt.date raises), which made the confirmation page fail.
CALENDAR_YEARS = (2000, 2100)
MSG_CALENDAR_YEAR = "年份应在{low}年到{high}年之间。"


def calendar_year_error(year: int) -> str:
    """The refusal of a year out of CALENDAR_YEARS, in words, or '' when it is in range."""
    low, high = CALENDAR_YEARS
    return "" if low <= year <= high else MSG_CALENDAR_YEAR.format(low=low, high=high)


def knows_holidays(year: int) -> bool:
    """Whether the PRC holiday calendar (chinese_calendar) covers `year` (it is released year by year)."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def years_without_holidays(today: dt.date) -> list[int]:
    """This year, and from 1 November next year, when chinese_calendar does not know its holidays and the system
    admin has not confirmed them entered (HolidayYear): working days there would be counted Monday to Friday, a
    publicity over 春节 or 国庆 ending days too early. One CalendarDay is not the year: 元旦 entered alone leaves 春节
    and 国庆 out, so only the admin's confirmation, once the State Council's whole announcement is in, counts."""
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    confirmed = set(HolidayYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [year for year in years if not knows_holidays(year) and year not in confirmed]


# The statutory holidays (全国年节及纪念日放假办法 art. 2, as amended in 2024), each with the words a day's 说明 names
# it by and the days the law fixes: 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October. 春节 (除夕 to 初三) moves with
# the lunar calendar but always lies within 20 January – 23 February; 清明 (a solar term), 端午 and 中秋 have no
# window tight enough to check.
STATUTORY_HOLIDAYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("元旦", ("元旦",)),
    ("春节", ("春节", "除夕", "新春")),
    ("清明节", ("清明",)),
    ("劳动节", ("劳动", "五一")),
    ("端午节", ("端午",)),
    ("中秋节", ("中秋",)),
    ("国庆节", ("国庆",)),
)
FIXED_DAYS = {"元旦": ((1, 1),), "劳动节": ((5, 1), (5, 2)), "国庆节": ((10, 1), (10, 2), (10, 3))}
SPRING_FESTIVAL_WINDOW = ((1, 20), (2, 23))
# The holidays a confirmation needs a day of (workflow.services.holiday_years): those the dates can tell.
CHECKED_HOLIDAYS = ("元旦", "春节", "劳动节", "国庆节")


def _dates_say(name: str, year: int, rest: set[dt.date]) -> bool:
    """Whether the rest days entered cover the holiday by its dates: every fixed day that falls on a weekday (a
    weekend one is a rest day anyway; a holiday wholly on a weekend is moved by the announcement, so only its 说明
    can tell), or for 春节 a weekday in its window (two of its four days are weekdays)."""
    if name in FIXED_DAYS:
        weekdays = [day for day in (dt.date(year, *fixed) for fixed in FIXED_DAYS[name]) if day.weekday() < 5]
        return bool(weekdays) and all(day in rest for day in weekdays)
    if name == "春节":
        first, last = (dt.date(year, *day) for day in SPRING_FESTIVAL_WINDOW)
        return any(first <= day <= last and day.weekday() < 5 for day in rest)
    return False


# Where the rest days of a fixed-date holiday can lie once the announcement joins weekends to it (元旦 2023 ran
# 31 December – 2 January, 劳动节 2023 29 April – 3 May, 国庆节 2023 29 September – 6 October with 中秋): a rest day
# whose 说明 names one of these outside its window (a "国庆" typed on a day in March) is a slip, not the holiday.
NOTE_WINDOWS = {"元旦": ((1, 1), (1, 3)), "劳动节": ((4, 28), (5, 6)), "国庆节": ((9, 28), (10, 10))}


def _note_says(name: str, words: tuple[str, ...], year: int, days: list[tuple[dt.date, str]]) -> bool:
    """Whether a rest day's 说明 names the holiday, on a day it can fall on (NOTE_WINDOWS) where the dates fix it."""
    first, last = (dt.date(year, *edge) for edge in NOTE_WINDOWS.get(name, ((1, 1), (12, 31))))
    return any(first <= day <= last and any(w in note for w in words) for day, note in days)


def holidays_not_seen(year: int) -> list[str]:
    """The statutory holidays of `year` with no rest day entered for them: no rest day whose 说明 names it (for 元旦,
    劳动节 and 国庆节, one within NOTE_WINDOWS), and (元旦, 春节, 劳动节, 国庆节) no rest days where the law puts it
    (_dates_say)."""
    days = list(CalendarDay.objects.filter(date__year=year, is_workday=False).values_list("date", "note"))
    rest = {day for day, _note in days}
    return [
        name
        for name, words in STATUTORY_HOLIDAYS
        if not _dates_say(name, year, rest) and not _note_says(name, words, year, days)
    ]


MSG_NOTHING_ENTERED = "尚未录入任何一天"
MSG_ENTERED = "已录入 {rest} 个放假日、{work} 个调休上班日"
MSG_NOT_SEEN = "未见{names}的放假日"


def holiday_gaps(year: int) -> str:
    """What is missing of `year`, in words for the warnings: what has been entered, and which holidays have no day."""
    counts = dict(CalendarDay.objects.filter(date__year=year).values_list("is_workday").annotate(n=models.Count("pk")))
    if not counts:
        return MSG_NOTHING_ENTERED
    said = MSG_ENTERED.format(rest=counts.get(False, 0), work=counts.get(True, 0))
    if names := holidays_not_seen(year):
        said += "，" + MSG_NOT_SEEN.format(names="、".join(names))
    return said


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
