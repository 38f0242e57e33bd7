"""The end of a go-live import's run: the steps its progress names, and the final status, message and audit record.

A check-only run (RegistryImport.check_only) ends as an import does, with its counts and result workbook, but
with the households it would create (households_ok) instead of created ones, and no re-screening."""

from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from households.models import RegistryImport
from households.registry_import import staging
from households.registry_import.headers import Unread
from households.registry_import.summary import UNREAD_SEPARATOR, checked_message, done_message, unread_note
from households.signals import registry_imported

Status = RegistryImport.Status

# The steps a running import names beside its progress (RegistryImport.phase).
PHASE_READ = "正在读取和检查各行"
PHASE_CHECK = "正在核对户、身份证号和户编号"
PHASE_LOAD = "正在建档"
PHASE_ERRORS = "正在生成错误清单"
PHASE_VERIFY = "正在生成核实清单"


def progress(record: RegistryImport, percent: float, phase: str, **counts: Any) -> None:
    RegistryImport.objects.filter(pk=record.pk, status=Status.RUNNING).update(
        progress=max(0, min(99, int(percent))), phase=phase, **counts
    )


def finish(
    record: RegistryImport,
    *,
    status: str,
    message: str = "",
    error_file: Any = None,
    bad_households: int = 0,
    outcome: staging.Outcome | None = None,
    unread: list[Unread] | None = None,
    **counts: Any,
) -> None:
    """`unread`: the file's columns not imported (headers.unread_columns), named after a finished run's message."""
    with transaction.atomic():
        current = RegistryImport.objects.select_for_update().get(pk=record.pk)
        if current.status != Status.RUNNING:
            return
        for name, value in counts.items():
            setattr(current, name, value)
        current.households_bad = bad_households
        if status == Status.DONE:
            if current.check_only:
                message = checked_message(current, outcome)
            else:
                message = done_message(current, outcome, bad_households=bad_households)
            if note := unread_note(unread or [], check_only=current.check_only):
                message += UNREAD_SEPARATOR + note
            current.progress = 100
        if error_file is not None:
            title = "错误清单" if current.rows_bad else "核实清单"
            current.error_file.save(f"{title}_{PurePath(current.original_name).stem}.xlsx", error_file, save=False)
        current.status, current.message, current.finished_at = status, message, timezone.now()
        current.phase = ""
        current.save()
        audit_record(
            actor=current.uploaded_by,
            action="registry.import.check" if current.check_only else "registry.import",
            summary=f"农户档案{'检查' if current.check_only else '导入'} {current.original_name}"
            f"（{current.get_status_display()}）：{message}",
            target=current,
            region_path=current.region_path,
            after={
                "status": current.status,
                "check_only": current.check_only,
                "rows_total": current.rows_total,
                "rows_ok": current.rows_ok,
                "rows_bad": current.rows_bad,
                "households_created": current.households_created,
                "households_ok": current.households_ok,
                "households_bad": current.households_bad,
                "households_skipped": current.households_skipped,
                "households_warned": current.households_warned,
                "members_deceased": current.members_deceased,
                "members_moved_out": current.members_moved_out,
                "unread_columns": [column.label for column in unread or []],
                **(
                    {
                        "monitored_households": outcome.monitored,
                        "eliminated_households": outcome.eliminated,
                        "households_with_income": outcome.with_income,
                        "households_nobody_living": outcome.nobody_living,
                    }
                    if outcome is not None
                    else {}
                ),
            },
        )
        if status == Status.DONE and current.households_created and not current.check_only:
            # Screening re-screens the whole county once, rather than once per imported household.
            region_path = current.region_path
            transaction.on_commit(lambda: registry_imported.send(sender=RegistryImport, region_path=region_path))
