from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from accounts import views as account_views
from config import health

admin.site.site_header = "守望 系统配置"
admin.site.site_title = "守望"
admin.site.index_title = "配置管理"


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says (a PDF, a download): the app's icon, not a 404."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("households.api_urls")),
    path("", include("screening.api_urls")),
    path("", include("screening.api_urls_campaigns")),
    path("", include("workflow.api_urls")),
    path("", include("assistance.api_urls")),
    path("", include("alerts.api_urls")),
    path("", include("reports.api_urls")),
    # The description of every endpoint, field and message is for the county's own users and integrators: login
    # (a session or a token) is required, as for the API itself (drf-spectacular serves it to anyone by default).
    # The Swagger page is read in a browser, so it sends an anonymous visitor to the login page. Its start-up script
    # is fetched from the same URL (?script) instead of inline, which the Content-Security-Policy would block.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[IsAuthenticated])
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page names (a PDF, an export): the app's own icon, no 404.
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("regions/", include("households.region_urls")),
    path("households/", include("households.urls")),
    path("screening/", include("screening.urls")),
    path("campaigns/", include("screening.urls_campaigns")),
    path("workflow/", include("workflow.urls")),
    path("apply/", include("workflow.urls_public")),  # public self-application pages, no login
    path("assistance/", include("assistance.urls")),
    path("alerts/", include("alerts.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
]

handler403 = "config.error_pages.permission_denied"
handler404 = "config.error_pages.page_not_found"
handler500 = "config.error_pages.server_error"
