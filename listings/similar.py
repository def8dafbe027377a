""" "Similar jobs" on a job page: open jobs asking for what this one asks for.

Cheap at any number of jobs: the candidates are the newest CANDIDATES open jobs that
require one of this job's required skills (PostgreSQL walks the (status, published_at)
index newest first and checks each job's skills on the (job, skill) index, stopping at
the CANDIDATES-th), and only those are ranked: most skills in common, the same level,
newest. Two queries with the cards' skills: no count over every open job. At 100,000
jobs (bench/seed.py's database) the ranking query runs in 1-10 ms, the slower end for
jobs whose telling skills are on ~2% of jobs (DynamoDB, stream processing).
"""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Value, When

from listings.models import Job, JobSkill

CANDIDATES = 100
SIMILAR_JOBS = 4
UBIQUITOUS = {"python"}


def similar_open_jobs(job, *, limit=SIMILAR_JOBS):
    """Up to `limit` open jobs like `job` (loaded with its job_skills, as for_detail_page
    does), with the card fields; listings.cards.prepare_cards reads their skills."""
    job_skills = list(job.job_skills.all())
    skill_ids = [job_skill.skill_id for job_skill in job_skills]
    required = [job_skill for job_skill in job_skills if job_skill.is_required] or job_skills
    # Python is on nearly every job here: it says nothing about which ones are alike.
    telling = [job_skill for job_skill in required if job_skill.skill.slug not in UBIQUITOUS] or required
    required_ids = [job_skill.skill_id for job_skill in telling]
    if not required_ids:
        return []
    candidates = (
        Job.objects.open()
        .exclude(pk=job.pk)
        .filter(
            Exists(JobSkill.objects.filter(job=OuterRef("pk"), skill_id__in=required_ids, is_required=True))
        )
        .order_by("-published_at")
        .values("pk")[:CANDIDATES]
    )
    shared = (
        JobSkill.objects.filter(job=OuterRef("pk"), skill_id__in=skill_ids)
        .order_by()
        .values("job")
        .annotate(count=Count("pk"))
        .values("count")
    )
    same_level = Case(When(level=job.level, then=Value(1)), default=Value(0), output_field=IntegerField())
    return list(
        Job.objects.filter(pk__in=Subquery(candidates))
        .for_cards()
        .annotate(shared_skills=Subquery(shared, output_field=IntegerField()), same_level=same_level)
        .order_by("-shared_skills", "-same_level", "-published_at", "-pk")[:limit]
    )
