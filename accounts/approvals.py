"""Separated duties for account access (三员, review admins finding 3): the system admin creates accounts, the
security admin grants their role and scope.

An account of a business role that the system admin creates, whose password they reset, or whose role, scope or
department they change, signs in only after the security admin has approved it: otherwise the system admin, who
knows the temporary password, could make an account with the county's whole registry and use it themselves. Until
then it is pending (User.approval), and the security admin sees it on their page (/accounts/security/approvals/)
with its role and scope, and approves or refuses it; both are audited. A refused new account or reset stays closed
until the system admin changes or resets it, which asks again as 已重新提交待审核 with the refusal's reason
(accounts.approval_resubmit).

A change of role or scope is not saved over the grant in force: it waits in User.approval_pending (with the state the
account was in), and the account's role, scope, grid and department stay the ones last approved. An account approved
before the change keeps signing in and working in its approved scope while the change waits (a cadre moved to another
village follows the old village until the move is approved); the approval puts the requested grant in force, a
refusal drops it. One whose password reset or refusal was pending stays closed, and a refusal leaves it refused (the
system admin would otherwise know the password of an open account).

What the security admin approves is what they saw: the page posts the role, scope (region and grid) and department
of each account as shown, and an account changed since is left pending and named. Accounts made on the server (actor
None: the installation and demo commands, the three administrators) need no approval, and disabling or re-enabling
an account grants nothing new."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.admin_history import decision_note
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
PENDING = (Approval.NEW, Approval.RESET, Approval.CHANGE, Approval.RESUBMITTED)


def login_refusal(user: Any) -> str:
    """Why this account may not sign in for now ("" when it may): pending or refused approval. A change of role or
    scope awaiting approval closes only an account that was not open before it (its grant in force is unchanged)."""
    approval = getattr(user, "approval", "")
    if approval == Approval.CHANGE and _prior_state(user) == Approval.APPROVED:
        return ""
    if approval in PENDING:
        return MSG_AWAITING_APPROVAL
    if approval == Approval.REFUSED:
        return MSG_APPROVAL_REFUSED
    return ""


def approved_q(prefix: str = "") -> Q:
    """login_refusal in SQL: the accounts (reached through `prefix`, e.g. "help_contact__") whose role and scope the
    security admin has approved, or that never needed it; one whose change awaits approval counts when it was open
    before the change. A pending or refused account is no one to name as anyone's grid worker or help contact: it
    cannot sign in to do the work."""
    return Q(**{f"{prefix}approval": Approval.APPROVED}) | Q(
        **{f"{prefix}approval": Approval.CHANGE, f"{prefix}approval_pending__approval": Approval.APPROVED.value}
    )


def _prior_state(user: Any) -> str:
    """The approval state the account was in before the change awaiting approval (User.approval_pending)."""
    pending = getattr(user, "approval_pending", None) or {}
    return str(pending.get("approval", Approval.REFUSED))


def grant_snapshot(user: User) -> dict[str, Any]:
    """An account's grant as User.approval_pending keeps it: the codes, and the names as they were then."""
    return {
        "role": user.role,
        "region_path": user.region_path,
        "region_name": user.region_name,
        "grid": user.grid_id,
        "grid_name": user.grid.name if user.grid_id else "",
        "department": user.department,
    }


def needs_approval(*, actor: Any, user: User) -> bool:
    """Whether what the actor does to this account waits for the security admin: a person on the web, a business
    role (the server's commands and the three administrators need none)."""
    return actor is not None and user.role not in ADMIN_ROLES


def ask_approval(*, actor: Any, user: User, reason: str) -> None:
    """Mark the account pending for `reason` (Approval.NEW or RESET) when it needs approval; the caller saves the
    user. A new account not yet approved stays 新建, a refused one corrected since stays 已重新提交 (its refusal's
    reason with it; a refused one itself is resubmitted by accounts.approval_resubmit)."""
    if not needs_approval(actor=actor, user=user):
        return
    user.approval = user.approval if user.approval in (Approval.NEW, Approval.RESUBMITTED) else reason
    _requested_by(actor, user)


def _requested_by(actor: Any, user: User) -> None:
    user.approval_requested_at = timezone.now()
    user.approval_requested_by = actor if getattr(actor, "pk", None) else None


def grant_requested(user: User) -> dict[str, Any]:
    """The grant the account will hold once approved: the one awaiting approval, else the one in force."""
    pending = user.approval_pending
    if pending:
        return {name: pending.get(name) for name in grant_snapshot(user)}
    return grant_snapshot(user)


def _same_grant(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return all((one.get(name) or "") == (other.get(name) or "") for name in GRANT_FIELDS)


def request_grant(*, actor: Any, user: User, requested: dict[str, Any]) -> None:
    """Keep `requested` (grant_snapshot's shape) apart until the security admin approves it; the grant in force stays
    the account's. A request back to the grant in force withdraws the change waiting. The caller saves the user
    (GRANT_REQUEST_FIELDS)."""
    pending = user.approval_pending
    # The state before the first change waiting: a reset asked after it keeps the account closed (user.approval).
    prior = _prior_state(user) if pending and user.approval == Approval.CHANGE else user.approval
    if _same_grant(requested, grant_snapshot(user)):
        user.approval_pending = None
        if user.approval == Approval.CHANGE:
            user.approval = prior
        return
    user.approval_pending = {**requested, "approval": prior}
    if user.approval in (Approval.APPROVED, Approval.CHANGE, Approval.REFUSED):
        user.approval = Approval.CHANGE
    _requested_by(actor, user)


GRANT_REQUEST_FIELDS = ["approval", "approval_requested_at", "approval_requested_by", "approval_pending"]


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
    """What the change awaiting approval would alter of the account's grant in force, old → new; [] for a new
    account or a reset password, which change no grant."""
    if not user.approval_pending or user.approval not in PENDING:
        return []
    before, after = grant_snapshot(user), grant_requested(user)
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


def grant_asked(user: User) -> dict[str, Any]:
    """The grant the security admin decides on (grant_requested), codes and words, as the pending list shows it and
    the API answers it (role, region_path, grid, department: what a decision posts back)."""
    grant = grant_requested(user)
    return {
        "role": grant["role"],
        "role_display": _grant_word("role", grant),
        "region_path": grant["region_path"],
        "region_name": grant["region_name"] or "",
        "grid": grant["grid"] or None,
        "grid_name": grant["grid_name"] if grant["grid"] else "",
        "department": grant["department"] or "",
        "department_display": _grant_word("department", grant) if grant["department"] else "",
    }


def grant_in_force(user: User) -> str:
    """The account's grant as last approved, in words (角色，管辖范围): a change awaiting approval is kept apart
    (User.approval_pending), so the account's own fields are the grant in force."""
    return f"{user.get_role_display()}，{user.scope_label}"


def grant_change_note(user: User) -> str:
    """The change not in force yet, old → new (管辖范围变更待审批：管辖区划 城南村 → 城北村), or ""."""
    changes = grant_changes(user)
    if not changes:
        return ""
    return "管辖范围变更待审批：" + "，".join(f"{c.label} {c.before} → {c.after}" for c in changes)


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
    """What the security admin sees of an account's grant (the one asked for), posted back with their decision."""
    grant = grant_requested(user)
    return f"{user.pk}:{grant['role']}:{grant['region_path']}:{grant['department'] or ''}:{grant['grid'] or ''}"


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


def _grant_words(grant: dict[str, Any]) -> str:
    scope = _grant_word("region_path", grant)
    if grant.get("grid"):
        scope = f"{scope} {_grant_word('grid', grant)}"
    department = f"，{_grant_word('department', grant)}" if grant.get("department") else ""
    return f"{_grant_word('role', grant)}，{scope}{department}"


MSG_GRID_GONE = "账号 {username} 申请的限定网格已被删除，请系统管理员重新选择网格后再审核。"


def _decide_one(*, actor: User, pick: Pick, approve: bool, reason: str) -> User:
    user = User.objects.select_for_update().filter(pk=pick.user_id).first()
    if user is None:
        raise ValidationError(MSG_NOT_PENDING.format(username=pick.user_id))
    allowed = (*PENDING, Approval.REFUSED) if approve else PENDING
    if user.approval not in allowed:
        raise ValidationError(MSG_NOT_PENDING.format(username=user.username))
    requested = grant_requested(user)
    seen = (pick.role, pick.region_path, pick.department, pick.grid_id)
    if (requested["role"], requested["region_path"], requested["department"] or "", requested["grid"]) != seen:
        raise ValidationError(MSG_CHANGED_SINCE.format(username=user.username))
    pending = user.approval_pending
    before: dict[str, Any] = {"approval": user.approval}
    kind = f"原状态：{Approval(user.approval).label}"  # what was decided on: 审核未通过 alone reads as the outcome
    asked_words, in_force_words = _grant_words(requested), _grant_words(grant_snapshot(user))
    # A refused change of an account open before it leaves the account open, in the grant it kept all along.
    kept_open = not approve and user.approval == Approval.CHANGE and _prior_state(user) == Approval.APPROVED
    user.approval = Approval.APPROVED if approve or kept_open else Approval.REFUSED
    user.approval_decided_at = timezone.now()
    user.approval_decided_by = actor
    user.approval_reason = "" if approve else reason
    user.approval_pending = None  # put in force, or dropped; the audit row keeps what it was
    fields = ["approval", "approval_decided_at", "approval_decided_by", "approval_reason", "approval_pending"]
    moved = approve and bool(pending) and not _same_grant(requested, grant_snapshot(user))
    if moved:
        before |= _grant_record(user)
        fields += _grant_apply(user, requested)
    user.save(update_fields=fields)
    if approve:
        summary = f"批准账号 {user.username}（{asked_words}；{kind}）"
        if moved:
            summary += f"；原为{in_force_words}，现已生效"
    else:
        summary = f"拒绝账号 {user.username}（{asked_words}；{kind}）" + (f"：{reason}" if reason else "")
        if pending:
            state = "可按原范围登录" if kept_open else "仍不能登录"
            summary += f"；角色和管辖范围仍为原来的（{in_force_words}），{state}"
        if user.approval == Approval.REFUSED:
            # No session opens a refused account (accounts.backends); a token would be the only thing left.
            Token.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="user.approve" if approve else "user.refuse",
        summary=summary,
        target=user,
        before=before,
        after={**_grant_record(user), "approval": user.approval},
    )
    if pending:  # a change the system admin asked for: its outcome on the account's 历史 page too
        decision_note(
            actor=actor, user=user, approve=approve, asked=asked_words, in_force=in_force_words, reason=reason
        )
    user.change_notices = []
    if moved:
        # The scope changes now: the apps above see it as any scope change (accounts.signals.user_changed), and
        # what they say of it (households whose help contact can no longer open them) is for the admin deciding.
        answers = user_changed.send(sender=User, user=user, actor=actor)
        user.change_notices = [notice for _, notice in answers if isinstance(notice, str) and notice]
    return user


def _grant_record(user: User) -> dict[str, Any]:
    grant = {"role": user.role, "region_path": user.region_path, "department": user.department}
    if user.grid_id:
        grant["grid"] = str(user.grid)
    return grant


def _grant_apply(user: User, grant: dict[str, Any]) -> list[str]:
    """Put the approved grant (grant_snapshot's shape) in force; the fields to save. A grid deleted since it was
    asked for is refused rather than dropped: dropped, the cadre would see the whole village."""
    grid_model = User._meta.get_field("grid").related_model
    grid = grant.get("grid")
    if grid and not grid_model.objects.filter(pk=grid).exists():
        raise ValidationError(MSG_GRID_GONE.format(username=user.username))
    user.role = grant.get("role") or user.role
    user.region_path = grant.get("region_path") or user.region_path
    user.region_name = grant.get("region_name") or ""
    user.grid_id = grid or None
    user.department = grant.get("department") or ""
    user.is_staff = user.role == Role.SYSTEM_ADMIN
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
