from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from accounts import audit_export
from accounts.approvals import grant_change_note, pending_count
from accounts.audit_search import MSG_SEARCH_EXPIRED, TOKEN, full_id_number, search_query, searched_number
from accounts.forms import AuditFilterForm, LoginForm, OwnPasswordChangeForm, SecurityPolicyForm
from accounts.lockouts import (
    ACCOUNT_LOCK_ADDRESSES,
    MSG_NOT_LOCKED,
    account_lock,
    account_locked,
    account_unlock,
    locked_account_list,
)
from accounts.login_spread import login_spread_list, login_spread_rules
from accounts.middleware import (
    ENDED_BY_OWNER,
    ENDED_CHANGED,
    ENDED_DISABLED,
    ENDED_FORCED,
    ENDED_PASSWORD,
    ENDED_REFUSED,
    ENDED_RESET,
    ENDED_TIMEOUT,
    password_expired,
    session_end_reason,
)
from accounts.models import AuditEvent, User
from accounts.password_checks import password_page_locked
from accounts.permissions import capability_required
from accounts.policy import current_policy
from accounts.policy_update import POLICY_BOUNDS, policy_lock_effects, security_policy_update
from accounts.roles import Capability
from accounts.selectors import audit_event_list
from accounts.tiles import tiles_for
from config.errors import ApplicationError
from config.forms import apply_errors
from config.paging import page_query
from config.xlsx import XLSX_TYPE
from households.services.id_search import DAILY_LIMIT as SEARCH_DAILY_LIMIT
from households.services.reveal import NOTICE_DAYS, reveal_limit, reveal_limit_notices

# The lock holds for the account at this address (settings.AXES_LOCKOUT_PARAMETERS).
MSG_LOCKED = "连续登录失败次数过多，账号在本地址已锁定{minutes}分钟。如需提前解锁，请联系安全管理员。"
MSG_LOCKED_ALL = "该账号从各地址登录失败次数合计过多，已在所有地址锁定{minutes}分钟。如需提前解锁，请联系安全管理员。"
MSG_PASSWORD_CHANGED = "密码已修改。"
MSG_POLICY_SAVED = "安全策略已保存，新策略立即生效。"
MSG_POLICY_UNCHANGED = "安全策略未修改：所填的值与现行策略相同（留空的项目保持原值）。"
MSG_SESSION_TIMED_OUT = "登录已超时，请重新登录。"
MSG_SESSION_ENDED_DISABLED = "该账号已停用，登录已结束。如有疑问，请联系系统管理员。"
MSG_SESSION_ENDED_PASSWORD = "账号密码已被修改（如系统管理员重置了密码），登录已结束，请用新密码登录。"
MSG_SESSION_ENDED_RESET = (
    "系统管理员重置了账号密码，登录已结束。待安全管理员审核后，方可用新密码登录；如有疑问，请联系系统管理员。"
)
MSG_SESSION_ENDED_CHANGED = "账号权限（角色或管辖范围）已变更，登录已结束。待安全管理员审核后方可登录。"
MSG_SESSION_ENDED_REFUSED = "该账号未通过安全管理员的审核，登录已结束。如有疑问，请联系安全管理员或系统管理员。"
MSG_SESSION_ENDED_FORCED = (
    "您的登录已被安全管理员强制下线，请重新登录。如果手机或电脑丢失，或怀疑密码已泄露，请登录后立即修改密码。"
)
MSG_SESSION_ENDED_BY_OWNER = "这台设备上的登录已在您的其他设备上结束，请重新登录。如非本人操作，请登录后立即修改密码。"
SESSION_END_NOTICES = {
    ENDED_TIMEOUT: MSG_SESSION_TIMED_OUT,
    ENDED_DISABLED: MSG_SESSION_ENDED_DISABLED,
    ENDED_PASSWORD: MSG_SESSION_ENDED_PASSWORD,
    ENDED_RESET: MSG_SESSION_ENDED_RESET,
    ENDED_CHANGED: MSG_SESSION_ENDED_CHANGED,
    ENDED_REFUSED: MSG_SESSION_ENDED_REFUSED,
    ENDED_FORCED: MSG_SESSION_ENDED_FORCED,
    ENDED_BY_OWNER: MSG_SESSION_ENDED_BY_OWNER,
}
MSG_UNLOCKED = "已解除账号 {username} 的登录锁定。"
MSG_EXPORT_INVALID_FILTERS = "筛选条件有误，未导出。请按提示修改后再导出。"
MSG_FILTERS_REFUSED = "筛选条件有误，未列出日志。请按提示修改后再查询。"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Said on arriving, not after a failed attempt (the form's own error is the news then).
        reason = session_end_reason(self.request) if self.request.method == "GET" else ""
        return super().get_context_data(**kwargs) | {
            "policy": current_policy(),
            "session_notice": SESSION_END_NOTICES.get(reason, ""),
        }


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"request": self.request}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A wrong current password counts as a failed login (accounts.password_checks); at the limit, or already
        # locked at this address, the session ends and the lock page is shown.
        if password_page_locked(request, request.user):
            return _end_locked_session(request)
        response = super().post(request, *args, **kwargs)
        if getattr(request, "axes_locked_out", False):
            return _end_locked_session(request)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["forced"] = password_expired(self.request.user)
        context["max_age_days"] = current_policy().password_max_age_days
        context["policy"] = current_policy()
        return context

    def form_valid(self, form: OwnPasswordChangeForm) -> HttpResponse:
        try:
            user = form.save()
        except ValidationError as error:  # the service's reuse rule
            apply_errors(form, error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, MSG_PASSWORD_CHANGED)
        return super(auth_views.PasswordChangeView, self).form_valid(form)


def _end_locked_session(request: HttpRequest) -> HttpResponse:
    logout(request)
    request.axes_locked_out = False  # the page is this one; AxesMiddleware would answer with the same
    return lockout_response(request)


def home(request: HttpRequest) -> HttpResponse:
    tiles = tiles_for(request.user)
    quiet = [tile for tile in tiles if tile["quiet"]]
    # A change of role or scope waiting for the security admin: the user works in the grant in force meanwhile.
    pending = grant_change_note(request.user)
    context = {"role": request.user.role, "tiles": tiles, "quiet_tiles": quiet, "grant_pending": pending}
    return render(request, "accounts/home.html", context)


def lock_message(request: HttpRequest) -> str:
    """Which lock refused the request: the account at this address, or at every address (accounts.axes_handler)."""
    said = MSG_LOCKED_ALL if account_locked(request) else MSG_LOCKED
    return said.format(minutes=current_policy().lockout_minutes)


@login_not_required
def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    message = lock_message(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return render(request, "accounts/locked.html", {"message": message}, status=403)


@capability_required(Capability.AUDIT_READ)
def audit_log(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" or full_id_number(request.GET.get("q")):
        return _audit_search_redirect(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    token = request.GET.get(TOKEN, "")
    if number := searched_number(request.session, request.GET.get("q", ""), token):
        filters["q"] = number
    elif token:
        messages.info(request, MSG_SEARCH_EXPIRED)
    # An invalid filter (a date that is none, a range the wrong way round) refuses the query: nothing is listed or
    # exported until the errors shown beside the fields are put right (accounts.forms.AuditFilterForm).
    refused = bool(form.errors)
    events = AuditEvent.objects.none() if refused else audit_event_list(filters=filters, reader=request.user)
    if request.GET.get("export") == "xlsx":
        if refused:
            messages.error(request, MSG_EXPORT_INVALID_FILTERS)
        elif (response := _audit_export(request, events, filters)) is not None:
            return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = page_query(request, drop=("export",))  # a refused export comes back here: no link exports again
    context = {"form": form, "page": page, "query": query, "search_token": token if number else ""}
    context["refused"] = MSG_FILTERS_REFUSED if refused else ""
    return render(request, "accounts/audit_log.html", context)


def _audit_search_redirect(request: HttpRequest) -> HttpResponse:
    """The filter form's post, or an address with a whole ID number, as the address of its results (the number
    recorded, and replaced by a token: accounts.audit_search)."""
    data = request.POST if request.method == "POST" else request.GET
    query, refusal = search_query(actor=request.user, session=request.session, data=data)
    if refusal:
        messages.error(request, refusal)
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def _audit_export(request: HttpRequest, events: Any, filters: dict[str, Any]) -> HttpResponse | None:
    """The filtered log as XLSX; None, with the message, when it is too long for one export."""
    try:
        handle, name = audit_export.audit_log_export(actor=request.user, events=events, filters=filters)
    except ApplicationError as error:
        messages.error(request, error.message)
        return None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_TYPE)


@capability_required(Capability.SECURITY_MANAGE)
def security_policy(request: HttpRequest) -> HttpResponse:
    policy = current_policy()
    form = SecurityPolicyForm(request.POST or None, initial={name: getattr(policy, name) for name in POLICY_BOUNDS})
    if request.method == "POST" and form.is_valid():
        try:
            values = {name: value for name, value in form.cleaned_data.items() if value is not None}
            saved = security_policy_update(actor=request.user, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            effects = policy_lock_effects(saved)
            said = MSG_POLICY_SAVED if saved.changed else MSG_POLICY_UNCHANGED
            messages.success(request, f"{said}{effects}。" if effects else said)
            return redirect("accounts:security_policy")
    context = {"form": form, "policy": policy, "locked": locked_account_list(), "pending_approvals": pending_count()}
    context["lock_addresses"] = ACCOUNT_LOCK_ADDRESSES
    context["spread"] = {"notices": login_spread_list(), "rules": login_spread_rules()}
    context["reveals"] = {
        "notices": reveal_limit_notices(),
        "limit": reveal_limit(),
        "search_limit": SEARCH_DAILY_LIMIT,
        "days": NOTICE_DAYS,
    }
    return render(request, "accounts/security_policy.html", context)


@capability_required(Capability.SECURITY_MANAGE)
def account_unlock_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm, then lift one account's login lock (accounts.lockouts.account_unlock)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    if request.method == "POST":
        try:
            account_unlock(actor=request.user, user=user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, MSG_UNLOCKED.format(username=user.username))
        return redirect("accounts:security_policy")
    lock = account_lock(user)
    if lock is None:
        messages.info(request, MSG_NOT_LOCKED.format(username=user.username))
        return redirect("accounts:security_policy")
    return render(request, "accounts/unlock_confirm.html", {"lock": lock})
