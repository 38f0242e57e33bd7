"""Assistance listens to accounts (accounts.signals.user_changed): when a person's scope, role or active flag changes,
the households they are help contact of and can no longer open are counted, audited, and named to the system admin
who made the change. The contact is not cleared: the village names the new one (003 §二3(2): 因调动等无法履行的，及时
调整), and until then the households are listed as needing one (assistance.selectors_contacts.contact_unfit_q)."""

from typing import Any

from accounts.audit import audit_record
from accounts.signals import ChangeWarning, user_change_preview, user_changed

MSG_CONTACT_UNFIT = (
    "账号 {name} 是 {count} 户的帮扶联系人，修改后已不能查看这些户（不在其管辖范围或账号已停用）。"
    "帮扶联系人未自动解除，请通知相关村（乡镇）另行安排帮扶联系人；这些户已列入“监测户和脱贫户帮扶联系人需调整”。"
)

# Said to the system admin before saving a change that would do the above (accounts.change_preview), with the
# first few households: a role or scope change applies once the security admin approves it, deactivation at once.
MSG_CONTACT_WILL_BE_UNFIT = (
    "账号 {name} 是 {count} 户的帮扶联系人，此修改生效后将不能查看这些户（不在其管辖范围或账号已停用）。"
    "帮扶联系人不会自动解除，请通知相关村（乡镇）另行安排帮扶联系人；生效后这些户将列入“监测户和脱贫户帮扶联系人需调整”。"
)
MSG_CONTACT_HOUSEHOLD = "{township}{village} 户编号 {number}"
FIRST_SHOWN = 5


def _name(user: Any) -> str:
    return f"{user.username}（{user.get_full_name()}）" if user.get_full_name() else user.username


def _on_user_changed(sender: Any, user: Any, actor: Any, **kwargs: Any) -> str:
    """The notice for the actor ("" when every household of theirs is still in reach), audited with the count."""
    from assistance.selectors_contacts import contact_unfit_households

    count = contact_unfit_households(user=user).count()
    if not count:
        return ""
    name = _name(user)
    notice = MSG_CONTACT_UNFIT.format(name=name, count=count)
    audit_record(
        actor=actor,
        action="assistance.help_contact_unfit",
        summary=f"账号调整后（{user.get_role_display()}，{user.scope_label}{'' if user.is_active else '，已停用'}），"
        f"{name} 仍是 {count} 户的帮扶联系人但已不能查看这些户，待另行安排帮扶联系人",
        target=user,
    )
    return notice


def _on_user_change_preview(sender: Any, user: Any, after: Any, **kwargs: Any) -> ChangeWarning | None:
    """Before the change is saved: the same warning, said of what the change would do, with the first households
    (their village and 户编号, which the village reads the household by), None when every one stays in reach."""
    from assistance.selectors_contacts import contact_households_out_of_reach

    households = contact_households_out_of_reach(user=user, after=after)
    count = households.count()
    if not count:
        return None
    first = [
        MSG_CONTACT_HOUSEHOLD.format(township=h.village.parent.name, village=h.village.name, number=h.number)
        for h in households[:FIRST_SHOWN]
    ]
    message = MSG_CONTACT_WILL_BE_UNFIT.format(name=_name(user), count=count)
    return ChangeWarning(message=message, count=count, unit="户", first=first)


def connect() -> None:
    user_changed.connect(_on_user_changed, dispatch_uid="assistance.user_changed")
    user_change_preview.connect(_on_user_change_preview, dispatch_uid="assistance.user_change_preview")
