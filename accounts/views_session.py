"""The session ping (static/js/session_keepalive.js): a page sends it while its user types, so that filling a long
form in a farmer's home (typing sends nothing to the server) is not idle time; the idle timeout
(accounts.middleware.IdleTimeoutMiddleware) still ends a session nobody uses. With ?check=1 it only asks (the
middleware does not count it as activity): the page learns whether its session is still signed in and how long it
has left, so it can warn before the timeout and say so after it, before its user taps 保存 and loses what was typed."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.middleware import LAST_SEEN_KEY
from accounts.policy import current_policy


@login_not_required
@never_cache
@require_GET
def session_ping(request: HttpRequest) -> JsonResponse:
    # The middleware has already counted this request as activity (unless ?check=1), or ended an idle session.
    idle_seconds = current_policy().idle_minutes * 60
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "idle_seconds": idle_seconds, "seconds_left": 0})
    last_seen = request.session.get(LAST_SEEN_KEY, int(timezone.now().timestamp()))
    seconds_left = max(0, idle_seconds - (int(timezone.now().timestamp()) - last_seen))
    return JsonResponse({"signed_in": True, "idle_seconds": idle_seconds, "seconds_left": seconds_left})
