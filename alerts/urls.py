"""Pages of the alerts app."""

app_name = "alerts"

urlpatterns: list = []
