"""The tuned bulk reads of matching: the pairs worth scoring, one job against every
seeker and one seeker against every open job, each in one aggregate query (see the
package's docstring), and their scores."""

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import SeekerProfile
from listings.models import ApplicantLocation, Job, JobSkill, Skill
from listings.regions import REGIONS, location_codes_admitting

from .facts import matchable_profiles
from .scoring import (
    OTHER_FACTORS_MAX,
    THRESHOLD,
    WEIGHTS,
    JobFacts,
    SeekerFacts,
    desired_yearly_usd,
    salary_band,
    score,
    wanted_modes,
)

# --- In bulk: one job against every seeker, one seeker against every job ------------


def _ids(text):
    return frozenset(int(pk) for pk in text.split(",")) if text else frozenset()


def _admitted_countries(codes):
    """The countries whose residents a remote job admits; None means everyone."""
    if "WORLDWIDE" in codes:
        return None
    admitted = set()
    for code in codes:
        admitted.update(REGIONS[code][1] if code in REGIONS else [code])
    return admitted


def _seeker_location_gate(job):
    """SQL for the seekers who may take the job where it is (or whose country is unknown)."""
    if job.work_mode == Job.WorkMode.REMOTE:
        admitted = _admitted_countries(job.location_codes)
        return Q() if admitted is None else Q(country__in=sorted(admitted)) | Q(country="")
    if not job.country:
        return Q()
    here = Q(country=job.country) | Q(country="")
    if job.relocation_help:
        # Elsewhere, only who would work on site or hybrid there (or named no mode) moves for it.
        any_mode = Q(wants_remote=False, wants_hybrid=False, wants_onsite=False)
        wants_mode = Q(**{f"wants_{job.work_mode}": True})
        return here | any_mode | wants_mode
    return here


def seekers_for_job(job):
    """SeekerFacts of every matchable seeker who may reach the threshold for the job
    (JobFacts): one aggregate query; `skill_ids` holds only the job's skills they have."""
    return [
        SeekerFacts(
            user_id=user_id,
            level=level,
            years=years,
            country=country,
            modes=wanted_modes(remote, hybrid, onsite),
            desired_usd=desired_yearly_usd(desired, currency),
            skill_ids=_ids(skills),
        )
        for user_id, level, years, country, remote, hybrid, onsite, desired, currency, skills in _seeker_rows(
            job
        )
    ]


def _seeker_rows(job):
    """The rows behind seekers_for_job: (user_id, level, years, country, wants_remote,
    wants_hybrid, wants_onsite, desired_salary, desired_currency, "skill,ids")."""
    required_ids = [pk for pk, _ in job.required]
    nice_ids = [pk for pk, _ in job.nice]
    if not required_ids:
        return []
    rt, nt = len(required_ids), len(nice_ids)
    need = THRESHOLD - OTHER_FACTORS_MAX
    Through = SeekerProfile.skills.through
    profiles = matchable_profiles().filter(_seeker_location_gate(job))
    if nt:
        bound = F("required_have") * (WEIGHTS["required_skills"] * nt) + F("nice_have") * (
            WEIGHTS["nice_skills"] * rt
        )
        bound_min = need * rt * nt
    else:
        bound = F("required_have") * (WEIGHTS["required_skills"] + WEIGHTS["nice_skills"])
        bound_min = need * rt
    return (
        Through.objects.filter(skill_id__in=required_ids + nice_ids, seekerprofile__in=profiles)
        .values("seekerprofile_id")
        .annotate(
            required_have=Count("pk", filter=Q(skill_id__in=required_ids)),
            nice_have=Count("pk", filter=Q(skill_id__in=nice_ids)) if nt else Value(0),
            # Ordered where the database can: seekers with the same skills then get the
            # same string, and share a score (see the memo in score_job_against_seekers).
            skills=StringAgg(
                Cast("skill_id", CharField()),
                Value(","),
                order_by="skill_id" if connection.features.supports_aggregate_order_by_clause else None,
            ),
        )
        .annotate(bound=bound)
        .filter(required_have__gte=1, bound__gte=bound_min)
        .values_list(
            "seekerprofile__user_id",
            "seekerprofile__level",
            "seekerprofile__years_experience",
            "seekerprofile__country",
            "seekerprofile__wants_remote",
            "seekerprofile__wants_hybrid",
            "seekerprofile__wants_onsite",
            "seekerprofile__desired_salary",
            "seekerprofile__desired_currency",
            "skills",
        )
        .order_by()
    )


def _job_rows(seeker, now):
    """The rows behind jobs_for_seeker (a queryset): (job_id, level, open_to_juniors,
    work_mode, country, relocation_help, salary_min_usd, salary_max_usd, "required,ids",
    "nice,ids") of the open jobs the seeker may take and whose skills can reach the threshold."""
    skill_ids = sorted(seeker.skill_ids)
    # Conditions on the job through the join (not `job__in=<subquery>`, which made
    # PostgreSQL scan the jobs twice): open, and where the seeker may take it.
    job_open = Q(job__status=Job.Status.PUBLISHED, job__closing_date__gte=timezone.localdate(now))
    job_where = Q()
    if seeker.country:
        admits = Exists(
            ApplicantLocation.objects.filter(
                job=OuterRef("job_id"), code__in=location_codes_admitting(seeker.country)
            )
        )
        job_where = (Q(job__work_mode=Job.WorkMode.REMOTE) & admits) | (
            ~Q(job__work_mode=Job.WorkMode.REMOTE)
            & (Q(job__country=seeker.country) | _relocation_for(seeker) | Q(job__country=""))
        )
    need = THRESHOLD - OTHER_FACTORS_MAX
    required, nice = Q(is_required=True), Q(is_required=False)
    return (
        JobSkill.objects.filter(job_open, job_where)
        .values("job_id")
        .annotate(
            rt=Count("pk", filter=required),
            rh=Count("pk", filter=required & Q(skill_id__in=skill_ids)),
            nt=Count("pk", filter=nice),
            nh=Count("pk", filter=nice & Q(skill_id__in=skill_ids)),
            required_ids=StringAgg(Cast("skill_id", CharField()), Value(","), filter=required),
            nice_ids=StringAgg(Cast("skill_id", CharField()), Value(","), filter=nice),
        )
        # The skills alone can reach the threshold with every other factor perfect:
        # 50·rh/rt + 10·nh/nt ≥ need, times rt·nt to stay in integers; a job with no
        # nice-to-have skills (nt = 0) counts 60·rh/rt instead.
        .annotate(
            bound=F("rh") * F("nt") * WEIGHTS["required_skills"]
            + F("nh") * F("rt") * WEIGHTS["nice_skills"]
            + F("rh") * _is_zero("nt") * (WEIGHTS["required_skills"] + WEIGHTS["nice_skills"]),
            bound_min=F("rt") * F("nt") * need + F("rt") * _is_zero("nt") * need,
        )
        .filter(rh__gte=1, bound__gte=F("bound_min"))
        .values_list(
            "job_id",
            "job__level",
            "job__open_to_juniors",
            "job__work_mode",
            "job__country",
            "job__relocation_help",
            "job__salary_min_usd",
            "job__salary_max_usd",
            "required_ids",
            "nice_ids",
        )
        .order_by()
    )


def _relocation_for(seeker):
    """Jobs elsewhere the seeker may move for: with relocation help, in a mode they want."""
    moves = Q(job__relocation_help=True)
    return moves & Q(job__work_mode__in=sorted(seeker.modes)) if seeker.modes else moves


def jobs_for_seeker(seeker, *, now=None):
    """JobFacts of every open job the seeker (SeekerFacts with all their skills) may reach
    the threshold for: one aggregate query over the jobs' skills, plus the skill names."""
    if not seeker.skill_ids:
        return []
    now = now or timezone.now()
    rows = _job_rows(seeker, now)
    names = dict(Skill.objects.values_list("pk", "name"))
    rows = _without_jit(rows)
    # Only whether the job admits the seeker's country matters to the reasons: the SQL
    # gate (_job_rows) already checked it for remote jobs (a blank country: WORLDWIDE only).
    worldwide = None
    if not seeker.country:
        worldwide = set(
            ApplicantLocation.objects.filter(code="WORLDWIDE", job__in=Job.objects.open(now=now)).values_list(
                "job_id", flat=True
            )
        )

    named_cache = {}

    def named(ids):
        # Jobs share skill lists: build each ((id, name), ...) tuple once.
        if ids not in named_cache:
            named_cache[ids] = tuple(
                sorted(((pk, names[pk]) for pk in _ids(ids)), key=lambda pair: pair[1].lower())
            )
        return named_cache[ids]

    facts = []
    for pk, level, juniors, mode, country, relocation, low, high, required_ids, nice_ids in rows:
        if mode == Job.WorkMode.REMOTE:
            admitted = pk in worldwide if worldwide is not None else True
            codes = frozenset({"WORLDWIDE"}) if admitted else frozenset()
        else:
            codes = frozenset()
        facts.append(
            JobFacts(
                pk=pk,
                level=level,
                open_to_juniors=juniors,
                work_mode=mode,
                country=country,
                relocation_help=relocation,
                salary_min_usd=low,
                salary_max_usd=high,
                required=named(required_ids),
                nice=named(nice_ids),
                location_codes=codes,
            )
        )
    return facts


def _without_jit(queryset):
    """The rows of a big aggregate. On PostgreSQL with JIT compilation off for it: the
    planner's cost estimate triggers JIT, whose compiling took longer (~0.2 s) than
    running the query."""
    if connection.vendor != "postgresql":
        return list(queryset)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        return list(queryset)


def _is_zero(field):
    """1 when the count is 0, else 0 (portable: no boolean-to-integer casts)."""
    return Case(When(**{field: 0}, then=Value(1)), default=Value(0), output_field=IntegerField())


def score_job_against_seekers(job_facts_):
    """{user_id: Match} of the seekers reaching the threshold for the job."""
    memo = {}
    matches = {}
    job = job_facts_
    # Many seekers share everything the job cares about: score each combination once
    # (their reasons are the same words) and build no per-row objects for the rest.
    for user_id, level, years, country, remote, hybrid, onsite, desired, currency, skills in _seeker_rows(
        job
    ):
        desired_usd = desired_yearly_usd(desired, currency)
        key = (
            skills,
            level,
            None if level else years,
            country,
            remote,
            hybrid,
            onsite,
            salary_band(job, desired_usd),
        )
        match = memo.get(key)
        if match is None:
            seeker = SeekerFacts(
                user_id=user_id,
                level=level,
                years=years,
                country=country,
                modes=wanted_modes(remote, hybrid, onsite),
                desired_usd=desired_usd,
                skill_ids=_ids(skills),
            )
            match = memo[key] = score(job, seeker)
        if match.score >= THRESHOLD:
            matches[user_id] = match
    return matches


def score_seeker_against_jobs(seeker, *, now=None):
    """{job_id: Match} of the open jobs reaching the threshold for the seeker."""
    matches = {}
    for job in jobs_for_seeker(seeker, now=now):
        match = score(job, seeker)
        if match.is_match:
            matches[job.pk] = match
    return matches
