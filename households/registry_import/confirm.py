"""确认导入: a check-only run (仅检查，不导入) turned into the import of the same stored file, without uploading it
again. The file is checked anew as it loads (the registry may have changed since), so the result can differ
from what the check said; the check's workbook is replaced by the import's."""

from typing import Any

from django.db import transaction

from accounts.audit import audit_record
from config.errors import ApplicationError
from households.models import RegistryImport
from households.registry_import.services import ensure_import_allowed, import_enqueue

Status = RegistryImport.Status

MSG_NOT_CHECKED = "该导入不是“仅检查”的记录，或已确认导入，不能再次确认。"
MSG_CHECK_UNFINISHED = "检查尚未完成，完成后才能确认导入。"
MSG_NOTHING_TO_IMPORT = "检查结果没有可导入的农户，无需导入：请按错误清单修改文件后重新上传。"

# What a confirmed import starts from: the check's counts and result are the import's to give now.
_RESET = {
    "check_only": False,
    "status": Status.PENDING,
    "progress": 0,
    "phase": "",
    "message": "",
    "finished_at": None,
    "rows_total": 0,
    "rows_ok": 0,
    "rows_bad": 0,
    "members_deceased": 0,
    "members_moved_out": 0,
    "households_created": 0,
    "households_skipped": 0,
    "households_warned": 0,
    "households_bad": 0,
    "warnings": [],
    "error_file": "",
}


@transaction.atomic
def registry_import_confirm(*, actor: Any, import_id: int) -> RegistryImport:
    """Queue the import of a file a check-only run checked; refused unless that run finished with households to
    import. A conditional UPDATE: two clicks queue it once."""
    ensure_import_allowed(actor)
    record = RegistryImport.objects.visible_to(actor).select_for_update().get(pk=import_id)
    if not record.check_only:
        raise ApplicationError(MSG_NOT_CHECKED)
    if record.status != Status.DONE:
        raise ApplicationError(MSG_CHECK_UNFINISHED)
    if not record.households_ok:
        raise ApplicationError(MSG_NOTHING_TO_IMPORT)
    checked, old_file = record.message, record.error_file.name
    RegistryImport.objects.filter(pk=record.pk, check_only=True, status=Status.DONE).update(**_RESET)
    if old_file:
        # The check's rows as uploaded (personal data): not kept once the import gives its own list.
        storage = record.error_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    record.refresh_from_db()
    audit_record(
        actor=actor,
        action="registry.import.confirm",
        summary=f"确认导入农户档案（编号 {record.pk}，{record.original_name}）；检查结果：{checked}",
        target=record,
        region_path=record.region_path,
    )
    transaction.on_commit(lambda: import_enqueue(record.pk))
    return record
