"""The employer area's API pages (under /employer/api/)."""

from django.urls import path

from api.views import employer_pages as views
from api.views import webhook_pages

app_name = "employer_api"

urlpatterns = [
    path("keys/", views.api_keys, name="keys"),
    path("keys/<int:pk>/revoke/", views.api_key_revoke_view, name="key_revoke"),
    path("webhooks/", webhook_pages.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", webhook_pages.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/delete/", webhook_pages.webhook_delete, name="webhook_delete"),
    path("deliveries/<int:pk>/resend/", webhook_pages.delivery_resend, name="delivery_resend"),
]
