"""System checks for settings a production deployment must not leave out."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Emails written by Celery workers (reminders, digests, moderation decisions) have
    no request to take the address from: without SITE_URL they link to 127.0.0.1."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: emails sent by background tasks would link to http://127.0.0.1:8000.",
            hint="Set SITE_URL to the site's public address, e.g. https://jobs.example.com.",
            id="jobportal.W001",
        )
    ]
