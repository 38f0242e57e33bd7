"""Signed-in sessions on the pages (accounts.sessions): the security admin's 在线会话 with 强制下线 (one session, or
every session of an account: 强制该账号全部下线), and each user's 我的登录会话, where they end one of their other
sessions (a phone left on a bus) or all of them at once. Each end is confirmed on its own page first, as an unlock
is."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.permissions import capability_required
from accounts.policy import current_policy
from accounts.roles import Capability
from accounts.sessions import (
    MSG_NOT_FOUND,
    MSG_SELF,
    active_sessions,
    own_sessions,
    session_end,
    session_list,
    session_rows,
    sessions_end_others,
    sessions_force_end_account,
    short_agent,
)
from accounts.tokens import token_held
from config.paging import page_query

PAGE_SIZE = 30
MSG_FORCED_TOKEN = "已强制下线账号 {username} 的登录会话（{where}），并吊销了该账号的接口令牌。"
MSG_FORCED_NO_TOKEN = "已强制下线账号 {username} 的登录会话（{where}）；该账号没有接口令牌，无须吊销。"
MSG_FORCED_ALL = "已强制账号 {username} 全部下线：结束了 {count} 个登录会话，{token}。"
MSG_TOKEN_REVOKED = "并吊销了该账号的接口令牌"
MSG_TOKEN_NONE = "该账号没有接口令牌，无须吊销"
MSG_ENDED_OWN = "已结束您在 {where} 的登录会话。"
MSG_ENDED_OTHERS = "已结束您的其他 {count} 个登录会话，这些设备须重新输入密码才能使用。"
MSG_NO_OTHERS = "您没有其他登录会话，无须结束。"


def _where(row: object) -> str:
    return f"{row.ip_address or '未知地址'}，{short_agent(row.user_agent)}"  # type: ignore[attr-defined]


@capability_required(Capability.SECURITY_MANAGE)
def sessions_admin(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(session_list(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": session_rows(page, current_key=request.session.session_key),
        "q": q,
        "query": page_query(request),
        "idle_minutes": current_policy().idle_minutes,
    }
    return render(request, "accounts/sessions_admin.html", context)


@capability_required(Capability.SECURITY_MANAGE)
@require_http_methods(["GET", "POST"])
def session_force_end(request: HttpRequest, session_id: int) -> HttpResponse:
    """Confirm, then end another account's session (强制下线)."""
    row = active_sessions().filter(pk=session_id).first()
    if row is None:
        messages.info(request, MSG_NOT_FOUND)
        return redirect("accounts:sessions_admin")
    if request.method == "POST":
        try:
            ended = session_end(actor=request.user, session_id=row.pk, current_key=request.session.session_key)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            said = MSG_FORCED_TOKEN if getattr(ended, "token_revoked", False) else MSG_FORCED_NO_TOKEN
            messages.success(request, said.format(username=row.user.username, where=_where(row)))
        return redirect("accounts:sessions_admin")
    context = {"row": row, "agent": short_agent(row.user_agent), "has_token": token_held(row.user)}
    return render(request, "accounts/session_end_confirm.html", context | {"admin": True})


@capability_required(Capability.SECURITY_MANAGE)
@require_http_methods(["GET", "POST"])
def sessions_force_end_account_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm (listing the account's sessions, how many), then end them all and revoke its token."""
    user = get_object_or_404(User, pk=user_id)
    if user.pk == request.user.pk:
        messages.error(request, MSG_SELF)
        return redirect("accounts:sessions_admin")
    if request.method == "POST":
        try:
            ended, revoked = sessions_force_end_account(actor=request.user, user=user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            token = MSG_TOKEN_REVOKED if revoked else MSG_TOKEN_NONE
            messages.success(request, MSG_FORCED_ALL.format(username=user.username, count=len(ended), token=token))
        return redirect("accounts:sessions_admin")
    rows = session_rows(active_sessions().filter(user=user))
    context = {"account": user, "rows": rows, "has_token": token_held(user)}
    return render(request, "accounts/sessions_force_end_account_confirm.html", context)


def sessions_mine(request: HttpRequest) -> HttpResponse:
    rows = session_rows(own_sessions(request.user), current_key=request.session.session_key)
    # The session of this page first: the one the user is looking from.
    rows.sort(key=lambda row: not row["current"])
    others = sum(1 for row in rows if not row["current"])
    context = {"rows": rows, "others": others, "idle_minutes": current_policy().idle_minutes}
    return render(request, "accounts/sessions_mine.html", context)


@require_http_methods(["GET", "POST"])
def session_end_own(request: HttpRequest, session_id: int) -> HttpResponse:
    """Confirm, then end one of the user's own other sessions."""
    row = own_sessions(request.user).filter(pk=session_id).first()
    if row is None:
        raise Http404
    if request.method == "POST":
        try:
            session_end(actor=request.user, session_id=row.pk, current_key=request.session.session_key)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, MSG_ENDED_OWN.format(where=_where(row)))
        return redirect("accounts:sessions_mine")
    context = {"row": row, "agent": short_agent(row.user_agent)}
    return render(request, "accounts/session_end_confirm.html", context | {"admin": False})


@require_http_methods(["GET", "POST"])
def sessions_end_others_view(request: HttpRequest) -> HttpResponse:
    """Confirm, then end every session of the user's but this one (结束其他所有会话)."""
    current_key = request.session.session_key
    if request.method == "POST":
        ended = sessions_end_others(actor=request.user, current_key=current_key)
        if ended:
            messages.success(request, MSG_ENDED_OTHERS.format(count=len(ended)))
        else:
            messages.info(request, MSG_NO_OTHERS)
        return redirect("accounts:sessions_mine")
    rows = [row for row in session_rows(own_sessions(request.user), current_key=current_key) if not row["current"]]
    if not rows:
        messages.info(request, MSG_NO_OTHERS)
        return redirect("accounts:sessions_mine")
    return render(request, "accounts/sessions_end_others_confirm.html", {"rows": rows})
