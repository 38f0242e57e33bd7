"""零报告: a department with nothing new in a period says so instead of sending a file (feed_nil_return_create).
Seed 001 §二(四) wants a push every period ("各部门按要求及时准确推送预警信息，不得迟报、漏报"): a push saying
"nobody" is still a push, so a nil return counts for punctuality, on time or late (补报) like a file."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import UploadStatus
from alerts.ingest.services import LATE_NOTE, ensure_clerk, late_notice_resolve
from alerts.models import FeedType, FeedUpload
from alerts.periods import Period, sent_on_time
from alerts.selectors_periods import county_of, upload_period_resolve
from config.errors import AlreadyRecorded

NIL_NAME = "零报告（本期无新增）"
MSG_NIL_DONE = "零报告：本期没有符合条件的新增人员。"
MSG_NIL_TWICE = "报送期：{period}已于 {date} 报送过零报告。"
MSG_NIL_AFTER_FILE = "报送期：{period}已于 {date} 上传过数据文件（{name}），不需要再报零报告。"
MSG_NIL_CONFIRM = "确认 {department} {feed} {period} 本部门无新增人员？{late}提交后不能撤回。"
MSG_NIL_CONFIRM_LATE = "该期已过截止日期（{deadline}），将计为迟报。"


@dataclass(frozen=True)
class NilReturnDraft:
    """The nil return a clerk is about to file, for them to confirm: it is a formal statement that nothing
    happened in the period and cannot be withdrawn, and the period may be an overdue one (the form's default)."""

    feed_type: FeedType
    period: Period
    on_time: bool | None  # None: a period before the feed type's start, not counted (上线前，不计)

    @property
    def question(self) -> str:
        late = ""
        if self.on_time is False:
            late = MSG_NIL_CONFIRM_LATE.format(deadline=f"{self.period.deadline:%Y-%m-%d}")
        return MSG_NIL_CONFIRM.format(
            department=self.feed_type.get_department_display(),
            feed=self.feed_type.name,
            period=self.period.label,
            late=late,
        )


def _earlier(feed: FeedType, region_path: str, period_key: str) -> FeedUpload | None:
    # A file that failed or had no valid row sent nothing: a nil return may follow it.
    uploads = FeedUpload.objects.filter(feed_type=feed, region_path=region_path, period_key=period_key)
    return uploads.submitted().order_by("created_at", "pk").first()


def _refusal(earlier: FeedUpload) -> AlreadyRecorded:
    """The period's nil return or file sent before: the API answers 409 with its id."""
    date = timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")
    if earlier.nil_return:
        return AlreadyRecorded("period", MSG_NIL_TWICE.format(period=earlier.period_label, date=date), earlier)
    message = MSG_NIL_AFTER_FILE.format(period=earlier.period_label, date=date, name=earlier.original_name)
    return AlreadyRecorded("period", message, earlier)


def feed_nil_return_check(
    *, actor: Any, feed_type: FeedType, period_key: str = "", today: dt.date | None = None
) -> NilReturnDraft:
    """The nil return feed_nil_return_create would record, without recording it (the page's confirmation step):
    the period it names or defaults to and whether it would count as on time. Refuses what the create refuses."""
    ensure_clerk(actor, feed_type)
    today = today or timezone.localdate()
    region_path = county_of(actor)
    period = upload_period_resolve(feed=feed_type, region_path=region_path, today=today, key=period_key)
    if (earlier := _earlier(feed_type, region_path, period.key)) is not None:
        raise _refusal(earlier)
    return NilReturnDraft(feed_type, period, on_time=sent_on_time(feed_type, period, today))


@transaction.atomic
def feed_nil_return_create(
    *, actor: Any, feed_type: FeedType, period_key: str = "", today: dt.date | None = None
) -> FeedUpload:
    """Record that the actor's department had nothing new for `feed_type` in the period (by default the current
    one, or the latest past one: alerts.selectors_periods.default_upload_period): an upload without a file, done
    at once with 0 rows. A period that already received a file or a nil return is refused; a file may still
    follow a nil return (a correction)."""
    today = today or timezone.localdate()
    draft = feed_nil_return_check(actor=actor, feed_type=feed_type, period_key=period_key, today=today)
    period, region_path = draft.period, county_of(actor)
    now = timezone.now()
    record = FeedUpload(
        feed_type=feed_type,
        department=feed_type.department,
        uploaded_by=actor,
        nil_return=True,
        original_name=NIL_NAME,
        checksum="",
        period_key=period.key,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        deadline=period.deadline,
        on_time=draft.on_time,
        status=UploadStatus.DONE,
        progress=100,
        message=MSG_NIL_DONE,
        region_path=region_path,
        created_at=now,
        finished_at=now,
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Two clicks at the same moment: the partial unique index (one nil return a period) decides.
        raise _refusal(_earlier(feed_type, region_path, period.key) or record) from None
    late_notice_resolve(upload=record, day=today)
    audit_record(
        actor=actor,
        action="alerts.nil_return",
        summary=f"零报告 {feed_type.name}（{period.label}{LATE_NOTE.get(record.on_time, '')}）：本期无新增",
        target=record,
        region_path=region_path,
        after={"period_key": period.key, "on_time": record.on_time},
    )
    return record
