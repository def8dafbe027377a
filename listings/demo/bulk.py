"""Fast inserts for big demo and benchmark databases: COPY instead of bulk_create on
PostgreSQL, and the search vectors filled on a second connection."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

from django.db import DEFAULT_DB_ALIAS, connection, connections

from listings.markdown import markdown_derivatives
from listings.services.jobs import jobs_refresh_search_vectors


def bulk_insert(model, objs, *, set_pks=True):
    """bulk_create(), or on PostgreSQL a COPY that does the same for a fraction of the time.

    bulk_create() can't use its fast UNNEST insert for a table with a tsvector column, and
    assembling a VALUES list of 37 columns by 2,500 rows is then most of the seeding time.
    The values are converted exactly as bulk_create() converts them (pre_save, then
    get_db_prep_save). With set_pks, primary keys are drawn from the table's sequence
    first and set on the objects; otherwise the database numbers the rows.
    """
    if connection.vendor != "postgresql" or not objs:
        return model.objects.bulk_create(objs)
    from psycopg import sql as psycopg_sql

    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key and not f.generated]
    columns = [opts.pk, *fields] if set_pks else fields
    statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg_sql.Identifier(opts.db_table),
        psycopg_sql.SQL(", ").join(psycopg_sql.Identifier(f.column) for f in columns),
    )
    with db.cursor() as cursor:
        if set_pks:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                values = [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]
                copy.write_row([obj.pk, *values] if set_pks else values)
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias
    return objs


class SearchVectorRefresher:
    """Fills the jobs' search vectors, in line or on a second database connection.

    On PostgreSQL, to_tsvector over every description is the slowest part of a big seed;
    in the background it runs on the database's core while Python builds the next batch.
    The background connection only sees committed rows, so refresh after each commit.
    """

    def __init__(self, *, background):
        self.background = background
        self.executor = ThreadPoolExecutor(max_workers=1) if background else None
        self.pending = []

    def refresh(self, job_ids):
        if self.executor is None:
            jobs_refresh_search_vectors(job_ids)
        else:
            self.pending.append(self.executor.submit(jobs_refresh_search_vectors, job_ids))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.executor is None:
            return
        try:
            if exc_type is None:
                for future in self.pending:
                    future.result()  # re-raises a failure of the background refresh
        finally:
            for future in self.pending:
                future.cancel()
            # Django connections are per thread: close the worker's before it ends.
            self.executor.submit(connections.close_all).result()
            self.executor.shutdown()


class DescriptionRenderer:
    """Sets each job's description HTML and text (Job.derive_description), in line or,
    for a big seed, in a pool of processes: Markdown costs ~3 ms a job, more than
    building the job, and every core can take a share."""

    def __init__(self, *, parallel):
        # forkserver: the seeder runs a thread (SearchVectorRefresher), and a plain
        # fork of a threaded process may copy a held lock.
        self.pool = multiprocessing.get_context("forkserver").Pool() if parallel else None

    def derive(self, jobs):
        if self.pool is None:
            for job in jobs:
                job.derive_description()
            return
        derived = self.pool.map(markdown_derivatives, [job.description for job in jobs], chunksize=64)
        for job, (html, text) in zip(jobs, derived, strict=True):
            job.description_html, job.description_text = html, text

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
