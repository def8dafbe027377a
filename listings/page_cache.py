"""Whole pages for visitors who aren't signed in, from the cache.

Search pages, role pages, their feeds, the home page, company pages and the sitemap
are the same for every visitor without a session: the first one renders the page,
the next ones within PAGE_CACHE_SECONDS get it from the cache. A page is stored
under the "public pages version", which every change people could see on those
pages moves (a job published, edited, closed, reopened or expired, a company or a
role edited: public_pages_changed(), called after the commit), so nobody is served
a page from before a change they could notice; the date is in the key too, since a
job closes at midnight without a write.

Never cached: anyone with a session or a flash message (signed in, or just signed
out), anything but GET/HEAD and 200, and a response that sets a cookie. Pages keep
their `Vary` headers, and the key has the htmx headers in it, so the page and its
htmx fragment are stored apart.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language", "X-Robots-Tag", "Last-Modified")
MAX_KEY_QUERY = 1000


def public_pages_changed():
    """Pages cached before now are out of date (call inside the change's transaction:
    the version moves after the commit, so no page can be stored under the new
    version with the old data)."""
    transaction.on_commit(_bump_version)


def pages_of_previous_release_expire():
    """After a deploy (migrate runs): no page keeps the old release's markup."""
    try:
        _bump_version()
    except Exception:  # migrate must not fail because the cache is down
        logger.warning("The cached public pages could not be expired", exc_info=True)


def _bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a new one, unlike any before
        cache.set(VERSION_KEY, _fresh_version(), None)


def _fresh_version():
    return int(time.time() * 1000)


def public_pages_version():
    """What every cached public page and count is stored under (it moves after each change)."""
    return _version()


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
        cache.add(VERSION_KEY, version, None)
    return version


def _for_visitors(request, seconds):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and seconds > 0
    )


def _key(request, version):
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))[:MAX_KEY_QUERY]
    htmx = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-History-Restore-Request', '')}"
    return f"page:{version}:{timezone.localdate().isoformat()}:{htmx}:{request.path}?{query}"


def cached_for_visitors(view=None, *, on_hit=None):
    """Serve the view's page from the cache to visitors without a session, until
    the public pages version moves or PAGE_CACHE_SECONDS pass. `on_hit(request,
    *args, **kwargs)` runs when a kept page is served (a job page counts its view)."""
    if view is None:
        return lambda view: cached_for_visitors(view, on_hit=on_hit)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if not _for_visitors(request, seconds):
            return view(request, *args, **kwargs)
        key = _key(request, _version())
        response = _cached_response(key, seconds, view, request, *args, **kwargs)
        if on_hit is not None and getattr(response, "from_page_cache", False):
            on_hit(request, *args, **kwargs)
        return response

    return wrapped


def cached_for_crawlers(view):
    """Serve the view's page from the cache to visitors without a session for
    SITEMAP_CACHE_SECONDS, whatever changes meanwhile: for sitemaps, which crawlers
    read every few hours, and which on a busy board would otherwise be rebuilt (10,000
    URLs a section) after every publication."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.SITEMAP_CACHE_SECONDS
        if not _for_visitors(request, seconds):
            return view(request, *args, **kwargs)
        return _cached_response(_key(request, "crawlers"), seconds, view, request, *args, **kwargs)

    return wrapped


def _cached_response(key, seconds, view, request, *args, **kwargs):
    stored = cache.get(key)
    if stored is not None:
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        # As on the page first rendered, where the session was looked at.
        patch_vary_headers(response, ["Cookie"])
        response.from_page_cache = True
        return response
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
        cache.set(key, (200, headers, response.content), seconds)
    return response
