from django.urls import path  # noqa: F401 - filled in by the public pages

app_name = "listings"

urlpatterns = []
