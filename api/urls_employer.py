"""The employer area's API pages (under /employer/api/)."""

from django.urls import path

from api.views import employer_pages as views

app_name = "employer_api"

urlpatterns = [
    path("keys/", views.api_keys, name="keys"),
    path("keys/<int:pk>/revoke/", views.api_key_revoke_view, name="key_revoke"),
]
