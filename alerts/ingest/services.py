"""Upload (feed_upload_create) and ingestion (feed_upload_run) of department feed files.

An upload moves pending → running → done | failed, each step a conditional UPDATE repeating the old status. A run
holds a PostgreSQL advisory lock on the upload: a worker that dies releases it with its connection, so the next
run of the task (redelivered, acks_late, or re-queued by the "what is due" task) knows the earlier one is dead
and starts again from the file. Everything a run produces (alerts, unregistered persons, counts, the status) is
written in one final transaction, so a run killed half-way has left nothing visible and the re-run gives
exactly the alerts an undisturbed run would have given.
"""

import datetime as dt
import logging
import tempfile
import time
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import UploadStatus
from alerts.ingest import file_repeats, lateness, period_dates, progress, raising, reading, staging
from alerts.ingest.layout import error_heads, feed_layout
from alerts.ingest.runs import MSG_TIMED_OUT, enqueue_run, fail_upload, statement_seconds
from alerts.ingest.same_file import MSG_SAME_FILE, file_checksum, same_file_error
from alerts.ingest.sniff import check_format
from alerts.ingest.totals import FOOTER_EXAMPLES, MSG_TOTALS_SKIPPED
from alerts.ingest.wrong_data import wrong_data_message, wrong_data_workbook
from alerts.models import FeedLateNotice, FeedType, FeedUpload
from alerts.models.uploads import clerk_department
from alerts.periods import sent_on_time
from alerts.selectors_periods import county_of, upload_period_resolve
from config.locks import try_advisory_lock
from config.time_limits import ran_out_of_time, statement_timeout
from households.models import Household
from households.registry_import.reader import UnreadableFile, kept_columns
from households.registry_import.workbook import write_error_workbook
from households.services.common import record_events_many

logger = logging.getLogger(__name__)

# The audit summary's note on an upload's on_time: sent late (补报), or for a period before the feed's start.
LATE_NOTE = {False: "，补报计迟报", None: "，上线前的报送期，不计"}
MSG_CLERK_ONLY = "只有行业部门的数据报送人员可以上传部门数据。"
MSG_OWN_DEPARTMENT = "只能上传本部门（{department}）的数据类型。"
MSG_FEED_INACTIVE = "该数据类型已停用。"
MSG_EMPTY_UPLOAD = "上传的文件是空的。"
MSG_TOO_LARGE = "文件大小 {size} MB，超过 {limit} MB 的上限。请按报送期或乡镇拆分后分别上传。"
# A header-only file is refused, not taken as a 零报告: a nil return is a formal statement that nothing happened in
# the period, confirmed on the page and refused after the period's file (alerts.ingest.nil_return); an empty export
# may as well be a department system's query gone wrong, which a silent on-time 零报告 would hide (不得漏报).
MSG_HEADER_ONLY = (
    "文件只有表头、没有数据行，未计为已报送。本期没有新增人员的，请在上传页点“本期无新增（零报告）”；"
    "有新增人员的，请检查导出的文件后重新上传。"
)
MSG_CRASHED = "处理过程中发生系统错误，未生成任何预警。请联系系统管理员后重新上传。"
MSG_DONE = (
    "处理完成：共 {read} 行，有效 {valid} 行（匹配到档案 {matched} 行、档案中没有 {unmatched} 行），"
    "有误 {error} 行；新生成预警 {raised} 条{repeated}。"
)
MSG_REPEATED = "，另有 {n} 条已预警过（本期已预警、仍待核实或近期已核实），不重复生成"
MSG_HELD_LINES = "（涉及第 {lines} 行{more}）"  # raising.HELD_LINES of them; a person's first row in the file
MSG_ERRORS_HINT = "有误的行未导入，请下载错误清单，改正后只上传这些行（标为重复行的无需再次上传）。"
MSG_EXCLUSIONS = "新登记排除情形 {n} 条（七严四甄别，已在农户档案中标注）。"
# A file whose every row is wrong does not count as submitting its period (alerts.models.uploads.submitted_q).
MSG_NO_VALID_ROW = "没有一行有效数据，本文件不计为已报送{period}：请下载错误清单改正后重新上传，改正前该期仍为未报。"

MAX_UPLOAD_MB = 200  # a million-row GBK CSV is about 70 MB; larger files are split by the department
LOCK_CLASS = 7_201  # first key of the advisory lock; the second is the upload's id
FINISH_LOCK_CLASS = 7_202  # uploads of one feed type (the second key) finish one at a time


def ensure_clerk(actor: Any, feed: FeedType) -> None:
    """Only the feed's own department sends it (a superuser may, for support), and only while it is active."""
    if not getattr(actor, "is_superuser", False):
        department = clerk_department(actor)
        if department is None:
            raise PermissionDenied(MSG_CLERK_ONLY)
        if department != feed.department:
            raise PermissionDenied(MSG_OWN_DEPARTMENT.format(department=actor.get_department_display()))
    if not feed.is_active:
        raise ValidationError({"feed_type": MSG_FEED_INACTIVE})


def check_size(size: int | None) -> None:
    if size is not None and size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError({"file": MSG_TOO_LARGE.format(size=size // (1024 * 1024), limit=MAX_UPLOAD_MB)})


@transaction.atomic
def feed_upload_create(
    *,
    actor: Any,
    feed_type: FeedType,
    upload: File,
    period_key: str = "",
    today: dt.date | None = None,
    enqueue: bool = True,
) -> FeedUpload:
    """Store a department's file for the period it reports (by default the current one, or the latest past one
    while it is unreported and the current one still runs: alerts.selectors_periods) and queue its ingestion.
    It is on time when sent by that period's deadline; sent later, it is 补报 and counted late (不得迟报、漏报)."""
    ensure_clerk(actor, feed_type)
    name = PurePath(upload.name or "").name
    if not upload.size:
        raise ValidationError({"file": MSG_EMPTY_UPLOAD})
    check_size(upload.size)
    check_format(upload, name)  # a .txt, a picture renamed .csv: refused now, not by the ingestion later
    checksum = file_checksum(upload)
    same_file = {"department": feed_type.department, "region_path": county_of(actor)}
    if (error := same_file_error(checksum, **same_file)) is not None:
        raise error
    today = today or timezone.localdate()
    period = upload_period_resolve(feed=feed_type, region_path=county_of(actor), today=today, key=period_key)
    record = FeedUpload(
        feed_type=feed_type,
        department=feed_type.department,
        uploaded_by=actor,
        original_name=name[:255],
        checksum=checksum,
        size=upload.size,
        period_key=period.key,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        deadline=period.deadline,
        on_time=sent_on_time(feed_type, period, today),
        region_path=county_of(actor),
    )
    record.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same file submitted twice at the same moment: the partial unique index decides.
        raise same_file_error(checksum, **same_file) or ValidationError({"file": MSG_SAME_FILE}) from None
    audit_record(
        actor=actor,
        action="alerts.upload",
        summary=f"上传部门数据 {feed_type.name}（{period.label}{LATE_NOTE.get(record.on_time, '')}）："
        f"{record.original_name}",
        target=record,
        region_path=record.region_path,
    )
    if enqueue:
        transaction.on_commit(lambda: enqueue_run(record.pk))
    return record


def feed_upload_run(*, upload_id: int, today: dt.date | None = None) -> FeedUpload:
    """Ingest a pending upload, or one whose earlier run died ("running" with no lock held). A done or failed
    upload, or one another process is running right now, is returned untouched."""
    with try_advisory_lock(LOCK_CLASS, upload_id) as locked:
        if not locked:
            return FeedUpload.objects.get(pk=upload_id)
        claimed = FeedUpload.objects.filter(
            pk=upload_id, status__in=[UploadStatus.PENDING, UploadStatus.RUNNING]
        ).update(status=UploadStatus.RUNNING, progress=0, rows_read=0, message="")
        progress.clear(upload_id)  # an earlier run's progress
        record = FeedUpload.objects.select_related("feed_type", "uploaded_by").get(pk=upload_id)
        if claimed:
            _run_claimed(record, today or timezone.localdate())
            record.refresh_from_db()
    return record


def _run_claimed(record: FeedUpload, today: dt.date) -> None:
    try:  # a run that hangs ends, failed as 处理超时, by its statements' timeout or the soft limit (ingest.runs)
        with statement_timeout(statement_seconds()), connection.cursor() as cursor:
            _session_memory(cursor)
            try:
                _process(record, cursor, today)
            finally:
                staging.drop(cursor)
                cursor.execute("RESET work_mem")
                cursor.execute("RESET jit")
    except UnreadableFile as error:
        fail_upload(record, error.message)
    except Exception as error:
        if not ran_out_of_time(error):
            logger.exception("feed upload %s crashed", record.pk)
        fail_upload(record, MSG_TIMED_OUT if ran_out_of_time(error) else MSG_CRASHED)


def _session_memory(cursor: Any) -> None:
    """Sorts and hashes over the whole file in memory; and the temporary tables that follow the staging (the
    triage, the kept and cleaned rows; alerts.ingest.rawtable holds the file itself) in this session's own buffers
    rather than spilled to files page by page. temp_buffers can only be set before the session's first temporary
    table: a connection that already had one (outside a worker: the tests, a shell) keeps the default. No JIT: over
    the unanalysed staging tables PostgreSQL estimates costs high enough to inline and optimise code (0.1–0.4 s a
    statement), which the cheap per-row expressions never win back."""
    cursor.execute("SET work_mem = '128MB'")
    cursor.execute("SET jit = off")
    try:
        with transaction.atomic():
            cursor.execute("SET temp_buffers = '256MB'")
    except DatabaseError:
        pass


def _open(record: FeedUpload) -> IO[bytes]:
    handle = record.file.storage.open(record.file.name, "rb")
    return getattr(handle, "file", handle)


def _process(record: FeedUpload, cursor: Any, today: dt.date) -> None:
    started = time.monotonic()
    # The cadence in force on the upload day (its late rows: alerts.ingest.lateness), the day late_rows counts from.
    layout = feed_layout(record.feed_type, timezone.localtime(record.created_at).date())
    progress.report(record.pk, progress.READING)
    with _open(record) as stream:
        staged = reading.stage_file(
            cursor,
            stream,
            record.original_name,
            layout,
            lambda fraction, rows: progress.report(record.pk, progress.READING, fraction, rows),
        )
    progress.report(record.pk, progress.CHECKING, 0, staged.rows)
    read_s = time.monotonic() - started
    counts = staging.build_rows(
        cursor,
        layout,
        staged.columns,
        len(staged.header),
        scope=record.region_path,
        today=today,
        clean=staged.clean,
        heads=error_heads(layout, staged.columns, staged.header),
        step=lambda fraction: progress.report(record.pk, progress.CHECKING, fraction),
        period_end=record.period_end,
    )
    if not counts.rows_read:  # blank rows and a footer (合计) aside
        raise UnreadableFile(MSG_HEADER_ONLY)
    progress.report(record.pk, progress.CHECKING, 0.9)
    counted_s = time.monotonic() - started - read_s
    repeats = file_repeats.stage(cursor, counts, layout, staged.columns)
    check_s = time.monotonic() - started - read_s
    progress.report(record.pk, progress.ERRORS, 0, counts.rows_read)
    error_file = None
    if counts.rows_error:
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed below, after the final write
        rows = progress.error_rows(record.pk, staging.error_rows(kept_columns(staged.header)), counts.rows_error)
        write_error_workbook(handle, header=staged.header, rows=rows, numbers=staging.number_columns(layout, staged))
        error_file = File(handle, name="errors.xlsx")
    progress.report(record.pk, progress.RAISING)
    try:
        _finish(record, cursor, layout, counts, error_file, today, totals=staged.totals, repeats=repeats, staged=staged)
    finally:
        if error_file is not None:
            error_file.close()
    logger.info(
        "feed upload %s: %d rows staged in %.2fs, checked and matched in %.2fs (repeated ID numbers %.2fs),"
        " finished in %.2fs",
        record.pk,
        counts.rows_read,
        read_s,
        check_s,
        check_s - counted_s,
        time.monotonic() - started - read_s - check_s,
    )


def _finish(
    record: FeedUpload,
    cursor: Any,
    layout: Any,
    counts: staging.Counts,
    error_file: Any,
    today: dt.date,
    *,
    totals: int = 0,
    repeats: tuple[int, str] = (0, ""),
    staged: Any = None,
) -> None:
    due_on = today + dt.timedelta(days=record.feed_type.verify_days)
    with transaction.atomic():
        current = FeedUpload.objects.select_for_update().get(pk=record.pk)
        if current.status != UploadStatus.RUNNING:
            return
        # Two files of one feed (two periods) finishing at once: each one's check for a pending alert must see the
        # other's, or a person gets two; the lock holds until this commit.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FINISH_LOCK_CLASS, current.feed_type_id])
        done = raising.raise_alerts(
            cursor,
            layout,
            current,
            today=today,
            due_on=due_on,
            repeats=bool(repeats[0]),
            step=lambda fraction: progress.report(current.pk, progress.RAISING, fraction),
        )
        raised, repeated, held_lines = done.raised, done.repeated, done.held
        exclusions = staging.add_exclusions(cursor, layout, current, today=today)
        _record_exclusions(current, exclusions)
        current.exclusions_added = len(exclusions)
        current.rows_read = counts.rows_read
        current.rows_error = counts.rows_error
        current.rows_valid = counts.rows_read - counts.rows_error
        current.rows_matched = counts.rows_matched
        current.rows_unmatched = counts.rows_unmatched
        uploaded_on = timezone.localtime(current.created_at).date()
        current.rows_late = lateness.late_rows(cursor, layout, uploaded_on) if counts.rows_read else 0
        current.alerts_raised, current.alerts_repeated = raised, repeated
        current.alerts_wrong_data = done.wrong
        current.ids_repeated = repeats[0]
        message = MSG_DONE.format(
            read=counts.rows_read,
            valid=current.rows_valid,
            matched=counts.rows_matched,
            unmatched=counts.rows_unmatched,
            error=counts.rows_error,
            raised=raised,
            repeated=MSG_REPEATED.format(n=repeated) + _held(held_lines) if repeated else "",
        )
        message += wrong_data_message(done)
        current.rows_after_period = counts.rows_after_period
        message += period_dates.after_period_message(cursor, layout, current, counts.rows_after_period)
        message += lateness.late_message(layout, current.rows_late)
        if totals:
            message += MSG_TOTALS_SKIPPED.format(words=FOOTER_EXAMPLES, n=totals)
        if exclusions:
            message += MSG_EXCLUSIONS.format(n=len(exclusions))
        message += repeats[1]
        if done.wrong_rows and staged is not None:  # the error workbook again, these rows on a sheet of their own
            numbers = staging.number_columns(layout, staged)
            with wrong_data_workbook(cursor, staged, numbers, counts, done.wrong_rows) as wrong_file:
                current.error_file.save(f"错误清单_{PurePath(current.original_name).stem}.xlsx", wrong_file, save=False)
        elif error_file is not None:
            current.error_file.save(f"错误清单_{PurePath(current.original_name).stem}.xlsx", error_file, save=False)
        if counts.rows_error and error_file is not None:
            message += MSG_ERRORS_HINT
        current.status, current.progress = UploadStatus.DONE, 100
        if current.no_valid_row:
            message += MSG_NO_VALID_ROW.format(period=current.period_label)
        current.message = message
        current.finished_at = timezone.now()
        current.save()
        if current.counts_as_submitted:
            late_notice_resolve(upload=current, day=today)
        audit_record(
            actor=current.uploaded_by,
            action="alerts.ingest",
            summary=f"部门数据 {current.original_name}：{message}",
            target=current,
            region_path=current.region_path,
            after={"rows_read": counts.rows_read, "rows_error": counts.rows_error, "alerts_raised": raised},
        )


def _held(lines: list[int]) -> str:
    """The file's lines held back as already raised, for the clerk to find them: the first raising.HELD_LINES."""
    shown = "、".join(map(str, lines[: raising.HELD_LINES]))
    return MSG_HELD_LINES.format(lines=shown, more="等" if len(lines) > raising.HELD_LINES else "") if lines else ""


def late_notice_resolve(*, upload: FeedUpload, day: dt.date) -> None:
    """A late upload (a file or a nil return) answers its period's late notice in its county: 补报. The period
    stays counted late (不得迟报): the upload's on_time says so."""
    FeedLateNotice.objects.filter(
        feed_type=upload.feed_type_id,
        region_path=upload.region_path,
        period_key=upload.period_key,
        resolved_by__isnull=True,
    ).update(resolved_by=upload, resolved_on=day)


def _record_exclusions(upload: FeedUpload, added: list[tuple[Any, ...]]) -> None:
    """Each exclusion fact the feed registered goes into its household's history and the audit log, as one
    written by hand would (screening.services.results.exclusion_add); the households are then re-screened."""
    if not added:
        return
    from screening.choices import ExclusionKind
    from screening.models import ExclusionFact

    households = Household.objects.in_bulk({row[1] for row in added})
    facts = ExclusionFact.objects.in_bulk([row[0] for row in added])
    source = f"{upload.get_department_display()}数据"
    record_events_many(
        actor=upload.uploaded_by,
        rows=[
            {
                "household": households[household_id],
                "action": "screening.exclusion_add",
                "target": facts[fact_id],
                "summary": f"{source}登记排除情形：{ExclusionKind(kind).label}（{name}），{note}",
            }
            for fact_id, household_id, _member_id, name, kind, note in added
        ],
    )
