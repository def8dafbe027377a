"""Absolute links: the one helper that turns a path into a full URL.

Emails are written by services and tasks, often with no request at hand (reminders,
digests), so every email link is built from SITE_URL: in production the public address,
under `make run` the address it serves on (the Makefile sets it from HOST and PORT).
A page that names itself (its canonical URL, its JSON-LD) uses the address it was
requested on.
"""

from django.conf import settings


def absolute_url(path, request=None):
    """`path` (from reverse() or get_absolute_url()) on the address `request` came to,
    or, without a request, on the site's public address."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path
