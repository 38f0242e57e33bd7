"""Pages of the alerts app."""

from django.urls import path

from alerts import views, views_register, views_summary, views_uploads

app_name = "alerts"

urlpatterns = [
    path("", views.worklist, name="alerts"),
    path("<int:pk>/", views.alert_detail, name="alert_detail"),
    path("overview/", views_summary.overview, name="overview"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("punctuality/", views.punctuality, name="punctuality"),
    path("unregistered/", views.unregistered, name="unregistered"),
    path("unregistered/<int:pk>/", views.unregistered_detail, name="unregistered_detail"),
    path("to-register/", views.to_register, name="to_register"),
    path("to-register/<int:pk>/household/", views_register.to_register_household, name="to_register_household"),
    path("uploads/", views_uploads.upload_index, name="uploads"),
    path("uploads/<int:pk>/", views_uploads.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/progress/", views_uploads.upload_progress, name="upload_progress"),
    path("uploads/<int:pk>/errors/", views_uploads.upload_errors, name="upload_errors"),
    path("feeds/", views_uploads.feed_types, name="feed_types"),
    path("feeds/<slug:code>/template/", views_uploads.feed_template, name="feed_template"),
]
