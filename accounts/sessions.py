"""Signed-in sessions (登录会话): the security admin's list of who is signed in now, with 强制下线 (a lost phone, a
departed cadre), and each user's own list, where they end their other sessions.

Sessions are Django's, in the database (settings.SESSION_ENGINE), and keep only the account and the last request
(accounts.middleware.LAST_SEEN_KEY). What the lists show is kept beside them in LoginSession: recorded at login
(session_signed_in), its last activity and key kept up to date by the idle-timeout middleware (session_seen, at
most once a minute, and only for a user's own requests, not the page's ?check=1), deleted at sign-out.

A session is listed while it is alive: its Django session exists and has not expired, nobody ended it, and its
last activity is within the idle timeout (a session idle longer ends at its next request). Ending one deletes the
Django session, so its next request is signed out, and keeps the row (ended_at, ended_by) until the nightly
clean-up, so that browser's login page says it was ended (accounts.middleware.ENDED_FORCED). Every end is
audited: auth.session_force_end by the security admin, auth.session_end_own by the user (one or all of their others
at once). 强制下线 revokes the account's API token too (auth.token_revoke): a session ended for cause must not leave
the account a way into the API. 强制该账号全部下线 ends every live session of one account at once (each audited as
auth.session_force_end, noted as such) and revokes its token; never the security admin's own account."""

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.audit import audit_record
from accounts.context import current_ip
from accounts.models import LoginSession, User
from accounts.permissions import user_can
from accounts.policy import current_policy
from accounts.roles import Capability
from accounts.tokens import token_revoke_forced

# Kept in the session: its LoginSession row, the key it was last written under, when it was last written.
ROW_KEY = "sw_login_session"
ROW_SESSION_KEY = "sw_login_session_key"
ROW_SEEN_KEY = "sw_login_session_seen"
SEEN_EVERY = 60  # seconds: a session's last activity is written at most this often
AGENT_LENGTH = 300
# Ended rows are kept this long after their session ended, for the login page to say why (then cleaned up).
ENDED_KEPT = dt.timedelta(days=1)

MSG_NOT_FOUND = "该登录会话不存在或已结束（可能已退出登录或超时）。"
MSG_CURRENT = "这是您当前使用的登录会话，请用“退出”结束它。"
MSG_NOT_ALLOWED = "只能结束本人的登录会话。"
MSG_SELF = "不能将本人的账号全部强制下线；结束本人的其他登录会话，请到“我的登录会话”。"
NOTE_ACCOUNT = "（强制该账号全部下线）"


def session_signed_in(request: HttpRequest, user: User) -> LoginSession | None:
    """A session login (user_logged_in): its row, and the row's id kept in the session. Nothing for a request
    without a session (an API token never signs in a session)."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return None
    return _row_for(request, user, created_at=timezone.now())


def _row_for(request: HttpRequest, user: User, *, created_at: dt.datetime | None) -> LoginSession:
    now = timezone.now()
    row, _ = LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "created_at": created_at,
            "last_seen_at": now,
            "ip_address": current_ip.get(),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:AGENT_LENGTH],
            "ended_at": None,
            "ended_by": None,
        },
    )
    request.session[ROW_KEY] = row.pk
    request.session[ROW_SESSION_KEY] = row.session_key
    request.session[ROW_SEEN_KEY] = int(now.timestamp())
    return row


def session_seen(request: HttpRequest) -> None:
    """A signed-in session's own request (accounts.middleware): its row's last activity, at most once a minute, and
    its key, when it changed (a password change cycles it). A session signed in before the rows were kept gets one
    now, its login time unknown."""
    session = request.session
    if SESSION_KEY not in session or not session.session_key:
        return
    now = timezone.now()
    row_id = session.get(ROW_KEY)
    if row_id is None:
        _row_for(request, request.user, created_at=None)
        return
    key_changed = session.get(ROW_SESSION_KEY) != session.session_key
    if not key_changed and int(now.timestamp()) - int(session.get(ROW_SEEN_KEY, 0)) < SEEN_EVERY:
        return
    updated = LoginSession.objects.filter(pk=row_id, ended_at__isnull=True).update(
        session_key=session.session_key, last_seen_at=now, ip_address=current_ip.get()
    )
    if not updated:  # cleaned up meanwhile: start it again
        _row_for(request, request.user, created_at=None)
        return
    session[ROW_SESSION_KEY] = session.session_key
    session[ROW_SEEN_KEY] = int(now.timestamp())


def session_signed_out(session_key: str | None) -> None:
    """Sign-out (user_logged_out): the session is gone, so is its row."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key, ended_at__isnull=True).delete()


def active_sessions() -> QuerySet[LoginSession]:
    """The sessions alive now (the module's rule), the latest active first."""
    now = timezone.now()
    alive = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=now)
    idle_since = now - dt.timedelta(minutes=current_policy().idle_minutes)
    return (
        LoginSession.objects.filter(Exists(alive), ended_at__isnull=True, last_seen_at__gte=idle_since)
        .select_related("user", "user__grid")
        .order_by("-last_seen_at", "-id")
    )


def session_list(*, q: str = "") -> QuerySet[LoginSession]:
    """The security admin's list: every live session, or those whose account, name or address holds `q`."""
    sessions = active_sessions()
    q = q.strip()
    if q:
        sessions = sessions.filter(
            Q(user__username__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__first_name__icontains=q)
            | Q(user__region_name__icontains=q)
            | Q(ip_address__startswith=q)
        )
    return sessions


def own_sessions(user: User) -> QuerySet[LoginSession]:
    return active_sessions().filter(user=user)


ENDED_BY_ADMIN = "admin"
ENDED_BY_OWNER = "owner"


def session_ended_by_hand(session_key: str) -> str:
    """Who ended the browser's last session (its session cookie's key) by hand: ENDED_BY_ADMIN (强制下线),
    ENDED_BY_OWNER (from another of their sessions), or "" (it was not)."""
    if not session_key:
        return ""
    row = LoginSession.objects.filter(session_key=session_key, ended_at__isnull=False).only("user", "ended_by").first()
    if row is None:
        return ""
    return ENDED_BY_OWNER if row.ended_by_id == row.user_id else ENDED_BY_ADMIN


def _shown_time(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "未知"


@transaction.atomic
def session_end(*, actor: User, session_id: int, current_key: str | None = None) -> LoginSession:
    """End a live session: the security admin any (强制下线), a user their own other ones. Not the one the
    request itself comes from (`current_key`): that is signed out with 退出. Audited with where and when the session
    was signed in. 强制下线 also revokes the account's API token (accounts.tokens.token_revoke_forced): an account
    forced off for cause would otherwise keep reaching the API; the row's token_revoked says whether it held one."""
    row = active_sessions().select_for_update(of=("self",)).filter(pk=session_id).first()
    if row is None:
        raise ValidationError(MSG_NOT_FOUND)
    own = row.user_id == actor.pk
    if not own and not user_can(actor, Capability.SECURITY_MANAGE):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if current_key and row.session_key == current_key:
        raise ValidationError(MSG_CURRENT)
    _end_row(actor=actor, row=row, own=own)
    return row


@transaction.atomic
def sessions_end_others(*, actor: User, current_key: str | None) -> list[LoginSession]:
    """结束其他所有会话 (我的登录会话): every live session of the actor's but the one the request comes from
    (`current_key`; a request by API token comes from none, so all of them end), each audited as an end by hand
    (auth.session_end_own). The ones ended, oldest activity last; [] when there was none."""
    rows = own_sessions(actor).select_for_update(of=("self",))
    if current_key:
        rows = rows.exclude(session_key=current_key)
    ended = list(rows)
    for row in ended:
        _end_row(actor=actor, row=row, own=True, note="（结束其他所有会话）")
    return ended


@transaction.atomic
def sessions_force_end_account(*, actor: User, user: User) -> tuple[list[LoginSession], bool]:
    """强制该账号全部下线 (在线会话): the security admin ends every live session of `user` (each audited as
    auth.session_force_end, noted) and revokes its API token (auth.token_revoke), so an account put out for cause
    is out everywhere at once. Not their own account (MSG_SELF): they would sign themselves out. The sessions ended
    and whether a token was revoked; no session and no token is not an error (nothing to end)."""
    if not user_can(actor, Capability.SECURITY_MANAGE):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if user.pk == actor.pk:
        raise ValidationError(MSG_SELF)
    ended = list(active_sessions().select_for_update(of=("self",)).filter(user=user))
    for row in ended:
        _end_row(actor=actor, row=row, own=False, revoke=False, note=NOTE_ACCOUNT)
    return ended, token_revoke_forced(actor=actor, user=user)


def _end_row(*, actor: User, row: LoginSession, own: bool, note: str = "", revoke: bool = True) -> None:
    """Delete the row's Django session (its next request is signed out), mark the row ended, audit it; 强制下线
    revokes the account's API token with it (row.token_revoked) unless the caller does it once (`revoke`)."""
    import_module(settings.SESSION_ENGINE).SessionStore().delete(row.session_key)
    row.ended_at = timezone.now()
    row.ended_by = actor
    row.save(update_fields=["ended_at", "ended_by"])
    row.token_revoked = not own and revoke and token_revoke_forced(actor=actor, user=row.user)  # type: ignore[attr-defined]
    where = f"{row.ip_address or '未知地址'}，{short_agent(row.user_agent)}，登录于{_shown_time(row.created_at)}"
    if own:
        action, summary = "auth.session_end_own", f"结束本人的其他登录会话（{where}）{note}"
    else:
        action, summary = "auth.session_force_end", f"强制下线：账号 {row.user.username} 的登录会话（{where}）{note}"
        summary += "，同时吊销了该账号的接口令牌" if row.token_revoked else ""  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        action=action,
        summary=summary,
        target=row.user,
        before={
            "ip_address": row.ip_address,
            "user_agent": row.user_agent,
            "login_at": _shown_time(row.created_at),
            "last_seen_at": _shown_time(row.last_seen_at),
        },
    )


def sessions_clean_up() -> int:
    """Nightly: rows whose session is gone (expired, timed out, or ended a day ago)."""
    now = timezone.now()
    alive = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=now)
    ended_long_ago = Q(ended_at__lt=now - ENDED_KEPT)
    deleted, _ = LoginSession.objects.filter(ended_long_ago | Q(~Exists(alive), ended_at__isnull=True)).delete()
    return deleted


# What a user agent names, in the order they are looked for: the first system and the first browser found.
_SYSTEMS = (
    ("HarmonyOS", "鸿蒙"),
    ("Android", "安卓"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
_BROWSERS = (
    ("MicroMessenger", "微信"),
    ("DingTalk", "钉钉"),
    ("HuaweiBrowser", "华为浏览器"),
    ("MiuiBrowser", "小米浏览器"),
    ("UCBrowser", "UC浏览器"),
    ("QQBrowser", "QQ浏览器"),
    ("360SE", "360浏览器"),
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)


def short_agent(agent: str) -> str:
    """A user agent as a person reads it: 安卓 · 微信, Windows · Chrome; the first 40 characters when it names
    neither, 未知 when empty. The whole string stays in the row and the audit record."""
    if not agent:
        return "未知"
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    shown = " · ".join(part for part in (system, browser) if part)
    return shown or agent[:40]


def session_rows(sessions: Any, *, current_key: str | None = None) -> list[dict[str, Any]]:
    """The lists' rows: the session, its browser in words, whether it is the request's own."""
    return [
        {"session": row, "agent": short_agent(row.user_agent), "current": row.session_key == current_key}
        for row in sessions
    ]
