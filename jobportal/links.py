"""Absolute links: the one helper that turns a path into a full URL.

Emails are written by services and tasks, so their links are built from the site's
address (site_url): SITE_URL when it is set (production's public address; `make run`
sets it from HOST and PORT); otherwise the address of the request that caused the
email, if it came to a host named in ALLOWED_HOSTS; otherwise DEFAULT_SITE_URL. A page
that names itself (its canonical URL, its JSON-LD) uses the address it was requested on.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
# What DEBUG accepts without ALLOWED_HOSTS naming it (django.http.request).
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}

_current_request = ContextVar("current_request", default=None)


def absolute_url(path, request=None):
    """`path` (from reverse() or get_absolute_url()) on the address `request` came to,
    or, without a request, on the site's address (site_url)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path


def site_url():
    """The scheme and host links in emails use, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    return _request_origin(_current_request.get()) or DEFAULT_SITE_URL


def _request_origin(request):
    """The request's scheme and host, if the host is one the site names itself: an exact
    entry of ALLOWED_HOSTS, never one a wildcard ("*", ".example.com") let in, so a
    forged Host header can't put its address into an email sent to someone else."""
    if request is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    domain, _port = split_domain_port(host)
    named = {allowed.lower() for allowed in settings.ALLOWED_HOSTS}
    if domain not in named and not (settings.DEBUG and domain in LOCAL_HOSTS):
        return None
    return f"{request.scheme}://{host}"


class CurrentRequestMiddleware:
    """Lets site_url() see the request a service runs in, without passing it down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
