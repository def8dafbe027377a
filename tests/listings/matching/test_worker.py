"""Matching through real Celery workers consuming from Redis (PostgreSQL + Redis only).

- Publishing a job enqueues its refresh after the commit; a worker computes the matches.
- A prefork worker whose pool child is killed (SIGKILL) mid-task: with acks_late and
  reject_on_worker_lost the message goes back to the queue, the task runs again, and
  the upserts leave exactly one row per (job, seeker) pair.
"""

import importlib
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection

from jobportal.celery import app as celery_app
from listings.matching import facts as matching_facts
from listings.matching import scoring
from listings.models import JobMatch
from listings.services.moderation import job_approve
from listings.tasks import job_matches_refresh_task
from tests.conftest import requires_redis
from tests.factories import JobFactory, SeekerProfileFactory, UserFactory

pytestmark = [requires_redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
SEEKERS = 40
BATCH = 5
PAUSE = 0.3  # seconds between batches: 8 batches, about 2.5 s a run


@pytest.fixture(autouse=True)
def _postgresql_with_skills():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process must share the test database")
    # Transactional tests before this one may have flushed the data migration's skills.
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)


def wait_for(condition, timeout=15, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def seekers(n):
    return [
        SeekerProfileFactory(
            user=UserFactory(seeker=True),
            skills=["python", "django", "postgresql"],
            country="DE",
            level="senior",
            open_to_matching=True,
        ).user
        for _ in range(n)
    ]


def test_publishing_a_job_gets_its_matches_from_the_worker(celery_worker, queued_tasks):
    users = seekers(3)
    job = JobFactory(pending=True, required_skills=["python", "django"], applicant_locations=["EUROPE"])

    job_approve(job=job, by=UserFactory(staff=True))

    assert wait_for(lambda: JobMatch.objects.filter(job=job).count() == 3)
    assert set(JobMatch.objects.values_list("seeker_id", flat=True)) == {user.pk for user in users}


# --- A worker killed mid-task ------------------------------------------------------------------


def database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def children_of(pid):
    """The pids whose parent is `pid` (the prefork pool's children), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.fixture
def prefork_worker(tmp_path, queued_tasks):
    """A real `celery worker --pool prefork --concurrency 1` on the test database and
    Redis, writing matches in small batches with a pause between them (its app:
    tests/listings/matching/slow_worker.py)."""
    celery_app.control.purge()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MATCHING_BATCH_SIZE": str(BATCH),
        "SLOW_MATCHING_PAUSE": str(PAUSE),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "celery"),
                "-A",
                "tests.listings.matching.slow_worker",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--queues",
                "celery",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
    try:
        assert wait_for(lambda: b" ready." in log.read_bytes(), timeout=30), log.read_text()
        yield process, log
    finally:
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if process.poll() is not None:
                break
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
        # The pool children die with their group; make sure none outlives the test.
        for child in children_of(process.pid):
            os.kill(child, signal.SIGKILL)


def test_a_worker_killed_mid_task_runs_it_again_and_leaves_one_row_per_pair(prefork_worker):
    process, log = prefork_worker
    users = seekers(SEEKERS)
    job = JobFactory(published=True, required_skills=["python", "django"], applicant_locations=["EUROPE"])
    [child] = children_of(process.pid)

    job_matches_refresh_task.delay(job.pk)
    # The first batches are committed, the task is sleeping between two of them: kill it.
    assert wait_for(lambda: JobMatch.objects.filter(job=job).count() >= BATCH, timeout=20), log.read_text()
    os.kill(child, signal.SIGKILL)
    written_before_the_kill = JobMatch.objects.filter(job=job).count()
    assert written_before_the_kill < SEEKERS

    # The message comes back (acks_late + reject_on_worker_lost) to a new pool child.
    assert wait_for(lambda: JobMatch.objects.filter(job=job).count() == SEEKERS, timeout=30), log.read_text()
    assert children_of(process.pid) != [child]
    assert "WorkerLostError" in log.read_text()

    expected = {user.pk for user in users}
    pairs = list(JobMatch.objects.filter(job=job).values_list("seeker_id", flat=True))
    assert sorted(pairs) == sorted(expected)  # every pair once: no duplicate, none missing
    # And the rows are what scoring the pairs gives.
    facts = matching_facts.job_facts_for(job)
    for match in JobMatch.objects.filter(job=job)[:3]:
        seeker = matching_facts.seeker_facts_for(match.seeker)
        assert (match.score, match.reasons) == (
            scoring.score(facts, seeker).score,
            scoring.score(facts, seeker).reasons,
        )
