"""Dates as people read them on paper and on the pages (2026年3月1日), as the seed forms write them
("填报时间：202X年X月X日"). Templates say the same with `|date:"Y年n月j日"`; code that builds a text uses these."""

import datetime as dt

from django.utils import timezone


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: dt.datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{cn_date(local)} {local:%H:%M}"
