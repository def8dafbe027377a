"""API benchmark: the public search at scale, on a database kept by `bench/seed.py --keep`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobportal_bench \
        .venv/bin/python bench/seed.py --jobs 100000 --keep --no-search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobportal_bench .venv/bin/python bench/api.py

Times GET /api/v1/jobs/ (the page cache off, so every request is computed) for the
first page and for the page reached after following `next` 25 times (jobs 501-520), next
to the same query on /jobs/: a cursor page costs the same wherever it is.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "",
    "q=django+postgres",
    "q=django&level=senior&work_mode=remote",
    "skills=python&skills=django&country=DE",
    "sort=salary&salary=100000",
]
DEEP = 25


def timed(function, repeat=5):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:]), result


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["API_RATE_LIMIT_PER_MINUTE"] = "0"
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from listings.models import Job

    setup_test_environment()
    client = Client()
    print(f"open jobs: {Job.objects.open().count():,}")
    print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min)")
    print("== ms: first run / median of 4 more ==")
    for query in QUERIES:
        first, median, response = timed(lambda query=query: client.get(f"/api/v1/jobs/?{query}"))
        print(f"API page 1      ?{query:<42} {first:7.1f} / {median:7.1f}   HTTP {response.status_code}")
        url = f"/api/v1/jobs/?{query}"
        for _ in range(DEEP):
            url = client.get(url).json()["next"]
            if url is None:
                break
        if url:
            first, median, response = timed(lambda url=url: client.get(url))
            label = f"API page {DEEP + 1}"
            print(f"{label:<15} ?{query:<42} {first:7.1f} / {median:7.1f}   HTTP {response.status_code}")
        first, median, response = timed(lambda query=query: client.get(f"/jobs/?{query}"))
        print(f"/jobs/ page 1   ?{query:<42} {first:7.1f} / {median:7.1f}   HTTP {response.status_code}")


if __name__ == "__main__":
    main()
