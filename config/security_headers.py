"""Browser security headers Django's SecurityMiddleware does not set (MLPS level 3 asks for defence in depth).

Permissions-Policy: the app asks the browser for no device. A visit photo is taken through a plain file input
(templates/households/visit_form.html), whose camera is the phone's own picker and needs no camera permission;
nothing reads the location. So camera, microphone, geolocation and the rest are off for every page.

Content-Security-Policy is sent as Report-Only for now: every asset is served by the app itself (no CDN), but a
few templates still carry inline <script> blocks and on…= handlers (the approvals page, the household page, the
bulk import result, an alert's page, the campaign form), which an enforced policy without 'unsafe-inline' would
break. Report-Only makes the browser console name each violation; once those scripts move to static files the
header can be switched to Content-Security-Policy unchanged."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "midi",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "display-capture",
    )
)
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # templates use style="" attributes
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Content-Security-Policy-Report-Only", CONTENT_SECURITY_POLICY)
        return response
