"""无效申报: a self-application that no visit could or need verify (spam, a test, an applicant nobody can reach, a
stranger to the village, a repeat of one being handled) is closed as such, with a reason and a note.

A decline is a decision after the verification visit (seed 000 §三(三)2 上户核实) and writes that visit to the
household's record; closing spam that way meant inventing a visit to a real household. This closure needs none and
writes none: it is the application's own record (status 无效申报, audited), and it is counted apart from 未予纳入,
which are the village's decisions on real applications. The transition is in services.applications.TRANSITIONS.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workflow.choices_applications import InvalidReason
from workflow.models.applications import Application
from workflow.services.applications import lock_application, move_application

MSG_INVALID_REASON_REQUIRED = "请选择无效原因。"
MSG_INVALID_NOTE_REQUIRED = "请填写说明：如何联系或核查的、发现了什么（仅工作人员可见）。"
INVALID_NOTE_MAX = 500
MSG_INVALID_NOTE_LONG = f"说明不能超过{INVALID_NOTE_MAX}字。"


@transaction.atomic
def application_invalidate(*, actor: Any, application: Application, reason: str, note: str) -> Application:
    """Close a pending application (已提交 or 核实中) as 无效申报: no visit asked, none recorded, no household
    touched; the reason and the note are kept on the application and in the audit event."""
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if reason not in InvalidReason.values:
        errors["reason"] = MSG_INVALID_REASON_REQUIRED
    if not note:
        errors["note"] = MSG_INVALID_NOTE_REQUIRED
    elif len(note) > INVALID_NOTE_MAX:
        errors["note"] = MSG_INVALID_NOTE_LONG
    if errors:
        raise ValidationError(errors)
    application = lock_application(actor=actor, application=application, action="invalidate")
    return move_application(
        actor=actor,
        application=application,
        action="invalidate",
        note=f"无效原因：{InvalidReason(reason).label}；说明：{note}",
        invalid_reason=reason,
        invalid_note=note,
        decided_at=timezone.now(),
        decided_by=actor,
    )
