"""Pre-screening of submitted jobs: signals that help a moderator decide.

Each check looks at the job and what surrounds it (company, poster, other
postings) and returns a short explanation when it has something to say.
"""

import re
from datetime import timedelta
from difflib import SequenceMatcher

from allauth.account.models import EmailAddress
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.utils import timezone

from listings.models import Job, ScreeningSignal

PYTHON_SKILLS = {
    "python", "django", "django-rest-framework", "flask", "fastapi", "asyncio", "sqlalchemy", "pydantic",
    "celery", "pytest", "pandas",
}  # fmt: skip
PYTHON_WORDS = re.compile(
    r"\b(python|django|flask|fastapi|celery|sqlalchemy|pydantic|pytest|backend|back-end|back end)\b", re.I
)
FREE_MAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "outlook.com", "live.com",
    "msn.com", "aol.com", "icloud.com", "me.com", "mail.com", "gmx.com", "gmx.de", "gmx.net", "web.de",
    "yandex.com", "yandex.ru", "mail.ru", "proton.me", "protonmail.com", "zoho.com", "qq.com", "163.com",
}  # fmt: skip
LINK = re.compile(r"(https?://|www\.)\S+", re.I)
MAX_LINKS = 4
NEW_COMPANY_AGE = timedelta(days=14)
# Yearly USD equivalents outside this range are worth a second look.
PLAUSIBLE_SALARY = (12_000, 600_000)
DUPLICATE_TITLE_RATIO = 0.8
DUPLICATE_DESCRIPTION_RATIO = 0.7


def _not_python(job, skill_slugs):
    if skill_slugs & PYTHON_SKILLS or PYTHON_WORDS.search(f"{job.title} {job.description}"):
        return None
    return "No Python skill and no Python/backend words in the title or description"


def _salary(job, skill_slugs):
    low, high = PLAUSIBLE_SALARY
    if job.salary_max_usd < low or job.salary_min_usd > high:
        return f"About {job.salary_min_usd:,}–{job.salary_max_usd:,} USD a year"  # noqa: RUF001
    if job.salary_max > 3 * job.salary_min:
        return "The top of the range is more than three times the bottom"
    return None


def _location(job, skill_slugs):
    if job.is_remote:
        return None if job.applicant_locations.exists() else "Remote, but no applicant countries or regions"
    return None if job.country and job.city else "On-site or hybrid without a city and country"


def _new_company(job, skill_slugs):
    company = job.company
    has_history = company.jobs.exclude(pk=job.pk).exclude(published_at=None).exists()
    if company.created_at > timezone.now() - NEW_COMPANY_AGE and not has_history:
        return f"Company created {company.created_at:%Y-%m-%d}, nothing published before"
    return None


def _unverified_company(job, skill_slugs):
    return None if job.company.is_verified else "Staff have not verified this company"


def _unverified_email(job, skill_slugs):
    poster = job.posted_by
    if poster is None:
        return None
    if EmailAddress.objects.filter(user=poster, email__iexact=poster.email, verified=True).exists():
        return None
    return f"{poster.email} is not verified"


def _free_mail(job, skill_slugs):
    poster = job.posted_by
    domain = poster.email.rsplit("@", 1)[-1].lower() if poster else ""
    return f"Posted from {domain}" if domain in FREE_MAIL_DOMAINS else None


def _link_heavy(job, skill_slugs):
    links = len(LINK.findall(job.description))
    return f"{links} links in the description" if links > MAX_LINKS else None


def _near_duplicate(job, skill_slugs):
    """Another pending or open posting of the same company with a similar title and text."""
    candidates = (
        Job.objects.filter(company_id=job.company_id, status__in=[Job.Status.PENDING, Job.Status.PUBLISHED])
        .exclude(pk=job.pk)
        .only("pk", "title", "description")
    )
    if connection.vendor == "postgresql":
        # The trigram index narrows the field before the exact comparison below.
        candidates = candidates.annotate(similarity=TrigramSimilarity("title", job.title)).filter(
            similarity__gte=0.4
        )
        candidates = candidates.order_by("-similarity")[:20]
    else:
        candidates = candidates.order_by("-pk")[:200]
    for other in candidates:
        title_ratio = SequenceMatcher(None, job.title.lower(), other.title.lower()).ratio()
        if title_ratio < DUPLICATE_TITLE_RATIO:
            continue
        text_ratio = SequenceMatcher(None, job.description, other.description).ratio()
        if text_ratio >= DUPLICATE_DESCRIPTION_RATIO:
            return f"Similar to job #{other.pk} “{other.title}” ({text_ratio:.0%} same text)"[:255]
    return None


CHECKS = {
    ScreeningSignal.NOT_PYTHON: _not_python,
    ScreeningSignal.SALARY: _salary,
    ScreeningSignal.LOCATION: _location,
    ScreeningSignal.NEW_COMPANY: _new_company,
    ScreeningSignal.UNVERIFIED_COMPANY: _unverified_company,
    ScreeningSignal.UNVERIFIED_EMAIL: _unverified_email,
    ScreeningSignal.FREE_MAIL: _free_mail,
    ScreeningSignal.LINK_HEAVY: _link_heavy,
    ScreeningSignal.NEAR_DUPLICATE: _near_duplicate,
}


def screening_signals(job):
    """{signal: detail} for every check that raised something."""
    skill_slugs = set(job.skills.values_list("slug", flat=True))
    found = {}
    for signal, check in CHECKS.items():
        detail = check(job, skill_slugs)
        if detail:
            found[signal] = detail
    return found
