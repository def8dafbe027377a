"""Who may see a page: the decorators and helpers every app uses for signed-in pages,
and the one check of a `next` address.

Employers' pages have their own decorator, next to the company they need:
listings.access.employer_required.
"""

from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect


def safe_next(request, default=""):
    """The `next` the request names (POST or query string) if it stays on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


def login_redirect(request, default_next=None):
    """Send an anonymous visitor to log in and come back.

    A GET comes back to itself. A POST can't be replayed, so it comes back to
    the `next` it carries, the page htmx was on, or `default_next`. An htmx
    request gets HX-Redirect: the whole page goes to the login form, never a
    login form inside a fragment.
    """
    if request.method in ("GET", "HEAD"):
        target = request.get_full_path()
    else:
        current = request.headers.get("HX-Current-URL", "") if request.htmx else ""
        if current and url_has_allowed_host_and_scheme(
            current, {request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(current)
            current = urlunsplit(("", "", parts.path, parts.query, ""))
        else:
            current = ""
        target = safe_next(request) or current or default_next or reverse("home")
    if request.htmx:
        return HttpResponseClientRedirect(redirect_to_login(target).url)
    return redirect_to_login(target)


def seeker_required(view=None, *, default_next=None):
    """Signed in with a job seeker account; anyone else is told these pages are for seekers.

    `default_next` (a URL name or a callable of the view's kwargs) is where an
    anonymous POST returns after logging in when the request doesn't say.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                fallback = default_next(**kwargs) if callable(default_next) else default_next
                return login_redirect(request, resolve_url(fallback) if fallback else None)
            if not request.user.is_seeker:
                return render(request, "accounts/profile_seekers_only.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def signed_in(view=None, *, default_next=None):
    """Any signed-in account; anonymous visitors log in and come back (login_redirect,
    with `default_next`, a URL name, for a POST that doesn't say where). Saved searches
    use it: seekers mostly, but an employer watching the market gets the same public jobs."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return login_redirect(request, resolve_url(default_next) if default_next else None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator
