from django.urls import path  # noqa: F401 - filled in by the employer pages

app_name = "employer"

urlpatterns = []
