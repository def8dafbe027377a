"""The score of one (job, seeker) pair and its reasons in words: pure Python on the
facts of each side (JobFacts, SeekerFacts), no database; the weights and rules are
in the package's docstring (listings.matching)."""

from dataclasses import dataclass

from listings.models import Job
from listings.regions import country_name, location_codes_admitting

# The facts in common units live apart; readers and facts import them from here too.
from .units import SALARY_TOLERANCE, desired_yearly_usd, salary_band, wanted_modes  # noqa: F401

WEIGHTS = {
    "required_skills": 50,
    "nice_skills": 10,
    "level": 12,
    "work_mode": 10,
    "location": 10,
    "salary": 8,
}
THRESHOLD = 70
# The most the factors other than skills can add: what SQL assumes when it drops pairs.
OTHER_FACTORS_MAX = sum(WEIGHTS.values()) - WEIGHTS["required_skills"] - WEIGHTS["nice_skills"]

LEVELS = [level for level, _ in Job.Level.choices]
MODE_LABELS = {"remote": "remote", "hybrid": "hybrid", "onsite": "on-site"}
# Years of experience → level, when the profile names no level (listings.demo.content.LEVEL_YEARS).
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
        names = _names(required_missing)
        if count == 1:
            text = f"The job's one required skill is not on your profile: {names}"
            employer_text = f"Your job's one required skill is not on their profile: {names}"
        else:
            text = f"None of the job's {count} required skills is on your profile: {names}"
            employer_text = f"None of your job's {count} required skills is on their profile: {names}"
        reasons.append(_reason("required_skills", False, text, employer_text))
    elif not required_missing:
        points = float(required_weight)
        what = f"{_all(count, 'required skill')}: {_names(required_have)}"
        reasons.append(_reason("required_skills", True, f"You know {what}", f"Knows {what}"))
    else:
        points = required_weight * len(required_have) / count
        what = (
            f"{len(required_have)} of the {count} required skills: {_names(required_have)}; "
            f"missing: {_names(required_missing)}"
        )
        reasons.append(_reason("required_skills", False, f"You know {what}", f"Knows {what}"))
    if job.nice:
        points += _nice_skills(job, have, reasons)
    return points, bool(required_have), reasons


def _nice_skills(job, have, reasons):
    """The nice-to-have skills' points; their reason is appended to `reasons`."""
    nice_have = [name for pk, name in job.nice if pk in have]
    nice_count = len(job.nice)
    if nice_have:
        if len(nice_have) == nice_count:
            what = f"{_all(nice_count, 'nice-to-have skill')}: {_names(nice_have)}"
        else:
            what = f"{len(nice_have)} of the {nice_count} nice-to-have skills: {_names(nice_have)}"
        reasons.append(_reason("nice_skills", True, f"You also know {what}", f"Also knows {what}"))
    else:
        names = _names(name for _, name in job.nice)
        are = "skill is" if nice_count == 1 else "skills are"
        reasons.append(
            _reason(
                "nice_skills",
                False,
                f"The job's nice-to-have {are} not on your profile: {names}",
                f"Your job's nice-to-have {are} not on their profile: {names}",
            )
        )
    return WEIGHTS["nice_skills"] * len(nice_have) / nice_count


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


def _wanted(modes):
    return " or ".join(MODE_LABELS[mode] for mode in MODE_LABELS if mode in modes)


def _work_mode(job, seeker):
    weight = WEIGHTS["work_mode"]
    if not seeker.modes:
        return weight, _reason("work_mode", True, "You're open to any work mode", "Open to any work mode")
    mode = MODE_LABELS[job.work_mode]
    if job.work_mode in seeker.modes:
        return weight, _reason("work_mode", True, f"You want {mode} work", f"Wants {mode} work")
    wanted = _wanted(seeker.modes)
    return 0, _reason(
        "work_mode", False, f"You prefer {wanted}; the job is {mode}", f"Prefers {wanted}; your job is {mode}"
    )


def _location(job, seeker):
    """(points, eligible, reason)."""
    if job.work_mode == Job.WorkMode.REMOTE:
        return _remote_location(job, seeker)
    return _on_site_location(job, seeker)


def _remote_location(job, seeker):
    weight = WEIGHTS["location"]
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


def _on_site_location(job, seeker):
    weight = WEIGHTS["location"]
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
    if job.relocation_help and seeker.modes and job.work_mode not in seeker.modes:
        # Relocation helps only someone who would work there: not a remote-only seeker.
        wanted = _wanted(seeker.modes)
        what = f"{mode} in {job_place}"
        return (
            0,
            False,
            _reason(
                "location",
                False,
                f"{what}; you want {wanted} work (you live in {home})",
                f"{what}; they want {wanted} work (they live in {home})",
            ),
        )
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
