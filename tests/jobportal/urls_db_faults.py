"""Views that meet database faults, for tests/jobportal/test_database_faults.py."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from jobportal.urls import urlpatterns
from listings.models import Company

calls = []


def _count_companies():
    return HttpResponse(f"{Company.objects.count()} companies")


@csrf_exempt
def drops_its_connection_once(request):
    """The first call loses its connection mid-view, as when a server restarts."""
    calls.append(request.method)
    if len(calls) == 1:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        raise OperationalError("server closed the connection unexpectedly")
    return _count_companies()


def always_fails(request):
    calls.append(request.method)
    raise OperationalError("could not connect to server: Connection refused")


def sleeps_in_sql(request):
    calls.append(request.method)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return _count_companies()


urlpatterns = [
    *urlpatterns,
    path("faults/drop-once/", drops_its_connection_once),
    path("faults/always/", always_fails),
    path("faults/slow/", sleeps_in_sql),
]
