"""API routes of the alerts app (mounted under /api/v1/)."""

urlpatterns: list = []
