"""API routes of the reports app (mounted under /api/v1/, namespace "api")."""

from django.urls import path

from reports import api, api_duties

urlpatterns = [
    path("reports/ledgers/", api.LedgerListApi.as_view(), name="reports-ledgers"),
    path("reports/exports/", api.ExportListApi.as_view(), name="reports-exports"),
    path("reports/exports/<int:pk>/", api.ExportDetailApi.as_view(), name="reports-export-detail"),
    path("reports/exports/<int:pk>/download/", api.ExportDownloadApi.as_view(), name="reports-export-download"),
    path("reports/dashboard/", api.DashboardApi.as_view(), name="reports-dashboard"),
    path("reports/performance/", api.PerformanceApi.as_view(), name="reports-performance"),
    path("reports/national/", api.NationalApi.as_view(), name="reports-national"),
    path("reports/entry/", api_duties.EntryApi.as_view(), name="reports-entry"),
    path("reports/campaign-gaps/", api_duties.CampaignGapsApi.as_view(), name="reports-campaign-gaps"),
]
