"""A 工作日调整 save is audited with its 说明 and, on an edit, only with what changed; and a rest day whose 说明 names
元旦, 劳动节 or 国庆节 counts for that holiday only on a day it can fall on."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from workflow.models import CalendarDay
from workflow.services.procedure_config import calendar_day_save
from workflow.workdays import holidays_not_seen

pytestmark = pytest.mark.django_db
# A year chinese_calendar does not know: its holidays come from the days entered.
YEAR = 2031


def audits():
    return list(AuditEvent.objects.filter(action="workflow.calendar_day_save").order_by("pk"))


def test_a_new_day_is_audited_with_its_note(personas):
    calendar_day_save(actor=personas.system_admin, date=dt.date(YEAR, 10, 8), is_workday=False, note="国庆调休")
    (event,) = audits()
    assert event.before is None
    assert event.after == {"date": f"{YEAR}-10-08", "is_workday": False, "note": "国庆调休"}
    assert "国庆调休" in event.summary


def test_an_edit_records_only_the_fields_it_changed(personas, login):
    admin = personas.system_admin
    day = calendar_day_save(actor=admin, date=dt.date(YEAR, 10, 8), is_workday=False, note="国庆")
    client = login(admin)
    url = f"/admin/workflow/calendarday/{day.pk}/change/"

    assert client.post(url, {"date": f"{YEAR}-10-08", "is_workday": "", "note": "国庆节放假"}).status_code == 302
    assert client.post(url, {"date": f"{YEAR}-10-08", "is_workday": "", "note": "国庆节放假"}).status_code == 302

    _new, edit, unchanged = audits()
    assert (edit.before, edit.after) == ({"note": "国庆"}, {"note": "国庆节放假"})
    assert (unchanged.before, unchanged.after) == (None, None)
    assert "未修改" in unchanged.summary


def rest(*days):
    for (month, day), note in days:
        CalendarDay.objects.create(date=dt.date(YEAR, month, day), is_workday=False, note=note)


def test_a_note_naming_a_fixed_holiday_on_a_day_it_cannot_fall_on_does_not_count():
    # 1 January, 1–2 May and 1–3 October 2031 are weekdays, not entered: only a 说明 could name them, typed in March.
    rest(((3, 10), "国庆"), ((3, 11), "元旦"), ((3, 12), "劳动节"))
    missing = holidays_not_seen(YEAR)
    assert {"元旦", "劳动节", "国庆节"} <= set(missing)


def test_a_note_in_the_window_counts():
    # 1 January, 1–2 May and 1–3 October 2031 on weekdays are not entered: the notes on days near them tell.
    rest(((1, 2), "元旦"), ((4, 30), "劳动节"), ((5, 5), "五一调休"), ((9, 29), "国庆节、中秋节"))
    missing = holidays_not_seen(YEAR)
    assert not {"元旦", "劳动节", "国庆节"} & set(missing)
    assert "春节" in missing
