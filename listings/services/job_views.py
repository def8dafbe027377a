"""Job page views: counted in memory per process, written in batches
(listings.view_counter explains why)."""

import logging
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from listings.models import Job, JobViewDay
from listings.view_counter import pending_views

logger = logging.getLogger(__name__)


def job_record_view(*, job_id, now=None):
    """Count one public view of a job's page. Nothing is written for the view
    itself: this process's views go to the database together, at most every
    JOB_VIEWS_FLUSH_SECONDS (listings.view_counter explains why)."""
    now = now or timezone.now()
    pending_views.add(job_id, now.date())
    batch = pending_views.take(older_than=settings.JOB_VIEWS_FLUSH_SECONDS)
    if batch:
        _job_views_write(batch)


def job_views_flush():
    """Write every view this process counted and has not written yet."""
    batch = pending_views.take()
    if batch:
        _job_views_write(batch)


def _values(rows):
    """A VALUES list of placeholders for `rows` of equal length, and the flat params."""
    row = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    return ", ".join([row] * len(rows)), [value for values in rows for value in values]


def _job_views_write(batch):
    """Add a batch of {(job id, day): views} to JobViewDay and Job.view_count, in
    one short transaction. A database that refuses it costs the page nothing: the
    views are kept for the next batch."""
    per_day = [(job_id, day, views) for (job_id, day), views in batch.items()]
    totals = Counter()
    for job_id, _day, views in per_day:
        totals[job_id] += views
    days, jobs = JobViewDay._meta.db_table, Job._meta.db_table
    day_values, day_params = _values(per_day)
    total_values, total_params = _values(list(totals.items()))
    # VALUES columns are named column1, column2... on both SQLite and PostgreSQL.
    # Only jobs that still exist (one deleted since its view would fail the batch);
    # that WHERE also tells SQLite's parser the ON CONFLICT is the upsert's.
    add_days = (
        f"INSERT INTO {days} (job_id, day, views) "  # noqa: S608 - table names are ours
        f"SELECT v.column1, v.column2, v.column3 FROM (VALUES {day_values}) AS v "
        f"WHERE v.column1 IN (SELECT id FROM {jobs}) "
        f"ON CONFLICT (job_id, day) DO UPDATE SET views = {days}.views + excluded.views"
    )
    add_totals = (
        f"UPDATE {jobs} SET view_count = view_count + v.column2 "  # noqa: S608
        f"FROM (VALUES {total_values}) AS v WHERE {jobs}.id = v.column1"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(add_days, day_params)
            cursor.execute(add_totals, total_params)
    except DatabaseError:
        logger.warning("Could not write %d job views; keeping them for the next batch", sum(totals.values()))
        pending_views.give_back(batch)
