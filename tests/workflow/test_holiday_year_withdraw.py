"""A year's 节假日录入确认 given by mistake (before the State Council announced its 调休 days) is withdrawn with a
reason (撤销确认): the year counts as not entered again, the warnings return, the withdrawal is audited with who
confirmed it and when, and the year can be confirmed anew. Only through the service: the plain delete stays refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from workflow.admin_holidays import MSG_HOLIDAYS_MISSING, MSG_WITHDRAWN
from workflow.models import CalendarDay, HolidayYear
from workflow.services.holiday_years import (
    MSG_NOT_CONFIRMED,
    MSG_REASON_REQUIRED,
    holiday_year_confirm,
    holiday_year_withdraw,
)
from workflow.workdays import years_without_holidays

pytestmark = pytest.mark.django_db
FAR = 2099  # a year no release of chinese_calendar covers
YEAR = FAR + 1
REASON = "确认时国务院办公厅尚未公布调休安排"


@pytest.fixture
def far_november(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(FAR, 11, 20))


@pytest.fixture
def confirmed(personas):
    """YEAR with one rest day named for each holiday a confirmation checks, confirmed by the system admin."""
    for day, note in ((1, 1), "元旦"), ((2, 9), "春节"), ((5, 3), "劳动节"), ((10, 4), "国庆节"):
        CalendarDay.objects.create(date=dt.date(YEAR, *day), is_workday=False, note=note)
    return holiday_year_confirm(actor=personas.system_admin, year=YEAR, checked=True)


def test_the_service_withdraws_it_audited_with_who_confirmed_it_when_and_why(personas, confirmed, far_november):
    assert years_without_holidays(dt.date(FAR, 11, 20)) == [FAR]
    confirmed_at = timezone.localtime(confirmed.confirmed_at)

    holiday_year_withdraw(actor=personas.system_admin, year=YEAR, reason=f"  {REASON} ")

    assert not HolidayYear.objects.exists()
    assert years_without_holidays(dt.date(FAR, 11, 20)) == [FAR, YEAR]
    assert CalendarDay.objects.filter(date__year=YEAR).count() == 4  # the days entered stay
    event = AuditEvent.objects.get(action="workflow.holiday_year_withdraw")
    assert event.actor == personas.system_admin
    assert (event.object_type, event.object_id) == ("workflow.holidayyear", str(confirmed.pk))
    assert event.summary == (
        f"撤销{YEAR}年法定节假日和调休录入完毕的确认（原由 {personas.system_admin} 于 "
        f"{confirmed_at:%Y-%m-%d %H:%M} 确认）；理由：{REASON}"
    )
    assert event.before["year"] == YEAR and event.before["confirmed_by"] == personas.system_admin.username
    recorded_at = dt.datetime.fromisoformat(event.before["confirmed_at"])  # JSON keeps milliseconds
    assert abs(recorded_at - confirmed.confirmed_at) < dt.timedelta(milliseconds=1)
    assert event.after == {"reason": REASON}


def test_confirming_again_after_the_withdrawal_works(personas, confirmed):
    holiday_year_withdraw(actor=personas.system_admin, year=YEAR, reason=REASON)
    CalendarDay.objects.create(date=dt.date(YEAR, 2, 20), is_workday=True, note="春节调休")

    again = holiday_year_confirm(actor=personas.county_officer, year=YEAR, checked=True)

    assert HolidayYear.objects.get() == again and again.confirmed_by == personas.county_officer
    assert AuditEvent.objects.filter(action="workflow.holiday_year_confirm").count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_without_a_reason_is_refused(personas, confirmed, reason):
    with pytest.raises(ValidationError) as refused:
        holiday_year_withdraw(actor=personas.system_admin, year=YEAR, reason=reason)

    assert refused.value.message_dict == {"reason": [MSG_REASON_REQUIRED]}
    assert HolidayYear.objects.filter(year=YEAR).exists()
    assert not AuditEvent.objects.filter(action="workflow.holiday_year_withdraw").exists()


def test_a_year_never_confirmed_is_refused(personas, confirmed):
    with pytest.raises(ValidationError) as refused:
        holiday_year_withdraw(actor=personas.system_admin, year=YEAR + 1, reason=REASON)

    assert refused.value.message_dict == {"year": [MSG_NOT_CONFIRMED.format(year=YEAR + 1)]}
    assert not AuditEvent.objects.filter(action="workflow.holiday_year_withdraw").exists()


@pytest.mark.parametrize("role", ["cadre_a", "approver", "security_admin", "audit_admin"])
def test_another_role_is_refused_by_the_service_and_the_page(personas, login, confirmed, role):
    user = getattr(personas, role)

    with pytest.raises(PermissionDenied):
        holiday_year_withdraw(actor=user, year=YEAR, reason=REASON)
    url = f"/admin/workflow/holidayyear/{confirmed.pk}/withdraw/"
    assert login(user).post(url, {"reason": REASON}).status_code == 403

    assert HolidayYear.objects.filter(year=YEAR).exists()
    assert not AuditEvent.objects.filter(action="workflow.holiday_year_withdraw").exists()


def test_the_system_admin_withdraws_it_on_its_admin_page_and_the_warnings_return(
    personas, login, confirmed, far_november
):
    client = login(personas.system_admin)
    page = f"/admin/workflow/holidayyear/{confirmed.pk}/change/"
    url = f"/admin/workflow/holidayyear/{confirmed.pk}/withdraw/"
    assert f'href="{url}"' in client.get(page).content.decode()
    assert f"{YEAR}年法定节假日和调休尚未录入" not in client.get("/").content.decode()

    asked = client.get(url).content.decode()  # the link asks first: nothing is withdrawn yet
    assert "确认撤销" in asked and "撤销理由" in asked and str(personas.system_admin) in asked
    assert HolidayYear.objects.filter(year=YEAR).exists()
    blank = client.post(url, {"reason": " "})
    assert blank.status_code == 200 and MSG_REASON_REQUIRED in blank.content.decode()
    assert HolidayYear.objects.filter(year=YEAR).exists()

    done = client.post(url, {"reason": REASON}, follow=True)

    assert done.redirect_chain == [("/admin/workflow/holidayyear/", 302)]
    shown = done.content.decode()
    assert MSG_WITHDRAWN.format(year=YEAR) in shown
    gaps = "已录入 4 个放假日、0 个调休上班日，未见清明节、端午节、中秋节的放假日"
    assert MSG_HOLIDAYS_MISSING.format(year=YEAR, gaps=gaps) in shown
    assert not HolidayYear.objects.exists()
    event = AuditEvent.objects.get(action="workflow.holiday_year_withdraw")
    assert event.actor == personas.system_admin and event.after == {"reason": REASON}
    home = client.get("/").content.decode()
    assert "节假日待录入" in home and f"{YEAR}年法定节假日和调休尚未录入完毕" in home

    client.post("/admin/workflow/holidayyear/add/", {"year": YEAR, "checked": "on"})
    assert HolidayYear.objects.filter(year=YEAR).exists()  # confirmed anew on the same admin page


def test_the_list_action_leads_to_the_same_confirmation_step(personas, login, confirmed):
    client = login(personas.system_admin)

    response = client.post(
        "/admin/workflow/holidayyear/", {"action": "withdraw_action", "_selected_action": [confirmed.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/workflow/holidayyear/{confirmed.pk}/withdraw/"
    assert HolidayYear.objects.filter(year=YEAR).exists()


def test_the_plain_admin_delete_does_not_bypass_the_service(personas, login, confirmed):
    client = login(personas.system_admin)

    assert client.post(f"/admin/workflow/holidayyear/{confirmed.pk}/delete/", {"post": "yes"}).status_code == 403
    listed = client.get("/admin/workflow/holidayyear/").content.decode()
    assert "delete_selected" not in listed
    client.post("/admin/workflow/holidayyear/", {"action": "delete_selected", "_selected_action": [confirmed.pk]})

    assert HolidayYear.objects.filter(year=YEAR).exists()
