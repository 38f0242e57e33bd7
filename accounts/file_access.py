"""Opening a file that holds personal data is an audited act (DOMAIN.md "Privacy": showing a full ID number is).

A signed consent's scan (承诺和授权查询书: every member's full ID number and signature), a visit photo, a case step's
attachment, a village meeting's minutes and an import's error workbook (the rows as uploaded: full ID numbers,
names, health) are served only through scoped views, never from a public URL; each of those views answers through
personal_file_response, which records who opened which record's file, and when, before the file is sent. The
ledger downloads record theirs in reports.services.exports (reports.ledger_download). The printable consent form
and 基础信息采集表, pages rather than files, carry the same numbers and are recorded the same way
(personal_print_record)."""

from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from accounts.audit import audit_record

# The actions recorded, one per kind of file (accounts.audit_labels puts them in one category, 查看含个人信息的文件).
CONSENT_SCAN_VIEW = "consent.scan_view"
VISIT_PHOTO_VIEW = "visit.photo_view"
STEP_ATTACHMENT_VIEW = "workflow.step_attachment_view"
MEETING_MINUTES_VIEW = "workflow.meeting_minutes_view"
IMPORT_ERRORS_DOWNLOAD = "registry.import_errors_download"
UPLOAD_ERRORS_DOWNLOAD = "alerts.upload_errors_download"
# Printing a registry sheet that lists every member's ID number and the phone (households.services.files).
CONSENT_PRINT = "households.consent_print"
FORM_SHEET_PRINT = "households.form_sheet_print"
FILE_ACTIONS = (
    CONSENT_SCAN_VIEW,
    VISIT_PHOTO_VIEW,
    STEP_ATTACHMENT_VIEW,
    MEETING_MINUTES_VIEW,
    IMPORT_ERRORS_DOWNLOAD,
    UPLOAD_ERRORS_DOWNLOAD,
    CONSENT_PRINT,
    FORM_SHEET_PRINT,
)


def personal_file_response(
    *,
    actor: Any,
    field_file: FieldFile | None,
    action: str,
    target: models.Model,
    summary: str,
    region_path: str = "",
    filename: str = "",
    as_attachment: bool = False,
    content_type: str | None = None,
) -> FileResponse:
    """The file, after its opening is in the audit log (404 when the record holds none). The file is opened first:
    one missing from storage raises, and nothing is recorded as seen."""
    if not field_file:
        raise Http404
    handle = field_file.open("rb")
    audit_record(actor=actor, action=action, summary=summary, target=target, region_path=region_path)
    name = filename or field_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=as_attachment, filename=name, content_type=content_type)


def personal_print_record(*, actor: Any, action: str, target: models.Model, summary: str, full_numbers: bool) -> None:
    """Record that a printable page with members' ID numbers was rendered for the actor, before it is sent; the
    summary says whether the numbers were shown in full or masked (households.privacy)."""
    shown = "完整身份证号和电话" if full_numbers else "身份证号和电话已遮挡"
    audit_record(actor=actor, action=action, summary=f"{summary}（{shown}）", target=target)
