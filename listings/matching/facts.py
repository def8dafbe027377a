"""The facts of jobs and seekers, read from their rows, and the matches of one pair
(a job page's "how you match") or a few (the applicants of a pipeline board)."""

from accounts.models import SeekerProfile, User
from listings.models import ApplicantLocation, JobSkill, Skill

from .scoring import JobFacts, SeekerFacts, desired_yearly_usd, score, wanted_modes


def job_facts(job):
    """Facts of a Job; uses its prefetched job_skills (with skill) and applicant_locations
    when the queryset has them (Job.objects.for_detail_page()), else two queries."""
    codes = [location.code for location in job.applicant_locations.all()] if job.is_remote else []
    return _job_facts(job, job.job_skills.all(), codes)


def job_facts_for(job):
    """Facts of a job loaded without prefetches: two small queries (skills, locations)."""
    job_skills = JobSkill.objects.filter(job=job).select_related("skill").order_by()
    codes = ApplicantLocation.objects.filter(job=job).values_list("code", flat=True) if job.is_remote else []
    return _job_facts(job, job_skills, codes)


def _job_facts(job, job_skills, location_codes):
    job_skills = sorted(job_skills, key=lambda js: js.skill.name.lower())
    return JobFacts(
        pk=job.pk,
        level=job.level,
        open_to_juniors=job.open_to_juniors,
        work_mode=job.work_mode,
        country=job.country.code if job.country else "",
        relocation_help=job.relocation_help,
        salary_min_usd=job.salary_min_usd,
        salary_max_usd=job.salary_max_usd,
        required=tuple((js.skill_id, js.skill.name) for js in job_skills if js.is_required),
        nice=tuple((js.skill_id, js.skill.name) for js in job_skills if not js.is_required),
        location_codes=frozenset(location_codes),
    )


def seeker_facts(profile, skill_ids):
    return SeekerFacts(
        user_id=profile.user_id,
        level=profile.level,
        years=profile.years_experience,
        country=profile.country.code if profile.country else "",
        modes=wanted_modes(profile.wants_remote, profile.wants_hybrid, profile.wants_onsite),
        desired_usd=desired_yearly_usd(profile.desired_salary, profile.desired_currency),
        skill_ids=frozenset(skill_ids),
    )


def matchable_profiles():
    """Profiles that get matches computed: active seeker accounts. Whether employers may
    see them (open_to_matching) is decided where employers read (JobMatch querysets)."""
    return SeekerProfile.objects.filter(user__is_active=True, user__role=User.Role.SEEKER)


def skills_named(names):
    """The taxonomy skills for typed names, slugs or aliases, case-insensitively:
    "postgres", "psql" and "PostgreSQL" are all PostgreSQL. Unknown names are skipped."""
    wanted = {name.strip().lower() for name in names if name and name.strip()}
    found = []
    for skill in Skill.objects.all():
        known = {skill.name.lower(), skill.slug.lower(), *(alias.lower() for alias in skill.aliases)}
        if known & wanted:
            found.append(skill)
    return found


def match_for_viewer(job, user):
    """How a signed-in seeker matches this job (a Match), computed now: two small
    queries (their profile, their skill ids); the job's skills and locations come
    from its prefetches. None when there is no profile to compare."""
    if not (user.is_authenticated and user.is_seeker):
        return None
    profile = SeekerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    skill_ids = profile.skills.values_list("pk", flat=True)
    return score(job_facts(job), seeker_facts(profile, skill_ids))


def matches_for_profiles(job, profiles):
    """{user_id: Match} for these already-loaded profiles against one job, in three
    queries whatever their number (job skills, job locations, the profiles' skills)."""
    profiles = [profile for profile in profiles if profile is not None]
    if not profiles:
        return {}
    facts = job_facts_for(job)
    job_skill_ids = [pk for pk, _ in facts.required + facts.nice]
    shared = {}
    rows = SeekerProfile.skills.through.objects.filter(
        seekerprofile_id__in=[profile.pk for profile in profiles], skill_id__in=job_skill_ids
    ).values_list("seekerprofile_id", "skill_id")
    for profile_id, skill_id in rows:
        shared.setdefault(profile_id, set()).add(skill_id)
    return {
        profile.user_id: score(facts, seeker_facts(profile, shared.get(profile.pk, ())))
        for profile in profiles
    }


def seeker_facts_for(user):
    """SeekerFacts of a matchable seeker with all their skills, or None."""
    profile = matchable_profiles().filter(user=user).first()
    if profile is None:
        return None
    return seeker_facts(profile, profile.skills.values_list("pk", flat=True))
