"""PostgreSQL connections terminated under load: page views keep answering.

A connection can die under the site at any moment (a failover, a restart, an
idle-connection reaper, pg_terminate_backend). Before the fix, 4 of 756 requests
answered 500 when the app's connections were terminated under load.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg

from .demo_site import Visitor, job_paths

BROWSERS = 8
ROUNDS = 16
PAGES = ["/", "/jobs/", "/jobs/?q=django+postgres", "/jobs/python-backend-developer/", "/jobs/?level=senior"]


def terminate_the_sites_connections(database_url, stop, terminated):
    """Every two seconds, terminate every other client connection to the site's
    database (a page view is retried twice, so it fails only if it outlives three
    of these rounds)."""
    with psycopg.connect(database_url, autocommit=True) as killer:
        while not stop.is_set():
            rows = killer.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchall()
            terminated.append(sum(1 for (done,) in rows if done))
            stop.wait(2)


def read_pages(visitor, jobs, n):
    for round_ in range(ROUNDS):
        visitor.get(jobs[(n * ROUNDS + round_) % len(jobs)])
        visitor.get(PAGES[(n + round_) % len(PAGES)])


def test_page_views_survive_terminated_database_connections(production_site, postgres_database_url):
    jobs = job_paths(production_site)
    visitors = [Visitor(production_site) for _ in range(BROWSERS)]
    stop, terminated = threading.Event(), []
    killer = threading.Thread(
        target=terminate_the_sites_connections, args=(postgres_database_url, stop, terminated)
    )
    killer.start()
    try:
        with ThreadPoolExecutor(max_workers=BROWSERS) as pool:
            for future in [pool.submit(read_pages, v, jobs, n) for n, v in enumerate(visitors)]:
                future.result()
    finally:
        stop.set()
        killer.join()

    answers = [entry for visitor in visitors for entry in visitor.statuses]
    errors = [entry for visitor in visitors for entry in visitor.server_errors()]
    assert sum(terminated) >= 5, "the test did not terminate connections while pages were read"
    assert len(answers) == BROWSERS * ROUNDS * 2
    assert errors == [], f"{len(errors)} of {len(answers)} page views answered 5xx: {errors[:10]}"
