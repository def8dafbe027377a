"""What every API response goes through: a per-address rate limit, the page cache,
ETag / Last-Modified with 304s.

The order of the wrappers matters: the rate limit counts every request (a cached
answer too), and the ETag is computed from the content whether it came from the
cache or from the view, so a polling client gets a 304 either way.
"""

import time
from functools import wraps

from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import conditional_page

from listings.page_cache import cached_for_visitors

RATE_WINDOW_SECONDS = 60
# Shared caches may keep public answers this long; the page cache is moved on every change.
PUBLIC_MAX_AGE = 60


def too_many_requests(retry_after):
    response = JsonResponse(
        {"detail": f"Too many requests from this address: try again in {retry_after} seconds."},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit_exceeded(request, *, now=None):
    """Count the request against its address's limit for the current minute; the seconds
    to wait when it is over, else 0.

    A fixed window (one counter per address and minute, one cache round trip) rather
    than allauth's history of timestamps: an API client may send thousands a minute.
    The address is allauth's (get_ip), which honours TRUSTED_PROXY_COUNT like the
    login limits."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return 0
    now = time.time() if now is None else now
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"api-rate:{get_ip(request)}:{window}"
    try:
        cache.add(key, 0, RATE_WINDOW_SECONDS + 5)
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * RATE_WINDOW_SECONDS - now + 0.999))


def rate_limited(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        wait = rate_limit_exceeded(request)
        if wait:
            return too_many_requests(wait)
        return view(request, *args, **kwargs)

    return wrapped


def set_last_modified(response, moments):
    """Last-Modified from the latest of `moments` (datetimes; None ignored)."""
    moments = [moment for moment in moments if moment is not None]
    if moments:
        response["Last-Modified"] = http_date(max(moments).timestamp())
    return response


def public_endpoint(view):
    """A public (no credentials) API view: rate limited, cached like the pages,
    answered with 304 when the client has it already."""
    cached = cached_for_visitors(view)

    @wraps(view)
    def with_cache_control(request, *args, **kwargs):
        response = cached(request, *args, **kwargs)
        if response.status_code in (200, 410) and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return rate_limited(conditional_page(with_cache_control))
