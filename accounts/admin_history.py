"""The system admin's 历史 page of an account (django.contrib.admin's LogEntry) says what a change of role or scope
became (review sec, finding 6): a change that waits for the security admin read "已修改 管辖区划" as if done, even
once refused. The admin's own entry says it was asked (requested_message); the security admin's decision adds an
entry saying it was approved and is in force, or refused and the account kept its grant (decision_note)."""

import json
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import translation
from django.utils.text import capfirst

from accounts.models import User

# The change form's fields that a web change puts to the security admin (accounts.approvals.GRANT_FIELDS).
GRANT_FORM_FIELDS = ("role", "region_path", "grid", "department")


def changed_message(form: Any) -> str:
    """已修改 姓氏、名字: the changed fields by their Chinese names, stored as read. Django stores them untranslated
    ("Last name") to translate when the page is read, which its catalogue cannot do for a capitalised label, so the
    page said "已修改Last name 和 First name。"."""
    with translation.override(settings.LANGUAGE_CODE):
        labels = [str(form.fields[name].label or name) if name in form.fields else name for name in form.changed_data]
    return f"已修改 {'、'.join(labels)}"


def _english_labels() -> dict[str, str]:
    """An account field's label as Django stored it in the history (Last name) → its Chinese name (姓氏)."""
    names = {}
    for field in User._meta.get_fields():
        if hasattr(field, "verbose_name"):
            with translation.override(None):
                english = str(capfirst(field.verbose_name))
            with translation.override(settings.LANGUAGE_CODE):
                names[english] = str(capfirst(field.verbose_name))
    return names


def history_in_chinese(entries: Any) -> None:
    """The entries stored before changed_message, in Django's form ([{"changed": {"fields": ["Active"]}}]), with
    the fields' Chinese names for the 历史 page (only as shown: the stored entry is not rewritten)."""
    names = _english_labels()
    for entry in entries:
        if not entry.change_message.startswith("["):
            continue
        try:
            message = json.loads(entry.change_message)
        except json.JSONDecodeError:
            continue
        for part in message:
            changed = part.get("changed") if isinstance(part, dict) else None
            if isinstance(changed, dict) and isinstance(changed.get("fields"), list):
                changed["fields"] = [names.get(name, name) for name in changed["fields"]]
        entry.change_message = json.dumps(message, ensure_ascii=False)


def requested_message(form: Any, message: Any) -> Any:
    """The change page's history message, the grant fields named as asked, not done, while they wait; a refused
    account corrected says it went back to the security admin (accounts.approval_resubmit)."""
    user = form.instance
    asked = [str(form.fields[name].label) for name in form.changed_data if name in GRANT_FORM_FIELDS]
    if asked and user.approval_pending:
        done = [str(form.fields[name].label) for name in form.changed_data if name not in GRANT_FORM_FIELDS]
        text = f"申请修改 {'、'.join(asked)}（待安全管理员审核，审核通过前仍按原角色和管辖范围）"
        message = (f"已修改 {'、'.join(done)}；" if done else "") + text
    if getattr(user, "resubmitted_now", False):
        reason = f"（上次拒绝理由：{user.approval_reason}）" if user.approval_reason else ""
        message = f"{message}；已重新提交安全管理员审核{reason}"
    return message


def decision_note(*, actor: Any, user: Any, approve: bool, asked: str, in_force: str, reason: str = "") -> None:
    """The security admin's decision on a requested change, on the account's 历史 page."""
    if approve:
        message = f"安全管理员批准申请的修改（{asked}），已生效"
    else:
        message = f"安全管理员拒绝申请的修改（{asked}）" + (f"：{reason}" if reason else "")
        message += f"；仍为原来的{in_force}"
    LogEntry.objects.log_actions(actor.pk, [user], CHANGE, message, single_object=True)
