"""The figures computed from the listings: percentiles, the minimum sample, demand, skills."""

import statistics
from collections import defaultdict

import pytest
from django.utils import timezone

from insights.computation import TOP_SKILLS, WINDOW_WEEKS, scope_figures
from listings.currency import yearly_usd
from tests.factories import CompanyFactory, JobFactory
from tests.insights.conftest import days_ago

pytestmark = pytest.mark.django_db


def yearly_midpoint(job):
    """A job's yearly salary in US dollars, from what the employer stated."""
    low = yearly_usd(job.salary_min, job.salary_currency, job.salary_period)
    high = yearly_usd(job.salary_max, job.salary_currency, job.salary_period)
    return (low + high) / 2


def expected_rows(jobs, key):
    groups = defaultdict(list)
    for job in jobs:
        groups[key(job)].append(job)
    rows = []
    for group_key, members in sorted(groups.items()):
        row = {"key": group_key, "jobs": len(members)}
        if len(members) >= 5 and len({job.company_id for job in members}) >= 3:
            quartiles = statistics.quantiles(
                [yearly_midpoint(job) for job in members], n=4, method="inclusive"
            )
            row.update(zip(("p25", "p50", "p75"), (round(value) for value in quartiles), strict=True))
        rows.append(row)
    return rows


def test_salary_percentiles_are_exactly_the_statistics_modules(seeded_jobs):
    salary = scope_figures(None)["salary"]

    assert salary["by_level"] == expected_rows(seeded_jobs, lambda job: job.level)
    assert salary["by_work_mode"] == expected_rows(seeded_jobs, lambda job: job.work_mode)
    assert [salary["overall"]] == expected_rows(seeded_jobs, lambda job: "")
    assert sum(row["jobs"] for row in salary["by_level"]) == 60
    assert any("p50" in row for row in salary["by_level"])


def test_salaries_by_region_group_countries_by_where_the_job_is(seeded_jobs):
    regions = {"DE": "europe", "GB": "europe", "PL": "europe", "US": "north_america", "CA": "north_america"}
    regions |= {"BR": "latam", "IN": "apac"}

    by_region = scope_figures(None)["salary"]["by_region"]

    assert by_region == expected_rows(seeded_jobs, lambda job: regions[job.country.code])


def test_salary_figures_are_hidden_under_five_jobs_or_three_companies():
    one_employer = CompanyFactory()
    JobFactory.create_batch(
        9, published=True, level="lead", company=one_employer, salary_min=200_000, salary_max=200_000
    )
    JobFactory.create_batch(4, published=True, level="entry", salary_min=40_000, salary_max=50_000)
    two_employers = CompanyFactory.create_batch(2)
    for index in range(6):
        JobFactory(published=True, level="mid", company=two_employers[index % 2])
    JobFactory.create_batch(5, published=True, level="senior", salary_min=80_000, salary_max=80_000)

    by_level = {row["key"]: row for row in scope_figures(None)["salary"]["by_level"]}

    assert by_level["lead"] == {"key": "lead", "jobs": 9}
    assert by_level["entry"] == {"key": "entry", "jobs": 4}
    assert by_level["mid"] == {"key": "mid", "jobs": 6}
    # EUR 80,000 at the fixed rate (1.08 USD per euro).
    assert by_level["senior"] == {"key": "senior", "jobs": 5, "p25": 86_400, "p50": 86_400, "p75": 86_400}


def test_salary_figures_leave_out_part_time_jobs_and_jobs_outside_the_window():
    JobFactory.create_batch(
        5, published=True, salary_min=20_000, salary_max=20_000, employment_type="part_time"
    )
    JobFactory(published=True, published_at=days_ago(WINDOW_WEEKS * 7 + 1))
    JobFactory(status="draft")

    figures = scope_figures(None)

    assert figures["salary"]["overall"] == {"key": "", "jobs": 0}
    assert figures["jobs"] == 5


def test_demand_counts_jobs_published_each_week_including_closed_and_expired_ones():
    JobFactory.create_batch(3, published=True, published_at=days_ago(0))
    JobFactory(closed=True, published_at=days_ago(6))
    JobFactory(expired=True, published_at=days_ago(7))
    JobFactory(published=True, published_at=days_ago(83))
    JobFactory(published=True, published_at=days_ago(84))  # before the window
    JobFactory(pending=True)

    demand = scope_figures(None)["demand"]

    assert [week["jobs"] for week in demand] == [1, *[0] * 9, 1, 4]
    assert demand[-1]["week"] == (timezone.localdate() - timezone.timedelta(days=6)).isoformat()
    assert len(demand) == WINDOW_WEEKS


def test_skill_shares_count_required_skills_and_their_change_from_the_earlier_weeks_to_the_last_four():
    # Eight earlier weeks: 5 jobs, 1 asks for Kafka. Last four weeks: 5 jobs, 4 ask for Kafka.
    # The last four weeks start 27 days ago (the window: 84 days up to today).
    for index, (earlier, last) in enumerate(zip([80, 60, 40, 30, 28], [0, 1, 2, 3, 27], strict=True)):
        skills = ["python", "kafka"] if index == 0 else ["python"]
        JobFactory(published=True, published_at=days_ago(earlier), required_skills=skills)
        skills = ["python", "kafka"] if index else ["python", "django"]
        JobFactory(
            published=True, published_at=days_ago(last), required_skills=skills, nice_skills=["docker"]
        )

    skills = scope_figures(None)["skills"]

    top = {row["slug"]: row for row in skills["top"]}
    assert top["python"] == {"slug": "python", "name": "Python", "jobs": 10, "share": 1.0, "change": 0.0}
    assert top["kafka"] == {"slug": "kafka", "name": "Kafka", "jobs": 5, "share": 0.5, "change": 60.0}
    assert top["django"]["change"] == 20.0
    assert "docker" not in top  # nice to have, not required
    assert list(top)[:2] == ["python", "kafka"]
    data = {entry["key"]: entry for entry in skills["specialisations"]}["data"]
    assert data["jobs"] == 5
    assert [row["slug"] for row in data["skills"]] == ["kafka", "python"]
    assert data["skills"][0]["share"] == 1.0


def test_a_roles_figures_cover_only_its_jobs(role):
    JobFactory.create_batch(3, published=True, required_skills=["django"])
    JobFactory.create_batch(2, published=True, required_skills=["kafka"])

    figures = scope_figures(role)

    assert figures["jobs"] == 3
    assert [row["slug"] for row in figures["skills"]["top"]] == ["django"]
    assert len(figures["skills"]["top"]) <= TOP_SKILLS
