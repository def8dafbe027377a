"""Fixtures of the insights tests: a fixed, seeded set of jobs across the 12 weeks."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CompanyFactory, JobFactory, RoleFactory

LEVELS = ["entry", "mid", "senior", "lead"]
MODES = ["remote", "hybrid", "onsite"]
COUNTRIES = ["DE", "GB", "US", "CA", "BR", "IN", "PL"]
CURRENCIES = [("EUR", "year"), ("USD", "year"), ("GBP", "year"), ("PLN", "month"), ("USD", "hour")]
SKILL_SETS = [
    ["python", "django"],
    ["python", "fastapi", "kafka"],
    ["python", "django", "postgresql"],
    ["flask"],
]


@pytest.fixture
def role():
    return RoleFactory(name="Python Backend Developer", skills=["python", "django", "fastapi", "flask"])


def days_ago(days, hours=12):
    return timezone.now() - timedelta(days=days, hours=hours - 12)


@pytest.fixture
def seeded_jobs():
    """60 full-time jobs from 8 companies with salaries in several currencies and periods."""
    rng = random.Random(17)
    companies = CompanyFactory.create_batch(8)
    jobs = []
    for _ in range(60):
        currency, period = rng.choice(CURRENCIES)
        low = {"year": rng.randrange(30_000, 150_000, 500), "month": rng.randrange(8_000, 30_000, 100)}.get(
            period, rng.randrange(30, 120)
        )
        jobs.append(
            JobFactory(
                published=True,
                published_at=days_ago(rng.randrange(0, 84)),
                company=rng.choice(companies),
                level=rng.choice(LEVELS),
                work_mode=rng.choice(MODES),
                country=rng.choice(COUNTRIES),
                salary_min=low,
                salary_max=low + rng.randrange(0, low // 2 + 1),
                salary_currency=currency,
                salary_period=period,
                required_skills=rng.choice(SKILL_SETS),
            )
        )
    return jobs
