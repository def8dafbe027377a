"""Counts by specialisation, in SQL both databases run.

A job is in a specialisation when it asks for any skill of it (as the search filter
says). Its (job, specialisation) pairs are made distinct once, in a CTE, and every
count is a plain GROUP BY over them: no COUNT(DISTINCT ...) over a join that repeats
a job once per skill, and no per-row subquery. The ORM can't say "FROM (SELECT
DISTINCT ...)", hence SQL here; the sample of jobs comes compiled from its queryset.
"""

from django.db import connection

from listings.models import Job, JobSkill, Skill, Specialisation

JOB_SPECIALISATIONS = """
WITH job_specialisation AS (
    SELECT DISTINCT js.job_id, s.specialisation
    FROM {job_skill} js INNER JOIN {skill} s ON s.id = js.skill_id
    WHERE s.specialisation IN ({specialisations}) AND js.job_id IN ({sample})
)
"""
PERIODS = """
    COUNT(*),
    SUM(CASE WHEN j.published_at < %s THEN 1 ELSE 0 END),
    SUM(CASE WHEN j.published_at >= %s THEN 1 ELSE 0 END)
"""
TOTALS = """
SELECT p.specialisation, {periods}
FROM job_specialisation p INNER JOIN {job} j ON j.id = p.job_id
GROUP BY p.specialisation
"""
SKILLS = """
SELECT p.specialisation, sk.slug, sk.name, {periods}
FROM job_specialisation p
INNER JOIN {job_skill} r ON r.job_id = p.job_id
INNER JOIN {skill} sk ON sk.id = r.skill_id
INNER JOIN {job} j ON j.id = p.job_id
WHERE r.is_required = %s
GROUP BY p.specialisation, sk.slug, sk.name
"""


def _run(select, jobs, window, extra_params=()):
    sample_sql, sample_params = jobs.order_by().values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    tables = {
        "job": quote(Job._meta.db_table),
        "job_skill": quote(JobSkill._meta.db_table),
        "skill": quote(Skill._meta.db_table),
    }
    specialisations = list(Specialisation.values)
    sql = JOB_SPECIALISATIONS.format(
        specialisations=", ".join(["%s"] * len(specialisations)), sample=sample_sql, **tables
    ) + select.format(periods=PERIODS, **tables)
    boundary = connection.ops.adapt_datetimefield_value(window.last_weeks_start)
    params = [*specialisations, *sample_params, boundary, boundary, *extra_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _periods(total, earlier, last):
    return {"total": total, "earlier": int(earlier or 0), "last": int(last or 0)}


def specialisation_totals(jobs, window):
    """{specialisation: {"total", "earlier", "last"}}: its jobs in the window, in the
    earlier weeks and in the last weeks."""
    return {row[0]: _periods(*row[1:]) for row in _run(TOTALS, jobs, window)}


def specialisation_skill_counts(jobs, window):
    """[(specialisation, skill slug, skill name, {"total", "earlier", "last"})]: how
    many of each specialisation's jobs require each skill."""
    return [(row[0], row[1], row[2], _periods(*row[3:])) for row in _run(SKILLS, jobs, window, [True])]
