"""How well a job seeker fits a job: a score from 0 to 100 and the reasons, in words.

The score adds up six factors. Weights, out of 100:

==================  ======  ===========================================================
required skills       50    times the share of the job's required skills the seeker has
nice-to-have skills   10    times the share of its nice-to-have skills; a job listing none
                            gives these 10 points to the required skills (60 for them)
level                 12    same level 12; one level apart 6; further 0. An entry-level
                            seeker for a job open to juniors gets the full 12.
work mode             10    the job's mode is one the seeker wants (or they named none)
location              10    remote and open to residents of the seeker's country, or
                            on-site/hybrid in the seeker's country: 10; in another
                            country with relocation help: 5
salary                 8    the job's yearly maximum (in USD) reaches the desired yearly
                            salary: 8; desired up to 15% above it: 4; more: 0
==================  ======  ===========================================================

Whatever the profile leaves out (level, unless the years of experience tell it; the
country; the desired salary) earns half of that factor: unknown is neither a fit nor
a misfit, and completing the profile is what sharpens the score.

Not a match at all (score 0, whatever the rest): covering none of the job's required
skills, or being unable to take the job where it is: a remote job not open to
residents of the seeker's country, or an on-site/hybrid job in another country that
offers no relocation help.

Pairs scoring below THRESHOLD are not stored (see listings.services, "Matching"): at
70, a seeker perfect on everything else still needs half of the required skills (or
two fifths with every nice-to-have). At 60, every Python developer "matched" two thirds
of the jobs asking for Python plus one framework: 65,000 rows for one job among 100,000
seekers, which nobody reads and which cost seconds to write.

Skills are taxonomy rows on both sides (profile and job), so aliases ("postgres",
"psql") are already one skill, PostgreSQL; `skills_named()` resolves typed names.

The bulk readers (`seekers_for_job`, `jobs_for_seeker`) let SQL drop every pair that
can't reach the threshold (no required skill; location gate; too few skills for even
a perfect score on the other factors) and aggregate the skill ids each pair shares,
so Python scores only the plausible pairs, one row each.
"""

from dataclasses import dataclass
from functools import lru_cache

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
from django_countries import countries

from accounts.models import SeekerProfile, User
from listings.currency import CURRENCIES, yearly_usd
from listings.models import ApplicantLocation, Job, JobSkill, Skill
from listings.regions import REGIONS, location_codes_admitting

WEIGHTS = {
    "required_skills": 50,
    "nice_skills": 10,
    "level": 12,
    "work_mode": 10,
    "location": 10,
    "salary": 8,
}
THRESHOLD = 70
# A desired salary this much above the job's maximum still earns half the salary points.
SALARY_TOLERANCE = 0.15
# The most the factors other than skills can add: what SQL assumes when it drops pairs.
OTHER_FACTORS_MAX = sum(WEIGHTS.values()) - WEIGHTS["required_skills"] - WEIGHTS["nice_skills"]

LEVELS = [level for level, _ in Job.Level.choices]
MODE_LABELS = {"remote": "remote", "hybrid": "hybrid", "onsite": "on-site"}
# Years of experience → level, when the profile names no level (listings.demo_data.LEVEL_YEARS).
LEVEL_BY_YEARS = [(2, "entry"), (5, "mid"), (8, "senior")]


@dataclass(frozen=True, slots=True)
class JobFacts:
    """What the score needs of a job. `required`/`nice` are ((skill_id, name), …) by name;
    `location_codes` are its applicant-location codes (remote jobs)."""

    pk: int
    level: str
    open_to_juniors: bool
    work_mode: str
    country: str
    relocation_help: bool
    salary_min_usd: int
    salary_max_usd: int
    required: tuple
    nice: tuple
    location_codes: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class SeekerFacts:
    """What the score needs of a seeker. `skill_ids` may be only those the job lists."""

    user_id: int
    level: str
    years: int | None
    country: str
    modes: frozenset
    desired_usd: int | None
    skill_ids: frozenset


# The factors that alone make a pair no match (see score()).
DECISIVE_FACTORS = ("required_skills", "location")


@dataclass(frozen=True, slots=True)
class Match:
    score: int
    reasons: list

    @property
    def is_match(self):
        return self.score >= THRESHOLD

    @property
    def main_reason(self):
        """The one reason to show where there is room for one: what rules the pair out
        when the score is 0 (no required skill, or the location), else the skills."""
        if self.score == 0:
            for reason in self.reasons:
                if reason["factor"] in DECISIVE_FACTORS and not reason["ok"]:
                    return reason
        return self.reasons[0] if self.reasons else None


# --- The score of one pair --------------------------------------------------------


@lru_cache(maxsize=512)
def country_name(code):
    return countries.name(code) or code


def _reason(factor, ok, text, employer_text):
    """One reason, in words for each reader: `text` speaks to the seeker ("you match…"),
    `employer_text` to the employer, about the candidate and "your job"."""
    return {"factor": factor, "ok": ok, "text": text, "employer_text": employer_text}


def _names(names):
    return ", ".join(names)


def _all(count, noun):
    return f"the {noun}" if count == 1 else f"both {noun}s" if count == 2 else f"all {count} {noun}s"


# "You're senior", "a senior role": the levels in running text.
LEVEL_WORDS = {
    "entry": "at entry level",
    "mid": "mid-level",
    "senior": "senior",
    "lead": "at lead/staff level",
}
LEVEL_ROLES = {
    "entry": "an entry-level role",
    "mid": "a mid-level role",
    "senior": "a senior role",
    "lead": "a lead/staff role",
}
LEVEL_ADJECTIVES = {
    "entry": "Entry level",
    "mid": "Mid-level",
    "senior": "Senior",
    "lead": "Lead/staff level",
}


def _effective_level(seeker):
    """(level, how we know it): the profile's level, else one read from the years."""
    if seeker.level:
        return seeker.level, ""
    if seeker.years is not None:
        level = next((level for below, level in LEVEL_BY_YEARS if seeker.years < below), "lead")
        return level, f" (from {seeker.years} year{'s' if seeker.years != 1 else ''} of experience)"
    return "", ""


def _skills(job, seeker):
    have = seeker.skill_ids
    required_have = [name for pk, name in job.required if pk in have]
    required_missing = [name for pk, name in job.required if pk not in have]
    count = len(job.required)
    required_weight = WEIGHTS["required_skills"] + (0 if job.nice else WEIGHTS["nice_skills"])
    reasons = []
    if not count:
        points = 0.0
        reasons.append(
            _reason(
                "required_skills",
                False,
                "The job lists no required skills",
                "Your job lists no required skills",
            )
        )
    elif not required_have:
        points = 0.0
        what = f"none of the {count} required skills: {_names(required_missing)}"
        reasons.append(_reason("required_skills", False, f"You match {what}", f"Matches {what}"))
    elif not required_missing:
        points = float(required_weight)
        what = f"{_all(count, 'required skill')}: {_names(required_have)}"
        reasons.append(_reason("required_skills", True, f"You match {what}", f"Matches {what}"))
    else:
        points = required_weight * len(required_have) / count
        what = (
            f"{len(required_have)} of {count} required skills: {_names(required_have)}; "
            f"missing: {_names(required_missing)}"
        )
        reasons.append(_reason("required_skills", False, f"You match {what}", f"Matches {what}"))
    if job.nice:
        nice_have = [name for pk, name in job.nice if pk in have]
        nice_count = len(job.nice)
        points += WEIGHTS["nice_skills"] * len(nice_have) / nice_count
        if not nice_have and nice_count == 1:
            you, them = "You don't have", "Doesn't have"
            what = f"the nice-to-have skill: {job.nice[0][1]}"
        else:
            you, them = "You have", "Has"
            if not nice_have:
                what = f"none of the {nice_count} nice-to-have skills ({_names(n for _, n in job.nice)})"
            elif len(nice_have) == nice_count:
                what = f"{_all(nice_count, 'nice-to-have skill')}: {_names(nice_have)}"
            else:
                what = f"{len(nice_have)} of {nice_count} nice-to-have skills: {_names(nice_have)}"
        reasons.append(_reason("nice_skills", bool(nice_have), f"{you} {what}", f"{them} {what}"))
    return points, bool(required_have), reasons


def _level(job, seeker):
    weight = WEIGHTS["level"]
    level, known_from = _effective_level(seeker)
    if not level:
        return weight / 2, _reason("level", False, "You haven't said your level", "Level not stated")
    you, them = f"you're {LEVEL_WORDS[level]}{known_from}", f"{LEVEL_ADJECTIVES[level]}{known_from}"
    role = LEVEL_ROLES[job.level]
    steps = LEVELS.index(level) - LEVELS.index(job.level)
    if steps == 0:
        return weight, _reason("level", True, f"Your level fits: {you}", f"Level fits: {them}")
    if level == "entry" and job.open_to_juniors:
        return weight, _reason(
            "level",
            True,
            f"The job is open to juniors, and {you}",
            f"{them}, and your job is open to juniors",
        )
    if abs(steps) == 1:
        where = "above" if steps > 0 else "below"
        return weight / 2, _reason(
            "level",
            False,
            f"One level {where} the job: {you}, it's {role}",
            f"One level {where} your job: {them}, for {role}",
        )
    return 0, _reason("level", False, f"The job is {role}; {you}", f"{them}, for {role}")


def _work_mode(job, seeker):
    weight = WEIGHTS["work_mode"]
    if not seeker.modes:
        return weight, _reason("work_mode", True, "You're open to any work mode", "Open to any work mode")
    mode = MODE_LABELS[job.work_mode]
    if job.work_mode in seeker.modes:
        return weight, _reason("work_mode", True, f"You want {mode} work", f"Wants {mode} work")
    wanted = " or ".join(MODE_LABELS[mode] for mode in MODE_LABELS if mode in seeker.modes)
    return 0, _reason(
        "work_mode", False, f"You prefer {wanted}; the job is {mode}", f"Prefers {wanted}; your job is {mode}"
    )


def _location(job, seeker):
    """(points, eligible, reason)."""
    weight = WEIGHTS["location"]
    if job.work_mode == Job.WorkMode.REMOTE:
        if not seeker.country:
            if "WORLDWIDE" in job.location_codes:
                return (
                    weight,
                    True,
                    _reason("location", True, "Remote, open worldwide", "Remote, open worldwide"),
                )
            return (
                weight / 2,
                True,
                _reason(
                    "location",
                    False,
                    "Remote for some countries only; you haven't said where you live",
                    "Remote for some countries only; country not stated",
                ),
            )
        name = country_name(seeker.country)
        if job.location_codes.intersection(location_codes_admitting(seeker.country)):
            what = f"Remote, open to residents of {name}"
            return (
                weight,
                True,
                _reason("location", True, f"{what}, where you live", f"{what}, where they live"),
            )
        what = f"Remote, not open to residents of {name}"
        return 0, False, _reason("location", False, f"{what}, where you live", f"{what}, where they live")
    mode = MODE_LABELS[job.work_mode].capitalize()
    if not job.country or not seeker.country:
        return (
            weight / 2,
            True,
            _reason("location", False, "You haven't said where you live", "Country not stated"),
        )
    job_place, home = country_name(job.country), country_name(seeker.country)
    if job.country == seeker.country:
        what = f"{mode} in {job_place}"
        return weight, True, _reason("location", True, f"{what}, where you live", f"{what}, where they live")
    if job.relocation_help:
        what = f"{mode} in {job_place} with relocation help"
        return (
            weight / 2,
            True,
            _reason("location", True, f"{what} (you live in {home})", f"{what} (they live in {home})"),
        )
    what = f"{mode} in {job_place}, no relocation help"
    return (
        0,
        False,
        _reason("location", False, f"{what} (you live in {home})", f"{what} (they live in {home})"),
    )


def _salary(job, seeker):
    weight = WEIGHTS["salary"]
    desired = seeker.desired_usd
    if desired is None or not job.salary_max_usd:
        return weight / 2, _reason(
            "salary", False, "You haven't said your desired salary", "Desired salary not stated"
        )
    if desired <= job.salary_min_usd:
        return weight, _reason(
            "salary",
            True,
            "The salary is at or above what you want",
            "Your salary is at or above what they want",
        )
    if desired <= job.salary_max_usd:
        return weight, _reason(
            "salary", True, "What you want is within the salary range", "What they want is within your range"
        )
    if desired <= job.salary_max_usd * (1 + SALARY_TOLERANCE):
        return weight / 2, _reason(
            "salary",
            False,
            "You want slightly more than the range",
            "They want slightly more than your range",
        )
    return 0, _reason("salary", False, "You want more than the range", "They want more than your range")


def score(job, seeker):
    """The Match of a (JobFacts, SeekerFacts) pair: score 0-100 and reasons, skills first."""
    points, has_required, reasons = _skills(job, seeker)
    for factor in (_level, _work_mode, _salary):
        factor_points, reason = factor(job, seeker)
        points += factor_points
        reasons.append(reason)
    location_points, eligible, location_reason = _location(job, seeker)
    reasons.insert(len(reasons) - 2, location_reason)  # skills, level, location, work mode, salary
    points += location_points
    if not (has_required and eligible):
        return Match(0, reasons)
    return Match(min(int(points + 0.5), 100), reasons)


# --- Facts from rows ---------------------------------------------------------------

_desired_cache = {}


def desired_yearly_usd(amount, currency):
    if amount is None:
        return None
    key = (amount, currency)
    try:
        return _desired_cache[key]
    except KeyError:
        if len(_desired_cache) > 50_000:
            _desired_cache.clear()
        value = _desired_cache[key] = yearly_usd(amount, currency, "year") if currency in CURRENCIES else None
        return value


def _modes(remote, hybrid, onsite):
    return frozenset(
        mode for mode, wanted in (("remote", remote), ("hybrid", hybrid), ("onsite", onsite)) if wanted
    )


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
        modes=_modes(profile.wants_remote, profile.wants_hybrid, profile.wants_onsite),
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


# --- One pair, a few pairs ------------------------------------------------------------


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
    if job.relocation_help or not job.country:
        return Q()
    return Q(country=job.country) | Q(country="")


def seekers_for_job(job):
    """SeekerFacts of every matchable seeker who may reach the threshold for the job
    (JobFacts): one aggregate query; `skill_ids` holds only the job's skills they have."""
    return [
        SeekerFacts(
            user_id=user_id,
            level=level,
            years=years,
            country=country,
            modes=_modes(remote, hybrid, onsite),
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


def jobs_for_seeker(seeker, *, now=None):
    """JobFacts of every open job the seeker (SeekerFacts with all their skills) may reach
    the threshold for: one aggregate query over the jobs' skills, plus the skill names."""
    if not seeker.skill_ids:
        return []
    skill_ids = sorted(seeker.skill_ids)
    now = now or timezone.now()
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
            & (Q(job__country=seeker.country) | Q(job__relocation_help=True) | Q(job__country=""))
        )
    need = THRESHOLD - OTHER_FACTORS_MAX
    required, nice = Q(is_required=True), Q(is_required=False)
    rows = (
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
    names = dict(Skill.objects.values_list("pk", "name"))
    rows = _without_jit(rows)
    # Only whether the job admits the seeker's country matters to the reasons: the SQL
    # gate above already checked it for remote jobs (a blank country: WORLDWIDE only).
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


def seeker_facts_for(user):
    """SeekerFacts of a matchable seeker with all their skills, or None."""
    profile = matchable_profiles().filter(user=user).first()
    if profile is None:
        return None
    return seeker_facts(profile, profile.skills.values_list("pk", flat=True))


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
            _salary_band(job, desired_usd),
        )
        match = memo.get(key)
        if match is None:
            seeker = SeekerFacts(
                user_id=user_id,
                level=level,
                years=years,
                country=country,
                modes=_modes(remote, hybrid, onsite),
                desired_usd=desired_usd,
                skill_ids=_ids(skills),
            )
            match = memo[key] = score(job, seeker)
        if match.score >= THRESHOLD:
            matches[user_id] = match
    return matches


def _salary_band(job, desired):
    if desired is None:
        return None
    if desired <= job.salary_min_usd:
        return 0
    if desired <= job.salary_max_usd:
        return 1
    if desired <= job.salary_max_usd * (1 + SALARY_TOLERANCE):
        return 2
    return 3


def score_seeker_against_jobs(seeker, *, now=None):
    """{job_id: Match} of the open jobs reaching the threshold for the seeker."""
    matches = {}
    for job in jobs_for_seeker(seeker, now=now):
        match = score(job, seeker)
        if match.is_match:
            matches[job.pk] = match
    return matches
