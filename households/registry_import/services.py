"""Services of the go-live import: upload (registry_import_create), process (registry_import_run) and retry.

An import's status moves pending → running → done | failed, each step a conditional UPDATE that repeats the
old status, so two workers (or a worker and the command) never process one file twice. While it runs, the
processing holds a PostgreSQL advisory lock on the import: a worker that died releases it with its
connection, which is how a retry tells a crashed import from one that is still running.
"""

import hashlib
import io
import logging
import tempfile
import time
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.audit import audit_record
from accounts.choices import Role
from accounts.permissions import user_can
from accounts.roles import Capability
from config.errors import ApplicationError
from config.locks import try_advisory_lock
from households.models import RegistryImport
from households.models.changes import registry_changed
from households.registry_import import results, staging
from households.registry_import.finish import (
    PHASE_CHECK,
    PHASE_ERRORS,
    PHASE_LOAD,
    PHASE_READ,
    PHASE_VERIFY,
    progress,
)
from households.registry_import.finish import finish as _finish
from households.registry_import.headers import unread_columns
from households.registry_import.reader import EXTENSIONS, MSG_FORMAT, UnreadableFile, kept_columns, open_table
from households.registry_import.rows import RowChecker
from households.registry_import.workbook import CHECKED_WARNINGS_SHEET, WARNINGS_SHEET, write_error_workbook

logger = logging.getLogger(__name__)
Status = RegistryImport.Status

MSG_COUNTY_ONLY = "只有县乡村振兴局（县级账号）可以导入农户档案。"
MSG_EMPTY_UPLOAD = "上传的文件是空的。"
MSG_SAME_FILE = "该文件已于 {date} 上传过（{name}），不能重复导入。"
MSG_SAME_FILE_CHECKED = "该文件已于 {date} 检查过（导入编号 {pk}），无需重新上传：请在该导入记录中点击“确认导入”。"
MSG_NO_ROWS = "文件中没有数据行。"
MSG_CONFLICT = "导入时有其他用户同时登记了文件中的户编号或身份证号，本批未写入（此前各批已保存）。请重试该导入。"
MSG_CRASHED = "导入过程中发生系统错误，已保存的批次保留。请联系系统管理员后重试该导入。"
MSG_ALREADY_DONE = "该导入已完成，无需重试。"
MSG_STILL_RUNNING = "该导入正在处理中，不能重试。"
MSG_RETRY_USELESS = "该文件无法读取或内容有误，重试结果不会改变：请按提示修改文件后重新上传。"

FLUSH_ROWS = 20_000  # rows per COPY into the staging table
BATCH_HOUSEHOLDS = 10_000  # households per INSERT batch (one transaction each)
LOCK_CLASS = 7_101  # first key of the advisory lock; the second is the import's id
# Progress: reading and checking rows is the first 40 %, the set-based checks 40–45 %, loading 45–95 %.
READ_SHARE, CHECK_DONE, LOAD_SHARE = 40, 45, 50


def registry_import_allowed(user: Any) -> bool:
    """The go-live import is the county bureau's (县乡村振兴局) job, over its whole county."""
    return bool(
        user_can(user, Capability.REGISTRY_EDIT)
        and getattr(user, "role", "") == Role.COUNTY_OFFICER
        and len(getattr(user, "region_path", "") or "") == 6
    )


def ensure_import_allowed(actor: Any) -> None:
    if not registry_import_allowed(actor):
        raise PermissionDenied(MSG_COUNTY_ONLY)


def _checksum(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _same_file_error(checksum: str, region_path: str) -> ValidationError | None:
    # Only the county's own imports: another county importing the same file is neither refused nor told of it.
    earlier = RegistryImport.objects.filter(checksum=checksum, region_path=region_path)
    earlier = earlier.exclude(status=Status.FAILED).order_by("pk").first()
    if earlier is None:
        return None
    date = timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")
    if earlier.check_only:
        return ValidationError({"file": MSG_SAME_FILE_CHECKED.format(date=date, pk=earlier.pk)})
    return ValidationError({"file": MSG_SAME_FILE.format(date=date, name=earlier.original_name)})


@transaction.atomic
def registry_import_create(
    *, actor: Any, upload: File, enqueue: bool = True, check_only: bool = False
) -> RegistryImport:
    """Store an uploaded file and queue its import (the command runs it itself: enqueue=False); check_only: only
    check it (仅检查，不导入), to import later with households.registry_import.confirm."""
    ensure_import_allowed(actor)
    name = PurePath(upload.name or "").name
    if PurePath(name).suffix.lower() not in EXTENSIONS:
        raise ValidationError({"file": MSG_FORMAT})
    if not upload.size:
        raise ValidationError({"file": MSG_EMPTY_UPLOAD})
    checksum = _checksum(upload)
    if (error := _same_file_error(checksum, actor.region_path)) is not None:
        raise error
    record = RegistryImport(
        uploaded_by=actor,
        original_name=name[:255],
        checksum=checksum,
        region_path=actor.region_path,
        check_only=check_only,
    )
    record.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same file submitted twice at the same moment: the partial unique index decides.
        raise _same_file_error(checksum, actor.region_path) or ValidationError({"file": MSG_SAME_FILE}) from None
    audit_record(
        actor=actor,
        action="registry.import.upload",
        summary=f"上传农户档案导入文件 {record.original_name}{'（仅检查，不导入）' if check_only else ''}",
        target=record,
        region_path=record.region_path,
    )
    if enqueue:
        transaction.on_commit(lambda: import_enqueue(record.pk))
    return record


def import_enqueue(import_id: int) -> None:
    from households.tasks import registry_import_task

    try:
        registry_import_task.delay(import_id)
    except Exception:
        # The upload is stored and pending: `manage.py import_registry --retry ID` runs it.
        logger.exception("could not enqueue registry import %s", import_id)


def _retry_candidate(actor: Any, import_id: int) -> RegistryImport:
    """The import to retry, in the actor's scope; refused when it is finished, or when the same file was uploaded
    again since it failed."""
    ensure_import_allowed(actor)
    record = RegistryImport.objects.visible_to(actor).get(pk=import_id)
    if record.status == Status.DONE:
        raise ApplicationError(MSG_ALREADY_DONE)
    if record.status == Status.FAILED and (error := _same_file_error(record.checksum, record.region_path)) is not None:
        raise ApplicationError(error.messages[0])
    return record


def registry_import_retry(*, actor: Any, import_id: int) -> RegistryImport:
    """Run again an import whose worker died (still "running") or that failed; a finished one is left alone."""
    _retry_candidate(actor, import_id)
    result, ran = _run(import_id, retry=True)
    if not ran:
        raise ApplicationError(MSG_STILL_RUNNING if result.status == Status.RUNNING else MSG_ALREADY_DONE)
    return result


def retry_helps(record: RegistryImport) -> bool:
    """Whether retrying can change the outcome: a crash or a clash with a concurrent registration can pass on a
    second run; a file that cannot be read, or whose rows were all checked, fails the same way again (it must be
    corrected and uploaded anew)."""
    return record.status != Status.DONE and (
        record.status != Status.FAILED or record.message in (MSG_CONFLICT, MSG_CRASHED)
    )


def registry_import_requeue(*, actor: Any, import_id: int) -> RegistryImport:
    """The page's retry: put a failed import, one whose worker died (still "running", its lock free) or one that was
    never picked up (pending) back in the queue. The worker resumes it as `--retry` does, skipping the households
    the earlier run had committed. A finished import, or one a live process holds, is refused."""
    record = _retry_candidate(actor, import_id)
    if not retry_helps(record):
        raise ApplicationError(MSG_RETRY_USELESS)
    with try_advisory_lock(LOCK_CLASS, import_id) as locked:
        if not locked:
            raise ApplicationError(MSG_STILL_RUNNING)
        try:
            with transaction.atomic():
                RegistryImport.objects.filter(pk=import_id, status__in=[Status.RUNNING, Status.FAILED]).update(
                    status=Status.PENDING, message="", finished_at=None
                )
        except IntegrityError:
            # The same file was uploaded again meanwhile: that upload stands.
            error = _same_file_error(record.checksum, record.region_path)
            raise ApplicationError(error.messages[0] if error else MSG_CONFLICT) from None
    record.refresh_from_db()
    if record.status != Status.PENDING:
        raise ApplicationError(MSG_ALREADY_DONE if record.status == Status.DONE else MSG_STILL_RUNNING)
    audit_record(
        actor=actor,
        action="registry.import_retry",
        summary=f"重试农户档案导入（编号 {record.pk}，{record.original_name}）",
        target=record,
        region_path=record.region_path,
    )
    transaction.on_commit(lambda: import_enqueue(import_id))
    return record


def registry_import_run(*, import_id: int) -> RegistryImport:
    """Process a pending import. An import that is running, done or failed is returned untouched."""
    return _run(import_id, retry=False)[0]


def _run(import_id: int, *, retry: bool) -> tuple[RegistryImport, bool]:
    with try_advisory_lock(LOCK_CLASS, import_id) as locked:
        if not locked:
            # Another process is running this import right now.
            return RegistryImport.objects.get(pk=import_id), False
        # With the lock held, a "running" import has no live run: its worker died (retry may take it over).
        old = [Status.PENDING, Status.RUNNING, Status.FAILED] if retry else [Status.PENDING]
        claimed = RegistryImport.objects.filter(pk=import_id, status__in=old).update(
            status=Status.RUNNING, message="", finished_at=None
        )
        record = RegistryImport.objects.select_related("uploaded_by").get(pk=import_id)
        if claimed:
            _run_claimed(record)
            record.refresh_from_db()
    return record, bool(claimed)


def _run_claimed(record: RegistryImport) -> None:
    try:
        with connection.cursor() as cursor:
            try:
                _process(record, cursor)
            finally:
                staging.drop(cursor)
    except UnreadableFile as error:
        _finish(record, status=Status.FAILED, message=error.message)
    except IntegrityError:
        logger.warning("registry import %s: conflicting concurrent registration", record.pk)
        _finish(record, status=Status.FAILED, message=MSG_CONFLICT)
    except Exception:
        logger.exception("registry import %s crashed", record.pk)
        _finish(record, status=Status.FAILED, message=MSG_CRASHED)


def _open(record: RegistryImport) -> IO[bytes]:
    handle = record.file.storage.open(record.file.name, "rb")
    return getattr(handle, "file", handle)


def _process(record: RegistryImport, cursor: Any) -> None:
    resumed = record.households_created > 0
    started = time.monotonic()
    with _open(record) as stream:
        table = open_table(stream, record.original_name)
        unread = unread_columns(table.header, table.columns)  # the header's, once: nothing per row
        checker = RowChecker(
            columns=table.columns, keep=kept_columns(table.header), scope=record.region_path, today=timezone.localdate()
        )
        staging.create(cursor)
        buffer, pending = io.StringIO(), 0
        for line, cells in table.rows:
            text = checker(line, cells)
            if text is None:
                continue
            buffer.write(text)
            pending += 1
            if pending == FLUSH_ROWS:
                staging.copy_rows(cursor, buffer)
                buffer, pending = io.StringIO(), 0
                progress(record, table.progress() * READ_SHARE, PHASE_READ, rows_total=checker.rows)
        staging.copy_rows(cursor, buffer)
    if not checker.rows or checker.only_examples:  # the template sent back as downloaded: nothing to import
        raise UnreadableFile(checker.only_examples or MSG_NO_ROWS)
    read_s = time.monotonic() - started
    progress(record, READ_SHARE, PHASE_CHECK, rows_total=checker.rows)
    with transaction.atomic():
        # A check-only run holds the 户编号 it names as an import does (numbers.HOLD): the national system's, which
        # local numbering passes over until 确认导入 loads them or a failed run lets them go.
        outcome = staging.check(cursor, import_id=record.pk, scope=record.region_path, resumed=resumed)
    phase = PHASE_CHECK if record.check_only else PHASE_LOAD
    progress(record, CHECK_DONE, phase, rows_total=checker.rows, households_created=outcome.households_done)
    check_s = time.monotonic() - started - read_s
    if not record.check_only:
        _load(record, cursor, outcome)
    logger.info(
        "registry import %s: %d rows read and staged in %.1fs, checked in %.1fs, %d households loaded in %.1fs",
        record.pk,
        checker.rows,
        read_s,
        check_s,
        0 if record.check_only else outcome.to_load,
        time.monotonic() - started - read_s - check_s,
    )
    # The rows of households skipped (in the registry already) are neither imported nor wrong.
    bad_rows = checker.rows - outcome.members_ok - outcome.members_skipped
    warned, warnings = results.warning_summary(cursor)
    counts = {
        "rows_total": checker.rows,
        "rows_ok": outcome.members_ok,
        "rows_bad": bad_rows,
        "households_created": 0 if record.check_only else outcome.households_ok,
        "households_ok": outcome.households_ok,
        "households_skipped": outcome.households_skipped,
        "households_warned": warned,
        "warnings": warnings,
        "members_deceased": outcome.deceased,
        "members_moved_out": outcome.moved_out,
    }
    if not bad_rows and not warned:
        _finish(record, status=Status.DONE, outcome=outcome, unread=unread, **counts)
        return
    # Writing a large workbook takes a while (18 s for 50,000 rows): the page names the step meanwhile.
    progress(record, CHECK_DONE + LOAD_SHARE, PHASE_ERRORS if bad_rows else PHASE_VERIFY)
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        write_error_workbook(
            handle,
            header=table.header,
            rows=results.error_rows() if bad_rows else None,
            warnings=results.warning_rows(check_only=record.check_only) if warned else None,
            warnings_sheet=CHECKED_WARNINGS_SHEET if record.check_only else WARNINGS_SHEET,
        )
        error_file = File(handle, name="errors.xlsx")
        bad_households = _bad_households(cursor)
        _finish(
            record,
            status=Status.DONE,
            error_file=error_file,
            bad_households=bad_households,
            outcome=outcome,
            unread=unread,
            **counts,
        )


def _bad_households(cursor: Any) -> int:
    cursor.execute("SELECT count(*) FROM import_households WHERE bad")
    return int(cursor.fetchone()[0])


def _load(record: RegistryImport, cursor: Any, outcome: staging.Outcome) -> None:
    now = timezone.now()
    changes = [
        {
            **staging.event_marker(record.pk)[0],
            "label": "上线导入",
            "old": "",
            "new": f"{record.original_name}（导入编号 {record.pk}）",
        }
    ]
    for first in range(1, outcome.to_load + 1, BATCH_HOUSEHOLDS):
        last = min(first + BATCH_HOUSEHOLDS - 1, outcome.to_load)
        with transaction.atomic():
            staging.load(cursor, first=first, last=last, actor_id=record.uploaded_by_id, now=now, changes=changes)
            registry_changed()  # raw SQL: the data checks' cached counts are kept no longer
            # Committed with the batch: a retry after a crash knows how far the earlier run got.
            RegistryImport.objects.filter(pk=record.pk).update(
                households_created=F("households_created") + (last - first + 1),
                progress=CHECK_DONE + LOAD_SHARE * last // max(1, outcome.to_load),
            )
