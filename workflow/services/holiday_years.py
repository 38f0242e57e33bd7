"""The system admin's confirmation that a year's holidays are all entered (workflow.HolidayYear): from then on the
year counts as known to the working-day calendar, and the warnings (工作日调整, the 节假日待录入 tile) end. A
confirmation given by mistake (before the State Council announced the year's 调休 days) is withdrawn with a reason:
the year counts as not entered again, the warnings return, and it can be confirmed anew."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from workflow.models import CalendarDay, HolidayYear
from workflow.services.procedure_config import ensure_config
from workflow.workdays import CHECKED_HOLIDAYS, calendar_year_error, holidays_not_seen, knows_holidays

MSG_BUILT_IN = "{year}年的法定节假日和调休已内置在系统的节假日日历中，无需确认。"
MSG_ALREADY = "{year}年已于 {at:%Y-%m-%d} 由 {user} 确认录入完毕。"
MSG_NOT_ENTERED = (
    "{year}年{names}的放假日尚未录入，不能确认录入完毕：请先在“工作日调整”中逐日录入（说明中写明节日名称）。"
)
MSG_NOT_CHECKED = "请勾选确认：已按国务院办公厅公布的放假安排，录入全部放假日和调休上班日。"
MSG_NOT_CONFIRMED = "{year}年尚未确认录入完毕，没有可撤销的确认。"
MSG_REASON_REQUIRED = "请填写撤销确认的理由，如“确认时国务院办公厅尚未公布调休安排”。"


@transaction.atomic
def holiday_year_confirm(*, actor: Any, year: int, checked: bool) -> HolidayYear:
    """Record that `year`'s holidays are all entered, audited with what was entered and which holidays the admin
    confirmed although no day names them (workflow.workdays.holidays_not_seen)."""
    ensure_config(actor)
    if error := calendar_year_error(year):
        raise ValidationError({"year": error})
    if knows_holidays(year):
        raise ValidationError({"year": MSG_BUILT_IN.format(year=year)})
    done = HolidayYear.objects.select_related("confirmed_by").filter(year=year).first()
    if done is not None:
        raise ValidationError({"year": MSG_ALREADY.format(year=year, at=done.confirmed_at, user=done.confirmed_by)})
    unseen = holidays_not_seen(year)
    # The holidays whose days the law fixes (and 春节's window) are checked; 清明, 端午 and 中秋 move too freely to
    # tell from the dates alone, so a 说明 not naming them is only recorded with the confirmation.
    if missing := [name for name in unseen if name in CHECKED_HOLIDAYS]:
        raise ValidationError({"year": MSG_NOT_ENTERED.format(year=year, names="、".join(missing))})
    if not checked:
        raise ValidationError({"checked": MSG_NOT_CHECKED})
    confirmation = HolidayYear.objects.create(year=year, confirmed_by=actor)
    days = CalendarDay.objects.filter(date__year=year)
    rest, work = days.filter(is_workday=False).count(), days.filter(is_workday=True).count()
    audit_record(
        actor=actor,
        action="workflow.holiday_year_confirm",
        summary=f"确认{year}年法定节假日和调休已录入完毕（放假日 {rest} 天、调休上班日 {work} 天"
        + (f"；说明中未见：{'、'.join(unseen)}" if unseen else "")
        + "）",
        target=confirmation,
        after={"year": year, "rest_days": rest, "working_days": work, "not_seen": unseen},
    )
    return confirmation


@transaction.atomic
def holiday_year_withdraw(*, actor: Any, year: int, reason: str) -> None:
    """Withdraw `year`'s confirmation: the year counts as not entered again (workflow.workdays.years_without_holidays),
    so the warnings return; the days entered on 工作日调整 stay. Audited with who confirmed it, when, and why it is
    withdrawn."""
    ensure_config(actor)
    reason = (reason or "").strip()
    done = HolidayYear.objects.select_for_update(of=("self",)).select_related("confirmed_by").filter(year=year).first()
    if done is None:
        raise ValidationError({"year": MSG_NOT_CONFIRMED.format(year=year)})
    if not reason:
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    confirmed = f"{done.confirmed_by} 于 {timezone.localtime(done.confirmed_at):%Y-%m-%d %H:%M}"
    audit_record(
        actor=actor,
        action="workflow.holiday_year_withdraw",
        summary=f"撤销{year}年法定节假日和调休录入完毕的确认（原由 {confirmed} 确认）；理由：{reason}",
        target=done,
        before={"year": year, "confirmed_by": done.confirmed_by.get_username(), "confirmed_at": done.confirmed_at},
        after={"reason": reason},
    )
    done.delete()
