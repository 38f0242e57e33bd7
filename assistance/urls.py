"""Pages of the assistance app."""

app_name = "assistance"

urlpatterns: list = []
