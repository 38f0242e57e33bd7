"""?next=: where a form goes back to after saving (a findings list that links to the correction form). Only a path
of this site is followed: a full URL, a scheme-relative //host or a /\\host (which browsers read as //host) is
ignored, so a crafted link cannot send the user elsewhere after a save."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str:
    """The ?next= (or a posted next) when it is a path of this site, else ""."""
    target = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return ""
    return target
