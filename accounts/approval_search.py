"""The security admin's account list (/accounts/security/approvals/, /api/v1/account-approvals/) searched and filtered:
a county that imports 300 cadre accounts at once (accounts.user_import) reviews them a page at a time, finds one by
username, name or place, and narrows to one role or state.

States (the page's tabs, the API's status): 待处理 (the default: waiting, then refused, as the page has always
listed them), 待审核 (new, reset, changed or 已重新提交: accounts.approvals.PENDING), 已驳回 (审核未通过) and 已通过
(approved by the security admin: their last decision was an approval; accounts made on the server, which never
needed one, are no one's decision and not listed)."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from accounts.approvals import PENDING
from accounts.choices import ADMIN_ROLES, Approval, Role
from accounts.models import User

STATUS_OPEN, STATUS_PENDING, STATUS_REFUSED, STATUS_APPROVED = "", "pending", "refused", "approved"
STATUS_CHOICES = [
    (STATUS_OPEN, "待处理"),
    (STATUS_PENDING, "待审核"),
    (STATUS_REFUSED, "已驳回"),
    (STATUS_APPROVED, "已通过"),
]
# The roles an account to approve can have: the three administrators are made on the server and need none.
ROLE_CHOICES = [(value, label) for value, label in Role.choices if value not in ADMIN_ROLES]
SEARCH_LIMIT = 100  # characters of a search read

_STATES = {
    STATUS_OPEN: Q(approval__in=[*PENDING, Approval.REFUSED]),
    STATUS_PENDING: Q(approval__in=PENDING),
    STATUS_REFUSED: Q(approval=Approval.REFUSED),
    STATUS_APPROVED: Q(approval=Approval.APPROVED, approval_decided_at__isnull=False),
}


def _search(q: str) -> Q:
    """Username, name (姓名 as written, 王小明) or place (the scope's name or code, the one asked for too)."""
    found = (
        Q(username__icontains=q)
        | Q(full_name__icontains=q)
        | Q(region_name__icontains=q)
        | Q(approval_pending__region_name__icontains=q)
    )
    if q.isdigit():
        found |= Q(region_path__startswith=q) | Q(approval_pending__region_path__startswith=q)
    return found


def _filtered(*, q: str = "", role: str = "") -> QuerySet[User]:
    users = User.objects.annotate(full_name=Concat("last_name", "first_name"))
    q = "".join(q.split())[:SEARCH_LIMIT]
    if q:
        users = users.filter(_search(q))
    if role:
        # The role decided on: a change waiting asks for it (accounts.approvals.grant_requested).
        users = users.filter(Q(approval_pending__isnull=True, role=role) | Q(approval_pending__role=role))
    return users


def approval_account_list(*, q: str = "", status: str = STATUS_OPEN, role: str = "") -> QuerySet[User]:
    """The accounts in `status` (STATUS_CHOICES) matching the search and the role: waiting ones the oldest request
    first, then refused ones; approved ones the latest decision first."""
    users = _filtered(q=q, role=role).filter(_STATES[status])
    users = users.select_related("approval_requested_by", "approval_decided_by", "grid")
    if status == STATUS_APPROVED:
        return users.order_by("-approval_decided_at", "username")
    refused_last = Case(When(approval=Approval.REFUSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return users.order_by(refused_last, "approval_requested_at", "username")


def approval_counts(*, q: str = "", role: str = "") -> dict[str, int]:
    """How many accounts each state holds under the search and the role (the page's tabs)."""
    named = {f"n{n}": (status, state) for n, (status, state) in enumerate(_STATES.items())}
    found = _filtered(q=q, role=role).aggregate(**{key: Count("pk", filter=state) for key, (_, state) in named.items()})
    return {status: found[key] for key, (status, _) in named.items()}
