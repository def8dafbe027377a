"""Database behaviour that depends on the kind of process: a web request must not
run a statement for a minute, a Celery task may run longer."""

from django.conf import settings
from django.db import DatabaseError
from django.db.backends.signals import connection_created

try:
    from psycopg.errors import QueryCanceled
except ImportError:  # psycopg is only needed with PostgreSQL
    QueryCanceled = None


def limit_statement_time(milliseconds, parallel_workers=None, random_page_cost=None):
    """From now on, every new PostgreSQL connection of this process cancels a
    statement that runs longer than `milliseconds` (0: no limit), and, if given,
    plans at most `parallel_workers` parallel workers per query and with this
    `random_page_cost`. Web processes call it with WEB_STATEMENT_TIMEOUT_MS,
    WEB_PARALLEL_WORKERS and WEB_RANDOM_PAGE_COST (jobportal/wsgi.py), workers with
    WORKER_STATEMENT_TIMEOUT_MS (jobportal/celery.py)."""
    planner = {"statement_timeout": f"{milliseconds}ms"}
    if parallel_workers is not None:
        planner["max_parallel_workers_per_gather"] = str(parallel_workers)
    if random_page_cost is not None:
        planner["random_page_cost"] = str(random_page_cost)

    def set_statement_timeout(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # set_config takes bound parameters; SET does not. One round trip.
                pairs = ", ".join("set_config(%s, %s, false)" for _ in planner)
                cursor.execute(f"SELECT {pairs}", [value for pair in planner.items() for value in pair])

    # The last call wins (a test worker in a web process, a test's own limit).
    connection_created.disconnect(dispatch_uid="statement-timeout")
    connection_created.connect(set_statement_timeout, weak=False, dispatch_uid="statement-timeout")
    return set_statement_timeout


def limit_web_statement_time():
    return limit_statement_time(
        settings.WEB_STATEMENT_TIMEOUT_MS, settings.WEB_PARALLEL_WORKERS, settings.WEB_RANDOM_PAGE_COST
    )


def is_statement_timeout(error):
    """True when PostgreSQL cancelled the statement (statement_timeout fired)."""
    return (
        QueryCanceled is not None
        and isinstance(error, DatabaseError)
        and isinstance(error.__cause__, QueryCanceled)
    )
