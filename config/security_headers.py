"""Browser security headers Django's SecurityMiddleware does not set (MLPS level 3 asks for defence in depth).

Permissions-Policy: the app asks the browser for no device. A visit photo is taken through a plain file input
(templates/households/visit_form.html), whose camera is the phone's own picker and needs no camera permission;
nothing reads the location. So camera, microphone, geolocation and the rest are off for every page.

Content-Security-Policy is enforced: every asset is served by the app itself (no CDN) and no template carries an
inline <script> block or on…= handler (tests/config/test_no_inline_scripts.py): a page's own script is a static
file, and what the handlers did (a confirmation, a filter sent on change, 打印, 全选) is said in data attributes that
static/js/page_actions.js acts on. style-src keeps 'unsafe-inline' for the templates' style="" attributes (and the
indicator style htmx adds). The API's Swagger page loads its start-up script from its own URL
(SpectacularSwaggerSplitView, config/urls.py) rather than inline."""

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
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
