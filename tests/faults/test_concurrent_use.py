"""Several people at once on a real server: zero 5xx.

`make run` (runserver on SQLite) and production (gunicorn on PostgreSQL) each get
16 concurrent visitors mixing job pages, searches, logins and applies. Before the
fix, `make run` answered 64 of 204 such requests with a 500 "database is locked".
"""

import random
from concurrent.futures import ThreadPoolExecutor

from .demo_site import (
    RESUME_PDF,
    Visitor,
    job_id,
    job_paths,
    jobs_taking_applications_here,
    seeker_email,
)

CLIENTS = 16
ROUNDS = 6
SEARCHES = [
    "/jobs/",
    "/jobs/?q=django",
    "/jobs/?q=postgres+kafka&level=senior",
    "/jobs/?skills=python&skills=django&work_mode=remote",
    "/jobs/python-backend-developer/",
    "/",
]


def browse(visitor, jobs, rng, n):
    """A visitor reading: job pages (each view counted) and searches."""
    for _ in range(ROUNDS):
        visitor.get(rng.choice(jobs))
        visitor.get(rng.choice(SEARCHES))


def apply_to(visitor, jobs, rng, n):
    """A seeker: logs in, reads, applies to three jobs of their own with a
    resume, looks at their applications."""
    visitor.log_in(seeker_email(n))
    for job in jobs[n * 3 : n * 3 + 3]:
        visitor.get(job)
        visitor.post_form(
            f"/applications/apply/{job_id(job)}/",
            {"cover_letter": "Keen to help."},
            files={"resume": ("resume.pdf", RESUME_PDF)},
        )
        visitor.get(rng.choice(SEARCHES))
    visitor.get("/applications/")


def log_in_and_out(visitor, jobs, rng, n):
    """Someone signing in (a password check and a session write) between page views."""
    for _ in range(2):
        visitor.log_in(seeker_email(n))
        visitor.get(rng.choice(jobs))
        visitor.get("/applications/")
        visitor.post_form("/accounts/logout/", {})


def hammer(base_url):
    """16 visitors at once: four apply, four log in and out, eight browse.
    Returns the visitors, with every answer they got."""
    jobs = job_paths(base_url)
    to_apply_to = jobs_taking_applications_here(base_url, jobs, 12)
    visitors = [Visitor(base_url) for _ in range(CLIENTS)]
    roles = [apply_to] * 4 + [log_in_and_out] * 4 + [browse] * (CLIENTS - 8)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(role, visitor, to_apply_to if role is apply_to else jobs, random.Random(n), n)
            for n, (role, visitor) in enumerate(zip(roles, visitors, strict=True))
        ]
        for future in futures:
            future.result()
    return visitors


def assert_no_server_errors(visitors):
    answers = [entry for visitor in visitors for entry in visitor.statuses]
    errors = [entry for visitor in visitors for entry in visitor.server_errors()]
    assert len(answers) > 200
    assert errors == [], f"{len(errors)} of {len(answers)} answers were 5xx: {errors[:10]}"


def assert_the_applies_went_through(visitors):
    """Each of the four seekers' three applies was accepted (redirected to its receipt)."""
    applies = [
        status
        for visitor in visitors[:4]
        for status, method, path in visitor.statuses
        if method == "POST" and path.startswith("/applications/apply/")
    ]
    assert applies == [302] * 12


def test_make_run_on_sqlite_serves_sixteen_people_at_once_without_a_5xx(make_run_site):
    visitors = hammer(make_run_site)

    assert_no_server_errors(visitors)
    assert_the_applies_went_through(visitors)


def test_production_on_postgresql_serves_sixteen_people_at_once_without_a_5xx(production_site):
    visitors = hammer(production_site)

    assert_no_server_errors(visitors)
    assert_the_applies_went_through(visitors)
