"""Pages of the reports app."""

from django.urls import path

from reports.views import dashboard, duties, ledgers, national, registry

app_name = "reports"

urlpatterns = [
    path("", ledgers.index, name="index"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("performance/", dashboard.performance, name="performance"),
    path("performance/export/", dashboard.performance_export, name="performance_export"),
    path("national/", national.national, name="national"),
    path("entry/", duties.entry, name="entry"),
    path("campaign-gaps/", duties.campaign_gaps, name="campaign_gaps"),
    path("national/mark/", national.national_mark, name="national_mark"),
    path("export/", ledgers.export, name="export"),
    path("registry-export/", registry.registry_export, name="registry_export"),
    path("exports/<int:pk>/progress/", ledgers.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", ledgers.export_download, name="export_download"),
]
