"""Absolute links for emails: the site's public address (settings.SITE_URL) and a path.

Emails are written by services and tasks, often with no request at hand (reminders,
digests), so every email link is built from SITE_URL: in production the public address,
under `make run` the address it serves on (the Makefile sets it from HOST and PORT).
"""

from django.conf import settings


def absolute_url(path):
    """`path` (from reverse() or get_absolute_url()) on the site's public address."""
    return settings.SITE_URL + path
