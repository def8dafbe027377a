"""Site-wide request handling that keeps database faults from becoming 500s."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader

from .db import is_statement_timeout

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
RETRY_AFTER_SECONDS = 5
# A page view whose connection dropped runs again on a fresh one, this many times.
PAGE_VIEW_RETRIES = 2


def service_unavailable(*, slow=False):
    """503 with the site's page, rendered without the request: the database the
    context would read from may be what failed."""
    body = loader.get_template("503.html").render({"site_name": settings.SITE_NAME, "slow": slow})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _close_broken_connection():
    try:
        connection.close()
    except Exception:  # the connection is gone already; the next query reconnects
        logger.debug("Closing a broken database connection failed", exc_info=True)


class DatabaseFaultMiddleware:
    """A page view survives a database connection that drops under it.

    A GET or HEAD whose view fails because the connection was lost (a restarted
    or failed-over server, a terminated backend) runs again on a fresh
    connection: page views don't write, so running one twice is harmless. A
    statement cancelled by statement_timeout, or failing retries, answers 503
    with the site's page and Retry-After; so does any request whose connection
    failed while writing (it is not replayed: the user may safely resubmit, a
    service's transaction either committed or not).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if is_statement_timeout(exception):
            logger.warning("Statement timeout on %s %s", request.method, request.path)
            return service_unavailable(slow=True)
        logger.warning("Database connection failed on %s %s: %s", request.method, request.path, exception)
        _close_broken_connection()
        match = request.resolver_match
        if request.method not in SAFE_METHODS or match is None:
            return service_unavailable()
        for attempt in range(1, PAGE_VIEW_RETRIES + 1):
            try:
                return match.func(request, *match.args, **match.kwargs)
            except (OperationalError, InterfaceError) as error:
                logger.warning("Database still failing on retry %d of %s: %s", attempt, request.path, error)
                _close_broken_connection()
                if is_statement_timeout(error):
                    return service_unavailable(slow=True)
        return service_unavailable()
