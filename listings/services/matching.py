"""Matching: keeping the JobMatch rows in step with jobs and profiles.

listings.matching scores (job, seeker) pairs; these services store them. Every seeker
with an active account and a profile gets rows (they drive their own "Recommended for
you"); what employers see is limited to opted-in seekers by
JobMatchQuerySet.suggested_candidates_for.
"""

import json
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from listings.matching import facts, readers
from listings.models import Job, JobMatch


def _tasks():
    """listings.tasks, imported when first needed: the tasks module imports the services."""
    from listings import tasks

    return tasks


def _matches_store(*, stored, key_field, matches, pair):
    """Upsert the matches whose score or reasons changed; delete the stored pairs that
    no longer match.

    `stored` is the queryset of the rows in scope (one job's, or one seeker's), keyed
    by `key_field` (the other side's id); `matches` is {key: Match}; `pair(key)` gives
    (job_id, seeker_id). Batches commit one by one (short locks, no huge transaction);
    the upsert on (job, seeker) means a re-run after a crash, even halfway, ends with
    exactly one row per pair. Returns the counts.
    """
    now = timezone.now()
    size = settings.MATCHING_BATCH_SIZE
    keys = sorted(matches)
    if connection.vendor == "postgresql":
        # PostgreSQL compares in the upsert itself: no stored reasons come back to Python.
        existing = set(stored.values_list(key_field, flat=True))
        batches = [keys[start : start + size] for start in range(0, len(keys), size)]
        upsert = _matches_upsert_copy
    else:
        stored_rows = stored.values_list(key_field, "score", "reasons")
        existing = {key: (score, reasons) for key, score, reasons in stored_rows}
        changed = [key for key in keys if existing.get(key) != (matches[key].score, matches[key].reasons)]
        batches = [changed[start : start + size] for start in range(0, len(changed), size)]
        upsert = _matches_upsert_bulk_create
    written = 0
    for batch in batches:
        with transaction.atomic():
            written += upsert([(*pair(key), matches[key]) for key in batch], now)
    gone = sorted(set(existing) - matches.keys())
    deleted = 0
    for start in range(0, len(gone), size):
        deleted += stored.filter(**{f"{key_field}__in": gone[start : start + size]}).delete()[0]
    return {"matches": len(matches), "written": written, "deleted": deleted}


def _matches_upsert_bulk_create(rows, now):
    JobMatch.objects.bulk_create(
        [
            JobMatch(
                job_id=job_id, seeker_id=seeker_id, score=match.score, reasons=match.reasons, computed_at=now
            )
            for job_id, seeker_id, match in rows
        ],
        update_conflicts=True,
        unique_fields=["job", "seeker"],
        update_fields=["score", "reasons", "computed_at"],
    )
    return len(rows)


def _matches_upsert_copy(rows, now):
    """PostgreSQL: COPY the rows into temporary tables, then one INSERT … ON CONFLICT
    that rewrites a stored row only when its score or reasons differ. Returns how many
    rows were inserted or changed.

    Pairs with the same facts share one reasons list (listings.matching scores each
    combination once), so each distinct list is sent once and joined in by number:
    a third of the bytes for a job matching many seekers.
    """
    from psycopg import sql as psycopg_sql  # PostgreSQL only: psycopg is not needed on SQLite

    numbers = {}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE jobmatch_reasons (n integer, reasons jsonb) ON COMMIT DROP")
        cursor.execute(
            "CREATE TEMPORARY TABLE jobmatch_incoming "
            "(job_id bigint, seeker_id bigint, score smallint, n integer) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY jobmatch_reasons (n, reasons) FROM STDIN") as copy:
            for _, _, match in rows:
                if id(match.reasons) not in numbers:
                    numbers[id(match.reasons)] = len(numbers)
                    copy.write_row((len(numbers) - 1, json.dumps(match.reasons)))
        with cursor.cursor.copy("COPY jobmatch_incoming (job_id, seeker_id, score, n) FROM STDIN") as copy:
            for job_id, seeker_id, match in rows:
                copy.write_row((job_id, seeker_id, match.score, numbers[id(match.reasons)]))
        cursor.execute(
            psycopg_sql.SQL(
                "INSERT INTO {table} (job_id, seeker_id, score, reasons, computed_at) "
                "SELECT i.job_id, i.seeker_id, i.score, r.reasons, %s "
                "FROM jobmatch_incoming i JOIN jobmatch_reasons r ON r.n = i.n "
                "ON CONFLICT (job_id, seeker_id) DO UPDATE SET score = EXCLUDED.score, "
                "reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at "
                "WHERE {table}.score IS DISTINCT FROM EXCLUDED.score "
                "OR {table}.reasons IS DISTINCT FROM EXCLUDED.reasons"
            ).format(table=psycopg_sql.Identifier(JobMatch._meta.db_table)),
            [now],
        )
        written = cursor.rowcount
        # Dropped now, not only at commit: the caller may be inside a longer transaction.
        cursor.execute("DROP TABLE jobmatch_incoming, jobmatch_reasons")
    return written


def job_matches_refresh(*, job):
    """Score one job against every seeker and store the pairs reaching the threshold.

    A job that is not open loses its rows instead. Set-based: one aggregate query
    finds the seekers who can reach the threshold, Python scores them, the changed
    rows are upserted in batches. Idempotent: a re-run writes nothing.
    """
    job = Job.objects.filter(pk=job.pk).first()
    if job is None:
        return {"matches": 0, "written": 0, "deleted": 0}
    if not job.is_open:
        deleted = job_matches_delete([job.pk])
        return {"matches": 0, "written": 0, "deleted": deleted}
    matches = readers.score_job_against_seekers(facts.job_facts_for(job))
    return _matches_store(
        stored=JobMatch.objects.filter(job=job),
        key_field="seeker_id",
        matches=matches,
        pair=lambda seeker_id: (job.pk, seeker_id),
    )


def seeker_matches_refresh(*, user):
    """Score one seeker's profile against every open job and store the pairs reaching
    the threshold; a deactivated account or one without a profile loses its rows."""
    seeker = facts.seeker_facts_for(user)
    if seeker is None:
        deleted, _ = JobMatch.objects.filter(seeker=user).delete()
        return {"matches": 0, "written": 0, "deleted": deleted}
    return _matches_store(
        stored=JobMatch.objects.filter(seeker=user),
        key_field="job_id",
        matches=readers.score_seeker_against_jobs(seeker),
        pair=lambda job_id: (job_id, user.pk),
    )


def matches_prune(*, now=None):
    """Delete the rows of jobs no longer open and of seekers no longer matchable. Returns how many."""
    now = now or timezone.now()
    jobs_gone, _ = JobMatch.objects.exclude(job__in=Job.objects.open(now=now).values("pk")).delete()
    seekers_gone, _ = JobMatch.objects.exclude(
        seeker__in=facts.matchable_profiles().values("user_id")
    ).delete()
    return jobs_gone + seekers_gone


def matches_refresh_all(*, since=None, enqueue=False, now=None):
    """The safety net: prune, then recompute.

    `since=None` recomputes every open job against every seeker (after changing the
    weights; affordable on small sites). With `since`, only what changed since then:
    jobs published or edited, and profiles saved — which is what an enqueue lost while
    the broker was down can have missed (the nightly task passes the last 26 hours).
    `enqueue=True` hands each job and profile to its own task instead of computing here.
    """
    now = now or timezone.now()
    pruned = matches_prune(now=now)
    jobs = Job.objects.open(now=now)
    seekers = facts.matchable_profiles().none()
    if since is not None:
        jobs = jobs.filter(Q(published_at__gte=since) | Q(updated_at__gte=since))
        seekers = facts.matchable_profiles().filter(updated_at__gte=since)
    job_ids = list(jobs.order_by("pk").values_list("pk", flat=True))
    seeker_ids = list(seekers.order_by("user_id").values_list("user_id", flat=True))
    for job_id in job_ids:
        if enqueue:
            _tasks().job_matches_refresh_task.delay(job_id)
        else:
            job_matches_refresh(job=Job(pk=job_id))
    for user_id in seeker_ids:
        if enqueue:
            _tasks().seeker_matches_refresh_task.delay(user_id)
        else:
            seeker_matches_refresh(user=get_user_model()(pk=user_id))
    return {"pruned": pruned, "jobs": len(job_ids), "seekers": len(seeker_ids)}


def job_matches_delete(job_ids):
    """Delete the rows of these jobs (closed, expired, or sent back to review)."""
    deleted, _ = JobMatch.objects.filter(job_id__in=job_ids).delete()
    return deleted


def job_matches_refresh_on_commit(job):
    """Enqueue the job's matching after the commit (published, or edited while live)."""
    # robust: a broker outage must not fail the publish; the nightly run catches up.
    transaction.on_commit(partial(_tasks().job_matches_refresh_task.delay, job.pk), robust=True)
