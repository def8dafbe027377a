"""Site-wide middleware guarding requests and responses."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control


class RequestBodyLimitMiddleware:
    """Answer 413 (our page) to a body declared larger than MAX_REQUEST_BODY_BYTES, unread.

    Without it Django reads and spools a 50 MB upload before the form finds it is
    over 5 MB. The check runs before any view middleware: CSRF reads the form in
    its process_view, which comes after every middleware's request phase. Under
    WSGI Django never reads past the declared Content-Length, so checking the
    declaration is enough (a body without one is not read at all).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BODY_BYTES:
            return render(request, "413.html", status=413)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user that sets none.

    Their pages (applications, pipeline, profile, dashboard...) must stay out of
    shared caches and off a shared computer's disk. Responses that choose their own
    (resume downloads, healthz) keep them, and anonymous responses get nothing, so
    public pages stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and self._signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _signed_in(request):
        session = getattr(request, "session", None)
        if session is None:
            return False
        # Without a session cookie, and with no login during this request (which
        # would have used the session), nobody is signed in: don't load the session,
        # which would add "Vary: Cookie" to a response that never looked at it.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not session.accessed:
            return False
        return request.user.is_authenticated
