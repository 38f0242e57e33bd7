"""Separated duties for account access (三员, review admins finding 3): the system admin creates accounts, the
security admin grants their role and scope.

An account of a business role that the system admin creates, whose password they reset, or whose role, scope or
department they change, signs in only after the security admin has approved it: otherwise the system admin, who
knows the temporary password, could make an account with the county's whole registry and use it themselves. Until
then it is pending (User.approval), and the security admin sees it on their page (/accounts/security/approvals/)
with its role and scope, and approves or refuses it; both are audited. A refused new account or reset stays closed
until the system admin changes or resets it, which asks again.

A refused change of role or scope restores the grant the account held before it (User.approval_before) and the state
that grant was in: a working account signs in again with its former role and scope, instead of staying closed in a
scope nobody granted. Only an account approved before the change is opened so; one whose password reset or refusal
was pending stays refused (the system admin would otherwise know the password of an open account).

What the security admin approves is what they saw: the page posts the role, scope (region and grid) and department
of each account as shown, and an account changed since is left pending and named. Accounts made on the server (actor
None: the installation and demo commands, the three administrators) need no approval, and disabling or re-enabling
an account grants nothing new."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.audit import audit_record
from accounts.choices import ADMIN_ROLES, Approval, Department, Role
from accounts.models import User
from accounts.signals import user_changed

MSG_AWAITING_APPROVAL = "该账号须经安全管理员审核角色和管辖区划后才能登录，请联系安全管理员。"
MSG_APPROVAL_REFUSED = "该账号未通过安全管理员的审核，不能登录。如有疑问，请联系安全管理员或系统管理员。"
MSG_NOT_PENDING = "账号 {username} 不在待审核状态。"
MSG_CHANGED_SINCE = "账号 {username} 的角色、管辖区划、限定网格或部门在您查看后已被修改，请重新核对后再审核。"
MSG_NOTHING_CHOSEN = "请先勾选要审核的账号。"
REASON_LIMIT = 200  # User.approval_reason
MSG_REASON_TOO_LONG = f"拒绝理由不能超过 {REASON_LIMIT} 字。"
MSG_REASON_ON_APPROVE = "已填写拒绝理由，未批准：如要拒绝，请点击“拒绝所选账号”；如要批准，请先清空拒绝理由。"
# Fields whose change by the system admin asks for approval again. A grid narrows a cadre's scope, and another grid
# hands the cadre other households: a scope change like any other.
GRANT_FIELDS = frozenset({"role", "region_path", "grid", "department"})
PENDING = (Approval.NEW, Approval.RESET, Approval.CHANGE)


def login_refusal(user: Any) -> str:
    """Why this account may not sign in for now ("" when it may): pending or refused approval."""
    approval = getattr(user, "approval", "")
    if approval in PENDING:
        return MSG_AWAITING_APPROVAL
    if approval == Approval.REFUSED:
        return MSG_APPROVAL_REFUSED
    return ""


def grant_snapshot(user: User) -> dict[str, Any]:
    """An account's grant as User.approval_before keeps it: the codes, and the names as they were then."""
    return {
        "role": user.role,
        "region_path": user.region_path,
        "region_name": user.region_name,
        "grid": user.grid_id,
        "grid_name": user.grid.name if user.grid_id else "",
        "department": user.department,
    }


def ask_approval(*, actor: Any, user: User, reason: str, before: dict[str, Any] | None = None) -> None:
    """Mark the account pending for `reason` (Approval.NEW, RESET or CHANGE) when the actor is a person on the web
    and the role a business one; the caller saves the user. A new account not yet approved stays 新建. `before`: the
    grant before a change (grant_snapshot), kept unless one is kept already (a second change while pending keeps
    what the account held before the first)."""
    if actor is None or user.role in ADMIN_ROLES:
        return
    if before is not None and user.approval_before is None and user.approval != Approval.NEW:
        # With the state the grant was in (approved, or a reset or refusal pending): a refused change restores both.
        user.approval_before = {**before, "approval": user.approval}
    user.approval = Approval.NEW if user.approval == Approval.NEW else reason
    user.approval_requested_at = timezone.now()
    user.approval_requested_by = actor if getattr(actor, "pk", None) else None


GRANT_LABELS = {"role": "角色", "region_path": "管辖区划", "grid": "限定网格", "department": "所属部门"}


@dataclass(frozen=True)
class GrantChange:
    """One part of an account's grant changed since it was last granted: in words and as codes."""

    field: str
    label: str
    before: str
    after: str
    before_value: str
    after_value: str


def _grant_word(name: str, grant: dict[str, Any]) -> str:
    value = grant.get(name) or ""
    if name == "role":
        return Role(value).label if value in Role.values else value
    if name == "region_path":
        return grant.get("region_name") or value
    if name == "grid":
        return (grant.get("grid_name") or str(value)) if value else "不限网格（管辖全村）"
    return Department(value).label if value in Department.values else value or "无"


def grant_changes(user: User) -> list[GrantChange]:
    """What the changes awaiting approval (or refused) altered of the account's grant, old → new; [] for a new
    account or a reset password, which change no grant."""
    before = user.approval_before
    if not before or user.approval not in (*PENDING, Approval.REFUSED):
        return []
    after = grant_snapshot(user)
    return [
        GrantChange(
            field=name,
            label=label,
            before=_grant_word(name, before),
            after=_grant_word(name, after),
            before_value=str(before.get(name) or ""),
            after_value=str(after[name] or ""),
        )
        for name, label in GRANT_LABELS.items()
        if (before.get(name) or "") != (after[name] or "")
    ]


def grant_in_force(user: User) -> str:
    """The account's grant as last approved, in words (角色，管辖范围): while a change awaits approval or was
    refused, the saved role and scope are not in force yet, and User.approval_before keeps the ones that are."""
    before = user.approval_before if grant_changes(user) else None
    if not before:
        return f"{user.get_role_display()}，{user.scope_label}"
    scope = _grant_word("region_path", before)
    if before.get("grid"):
        scope = f"{scope} {_grant_word('grid', before)}"
    return f"{_grant_word('role', before)}，{scope}"


def grant_change_note(user: User) -> str:
    """The change not in force, old → new (待审核的变更：角色 村干部/网格员 → 驻村工作队), or ""."""
    changes = grant_changes(user)
    if not changes:
        return ""
    said = "，".join(f"{c.label} {c.before} → {c.after}" for c in changes)
    return f"{'变更未获批准' if user.approval == Approval.REFUSED else '待审核的变更'}：{said}"


def pending_account_list() -> QuerySet[User]:
    """Accounts waiting for the security admin, and the refused ones, the oldest request first."""
    return (
        User.objects.filter(approval__in=[*PENDING, Approval.REFUSED])
        .select_related("approval_requested_by", "approval_decided_by", "grid")
        .order_by("approval_requested_at", "username")
    )


def pending_count() -> int:
    return User.objects.filter(approval__in=PENDING).count()


def grant_fingerprint(user: User) -> str:
    """What the security admin sees of an account's grant, posted back with their decision."""
    return f"{user.pk}:{user.role}:{user.region_path}:{user.department}:{user.grid_id or ''}"


@dataclass(frozen=True)
class Pick:
    """One account the security admin decided on, with its grant as they saw it (grid_id None: the whole region;
    so a page or a caller that knows of no grid finds an account limited to one since changed)."""

    user_id: int
    role: str
    region_path: str
    department: str
    grid_id: int | None = None

    @classmethod
    def parse(cls, value: str) -> "Pick | None":
        parts = value.split(":")
        if len(parts) not in (4, 5) or not parts[0].isdigit():
            return None
        grid = parts[4] if len(parts) == 5 else ""
        if grid and not grid.isdigit():
            return None
        return cls(int(parts[0]), parts[1], parts[2], parts[3], int(grid) if grid else None)


@dataclass
class DecisionOutcome:
    done: list[User] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # messages: changed since, or not pending


def _grant_words(user: User) -> str:
    scope = user.scope_label
    department = f"，{user.get_department_display()}" if user.department else ""
    return f"{user.get_role_display()}，{scope}{department}"


def _decide_one(*, actor: User, pick: Pick, approve: bool, reason: str) -> User:
    user = User.objects.select_for_update().filter(pk=pick.user_id).first()
    if user is None:
        raise ValidationError(MSG_NOT_PENDING.format(username=pick.user_id))
    allowed = (*PENDING, Approval.REFUSED) if approve else PENDING
    if user.approval not in allowed:
        raise ValidationError(MSG_NOT_PENDING.format(username=user.username))
    seen = (pick.role, pick.region_path, pick.department, pick.grid_id)
    if (user.role, user.region_path, user.department, user.grid_id) != seen:
        raise ValidationError(MSG_CHANGED_SINCE.format(username=user.username))
    before: dict[str, Any] = {"approval": user.approval}
    kind = f"原状态：{Approval(user.approval).label}"  # what was decided on: 审核未通过 alone reads as the outcome
    refused_words = _grant_words(user)
    restored = not approve and user.approval == Approval.CHANGE and bool(user.approval_before)
    user.approval = Approval.APPROVED if approve else Approval.REFUSED
    user.approval_decided_at = timezone.now()
    user.approval_decided_by = actor
    user.approval_reason = "" if approve else reason
    fields = ["approval", "approval_decided_at", "approval_decided_by", "approval_reason", "approval_before"]
    if restored:
        before |= _grant_record(user)
        fields += _grant_restore(user)
    if approve or restored:
        user.approval_before = None  # the grant in force is now the account's; the audit row keeps what it was
    user.save(update_fields=fields)
    grant = _grant_record(user)
    if approve:
        summary = f"批准账号 {user.username}（{refused_words}；{kind}）"
    else:
        summary = f"拒绝账号 {user.username}（{refused_words}；{kind}）" + (f"：{reason}" if reason else "")
        if restored:
            state = "可按原范围登录" if user.approval == Approval.APPROVED else "仍不能登录"
            summary += f"；已恢复原角色和管辖范围（{_grant_words(user)}），{state}"
        # No session opens a pending account (accounts.backends); a token would be the only thing left.
        Token.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="user.approve" if approve else "user.refuse",
        summary=summary,
        target=user,
        before=before,
        after={**grant, "approval": user.approval},
    )
    if restored:
        # The scope changed back: the apps above see it as any scope change (accounts.signals.user_changed).
        user_changed.send(sender=User, user=user, actor=actor)
    return user


def _grant_record(user: User) -> dict[str, Any]:
    grant = {"role": user.role, "region_path": user.region_path, "department": user.department}
    if user.grid_id:
        grant["grid"] = str(user.grid)
    return grant


def _grant_restore(user: User) -> list[str]:
    """Put back the grant kept in User.approval_before, and the state it was in; the fields to save. A grid deleted
    since is left out (the whole village, as a deleted grid's cadre would have), an unknown earlier state reads as
    refused: only an account approved before the change is opened again."""
    kept = user.approval_before or {}
    user.role = kept.get("role") or user.role
    user.region_path = kept.get("region_path") or user.region_path
    user.region_name = kept.get("region_name") or ""
    grid_model = User._meta.get_field("grid").related_model
    grid = kept.get("grid")
    user.grid_id = grid if grid and grid_model.objects.filter(pk=grid).exists() else None
    user.department = kept.get("department") or ""
    user.is_staff = user.role == Role.SYSTEM_ADMIN
    if kept.get("approval") == Approval.APPROVED:
        user.approval = Approval.APPROVED
    return ["role", "region_path", "region_name", "grid", "department", "is_staff"]


def accounts_decide(*, actor: User, picks: Iterable[Pick], approve: bool, reason: str = "") -> DecisionOutcome:
    """Approve or refuse each picked account, each in its own transaction: one changed since it was shown is left
    pending and named, the others are decided. A refusal's reason is kept on the account; an approval with a reason
    typed is refused whole (the reason says the admin meant to refuse)."""
    picks = list(picks)
    reason = reason.strip()
    if approve and reason:
        raise ValidationError(MSG_REASON_ON_APPROVE)
    if len(reason) > REASON_LIMIT:
        raise ValidationError(MSG_REASON_TOO_LONG)
    if not picks:
        raise ValidationError(MSG_NOTHING_CHOSEN)
    outcome = DecisionOutcome()
    for pick in picks:
        try:
            with transaction.atomic():
                outcome.done.append(_decide_one(actor=actor, pick=pick, approve=approve, reason=reason))
        except ValidationError as error:
            outcome.refused.extend(error.messages)
    return outcome
