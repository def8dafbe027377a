"""Keeping JobMatch rows in step: publish, edit, close, expire, profile changes, the nightly
safety net; idempotency; the two bulk directions agree with scoring every pair."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import SeekerProfile
from accounts.services import seeker_profile_update
from listings.matching import facts, scoring
from listings.models import EDITABLE_FIELDS, Job, JobMatch
from listings.services.expiry import jobs_expire_due
from listings.services.jobs import job_close, job_reopen, job_update
from listings.services.matching import job_matches_refresh, matches_refresh_all, seeker_matches_refresh
from listings.services.moderation import job_approve
from listings.tasks import matches_refresh_all_task
from tests.factories import (
    CompanyFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
    skill,
)

pytestmark = pytest.mark.django_db

WEB = ["python", "django", "postgresql"]


def seeker(skills=WEB, **profile):
    """An active seeker with a profile (in Germany, senior, wants remote, 80k EUR)."""
    fields = {
        "country": "DE",
        "level": "senior",
        "years_experience": 7,
        "wants_remote": True,
        "desired_salary": 80_000,
        "desired_currency": "EUR",
        "open_to_matching": True,
        **profile,
    }
    return SeekerProfileFactory(user=UserFactory(seeker=True), skills=skills, **fields).user


def web_job(**fields):
    """A senior remote Django job open to Europe, 70-95k EUR."""
    defaults = {
        "level": "senior",
        "work_mode": "remote",
        "salary_min": 70_000,
        "salary_max": 95_000,
        "salary_currency": "EUR",
        "required_skills": WEB,
        "nice_skills": ["docker"],
        "applicant_locations": ["EUROPE"],
    }
    return JobFactory(**{**defaults, **fields})


def rows(**filters):
    return {
        (match.job_id, match.seeker_id): (match.score, match.reasons)
        for match in JobMatch.objects.filter(**filters)
    }


# --- Publishing a job -------------------------------------------------------------------------


def test_publishing_a_job_stores_the_seekers_who_fit_with_their_reasons(staff, on_commit):
    fits = seeker()
    partly = seeker(skills=["python", "django"], country="FR")
    not_skills = seeker(skills=["fastapi", "docker"])
    not_country = seeker(country="BR")
    hidden = seeker(open_to_matching=False)  # their own recommendations still need the row
    job = web_job(pending=True)

    with on_commit():
        job_approve(job=job, by=staff)

    stored = rows(job=job)
    assert set(stored) == {(job.pk, fits.pk), (job.pk, partly.pk), (job.pk, hidden.pk)}
    score, reasons = stored[(job.pk, partly.pk)]
    assert score == 73  # 50 x 2/3 + 0 nice + level 12, location 10, mode 10, salary 8
    assert reasons[0] == {
        "factor": "required_skills",
        "ok": False,
        "text": "You know 2 of the 3 required skills: Django, Python; missing: PostgreSQL",
        "employer_text": "Knows 2 of the 3 required skills: Django, Python; missing: PostgreSQL",
    }
    assert {
        "factor": "location",
        "ok": True,
        "text": "Remote, open to residents of France, where you live",
        "employer_text": "Remote, open to residents of France, where they live",
    } in reasons
    assert stored[(job.pk, fits.pk)][0] == 90  # all but the nice-to-have Docker
    assert not_skills.pk not in {seeker_id for _, seeker_id in stored}
    assert not_country.pk not in {seeker_id for _, seeker_id in stored}


def test_a_remote_only_seeker_is_not_suggested_for_an_on_site_job_abroad():
    remote_only = seeker(country="DE", wants_remote=True, wants_onsite=False)
    would_move = seeker(country="DE", wants_remote=True, wants_onsite=True)
    job = web_job(
        published=True, work_mode="onsite", country="NL", relocation_help=True, applicant_locations=[]
    )

    job_matches_refresh(job=job)
    assert set(rows(job=job)) == {(job.pk, would_move.pk)}

    JobMatch.objects.all().delete()
    seeker_matches_refresh(user=remote_only)
    seeker_matches_refresh(user=would_move)
    assert set(rows(job=job)) == {(job.pk, would_move.pk)}


def test_without_a_commit_nothing_is_computed(staff, django_capture_on_commit_callbacks):
    seeker()
    job = web_job(pending=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_approve(job=job, by=staff)

    assert not JobMatch.objects.exists()
    assert len(callbacks) >= 1  # the refresh waits for the commit


def test_pairs_below_the_threshold_are_not_stored():
    low = seeker(skills=["python", "docker"], level="entry", wants_remote=False, wants_onsite=True)
    job = web_job(published=True)

    assert facts.match_for_viewer(job, low).score < scoring.THRESHOLD
    job_matches_refresh(job=job)

    assert not JobMatch.objects.filter(seeker=low).exists()


def test_a_refresh_run_twice_leaves_the_same_rows_untouched():
    for n in range(5):
        seeker(country=["DE", "FR", "PL", "ES", "PT"][n])
    job = web_job(published=True)

    first = job_matches_refresh(job=job)
    before = list(
        JobMatch.objects.order_by("pk").values_list("pk", "job", "seeker", "score", "reasons", "computed_at")
    )
    second = job_matches_refresh(job=job)
    after = list(
        JobMatch.objects.order_by("pk").values_list("pk", "job", "seeker", "score", "reasons", "computed_at")
    )

    assert first == {"matches": 5, "written": 5, "deleted": 0}
    assert second == {"matches": 5, "written": 0, "deleted": 0}
    assert after == before


def test_a_seeker_refresh_run_twice_leaves_the_same_rows():
    user = seeker()
    for _ in range(3):
        web_job(published=True)

    assert seeker_matches_refresh(user=user)["written"] == 3
    before = rows()
    assert seeker_matches_refresh(user=user) == {"matches": 3, "written": 0, "deleted": 0}
    assert rows() == before


@pytest.mark.parametrize("n", [3, 30])
def test_a_job_refresh_takes_the_same_few_queries_for_any_number_of_seekers(django_assert_max_num_queries, n):
    for _ in range(n):
        seeker()
    job = web_job(published=True)

    # job, its skills, its locations, the seekers (one aggregate), the stored rows, one
    # upsert batch in a savepoint. PostgreSQL adds "jit off" around the aggregate and
    # upserts through temporary tables: 14 in all, whatever the number of seekers.
    with django_assert_max_num_queries(14):
        result = job_matches_refresh(job=job)
    assert result["written"] == n


@pytest.mark.parametrize("n", [3, 30])
def test_a_seeker_refresh_takes_the_same_few_queries_for_any_number_of_jobs(django_assert_max_num_queries, n):
    user = seeker()
    for _ in range(n):
        web_job(published=True)

    # profile, its skills, the jobs (one aggregate), skill names, stored rows, one upsert
    # batch in a savepoint. PostgreSQL adds "jit off" around the aggregate and upserts
    # through temporary tables: 14 in all, whatever the number of jobs.
    with django_assert_max_num_queries(14):
        result = seeker_matches_refresh(user=user)
    assert result["written"] == n


# --- Jobs changing state ------------------------------------------------------------------------


def test_closing_a_job_deletes_its_matches():
    job = web_job(published=True)
    seeker()
    job_matches_refresh(job=job)
    member = employer_of(job.company)

    job_close(job=job, by=member, reason="filled")

    assert not JobMatch.objects.filter(job=job).exists()


def test_expiry_deletes_the_matches_of_expired_jobs_only():
    expiring = web_job(published=True)
    staying = web_job(published=True)
    seeker()
    job_matches_refresh(job=expiring)
    job_matches_refresh(job=staying)
    Job.objects.filter(pk=expiring.pk).update(closing_date=timezone.localdate() - timedelta(days=1))

    assert jobs_expire_due() == 1

    assert set(JobMatch.objects.values_list("job_id", flat=True)) == {staying.pk}


def test_a_job_past_its_expiry_drops_out_of_recommendations_before_the_expiry_task_runs():
    user = seeker()
    job = web_job(published=True)
    job_matches_refresh(job=job)
    Job.objects.filter(pk=job.pk).update(closing_date=timezone.localdate() - timedelta(days=1))

    assert JobMatch.objects.filter(job=job).exists()
    assert not JobMatch.objects.for_seeker_recommendations(user).exists()
    # A refresh of a job that is no longer open removes its rows.
    assert job_matches_refresh(job=job)["deleted"] == 1


@pytest.mark.parametrize("trait", ["pending", "closed", "expired", "rejected"])
def test_a_job_that_is_not_open_gets_no_matches(trait):
    seeker()
    job = web_job(**{trait: True})

    job_matches_refresh(job=job)
    matches_refresh_all()

    assert not JobMatch.objects.exists()


def test_a_live_edit_of_skills_rescores_and_a_material_edit_removes_the_matches(on_commit):
    user = seeker(skills=["python", "fastapi"])
    job = web_job(published=True, title="Backend Engineer")
    member = employer_of(job.company)
    job_matches_refresh(job=job)
    assert not JobMatch.objects.exists()
    fields = {name: getattr(job, name) for name in EDITABLE_FIELDS}

    with on_commit():
        job_update(
            job=job,
            by=member,
            fields=fields,
            required_skills=[skill("python"), skill("fastapi")],
            applicant_locations=["EUROPE"],
        )
    assert JobMatch.objects.get(job=job, seeker=user).score == 100

    with on_commit():
        job = job_update(
            job=job,
            by=member,
            fields={**fields, "title": "Staff Engineer"},
            required_skills=[skill("python"), skill("fastapi")],
            applicant_locations=["EUROPE"],
        )
    assert job.status == Job.Status.PENDING
    assert not JobMatch.objects.exists()


def test_reopening_a_closed_job_brings_its_matches_back(on_commit):
    seeker()
    job = web_job(published=True)
    member = employer_of(job.company)
    job_close(job=job, by=member, reason="no_longer_hiring")

    with on_commit():
        job_reopen(job=job, by=member)

    assert JobMatch.objects.filter(job=job).count() == 1


# --- Profiles changing ------------------------------------------------------------------------------


def test_saving_the_profile_rescores_it_against_open_jobs(on_commit):
    user = seeker(skills=["python", "django"])
    job = web_job(published=True)
    other = web_job(published=True, required_skills=["fastapi"], nice_skills=[])
    seeker_matches_refresh(user=user)
    assert JobMatch.objects.get(seeker=user, job=job).score == 73

    with on_commit():
        seeker_profile_update(user=user, fields={}, skills=[skill(slug) for slug in [*WEB, "fastapi"]])

    assert JobMatch.objects.get(seeker=user, job=job).score == 90
    assert JobMatch.objects.get(seeker=user, job=other).score == 100

    with on_commit():
        seeker_profile_update(user=user, fields={}, skills=[skill("kubernetes")])

    assert not JobMatch.objects.filter(seeker=user).exists()


def test_opting_out_keeps_recommendations_but_hides_the_seeker_from_employers(on_commit):
    user = seeker()
    job = web_job(published=True)
    job_matches_refresh(job=job)
    assert list(JobMatch.objects.suggested_candidates_for(job).values_list("seeker", flat=True)) == [user.pk]

    with on_commit():
        seeker_profile_update(user=user, fields={"open_to_matching": False})

    assert JobMatch.objects.for_seeker_recommendations(user).count() == 1
    assert not JobMatch.objects.suggested_candidates_for(job).exists()


def test_a_deactivated_account_loses_its_matches():
    user = seeker()
    job = web_job(published=True)
    job_matches_refresh(job=job)
    user.is_active = False
    user.save()

    assert not JobMatch.objects.suggested_candidates_for(job).exists()
    seeker_matches_refresh(user=user)
    assert not JobMatch.objects.exists()


# --- The nightly safety net -------------------------------------------------------------------------


def test_refresh_all_computes_every_pair_and_prunes_what_no_longer_applies():
    fit, gone = seeker(), seeker()
    job = web_job(published=True)
    closed = web_job(closed=True)
    # Rows that should not exist: a closed job's, and a seeker whose profile was deleted.
    JobMatch.objects.create(job=closed, seeker=fit, score=90, reasons=[], computed_at=timezone.now())
    SeekerProfile.objects.filter(user=gone).delete()
    JobMatch.objects.create(job=job, seeker=gone, score=90, reasons=[], computed_at=timezone.now())

    result = matches_refresh_all()

    assert result == {"pruned": 2, "jobs": 1, "seekers": 0}
    assert set(JobMatch.objects.values_list("job_id", "seeker_id")) == {(job.pk, fit.pk)}


def test_the_nightly_task_recomputes_what_changed_in_the_last_day():
    """A lost enqueue (broker down at commit) is caught up by the nightly run."""
    user = seeker()
    recent = web_job(published=True)
    old = web_job(published=True)
    long_ago = timezone.now() - timedelta(days=3)
    Job.objects.filter(pk=old.pk).update(published_at=long_ago, updated_at=long_ago)
    SeekerProfile.objects.filter(user=user).update(updated_at=long_ago)

    result = matches_refresh_all_task.delay().get()

    assert result == {"pruned": 0, "jobs": 1, "seekers": 0}
    assert set(JobMatch.objects.values_list("job_id", flat=True)) == {recent.pk}

    SeekerProfile.objects.filter(user=user).update(updated_at=timezone.now())
    assert matches_refresh_all_task.delay().get()["seekers"] == 1
    assert set(JobMatch.objects.values_list("job_id", flat=True)) == {recent.pk, old.pk}


# --- Both bulk directions agree with scoring every pair ------------------------------------------


def test_the_bulk_readers_keep_exactly_the_pairs_that_reach_the_threshold():
    """The SQL prefilters (skills, location gate, upper bound) drop no pair that would
    match, in either direction: compare with scoring every pair in Python."""
    rng = random.Random(7)
    pool = ["python", "django", "postgresql", "fastapi", "docker", "kubernetes", "redis", "celery", "aws"]
    countries = ["DE", "FR", "US", "BR", ""]
    company = CompanyFactory()
    jobs = []
    for _ in range(12):
        mode = rng.choice(["remote", "hybrid", "onsite"])
        required = rng.sample(pool, rng.randint(1, 4))
        jobs.append(
            JobFactory(
                company=company,
                published=True,
                level=rng.choice(["entry", "mid", "senior", "lead"]),
                open_to_juniors=rng.random() < 0.3,
                work_mode=mode,
                country=rng.choice(["DE", "US", "FR"]),
                relocation_help=rng.random() < 0.4,
                salary_min=60_000,
                salary_max=rng.choice([60_000, 90_000, 130_000]),
                salary_currency=rng.choice(["EUR", "USD"]),
                required_skills=required,
                nice_skills=rng.sample([s for s in pool if s not in required], rng.randint(0, 2)),
                applicant_locations=rng.choice([["EUROPE"], ["US"], ["WORLDWIDE"], ["EU", "GB"]]),
            )
        )
    users = [
        seeker(
            skills=rng.sample(pool, rng.randint(1, 6)),
            country=rng.choice(countries),
            level=rng.choice(["", "entry", "mid", "senior", "lead"]),
            years_experience=rng.choice([None, 1, 4, 9]),
            wants_remote=rng.random() < 0.6,
            wants_hybrid=rng.random() < 0.4,
            wants_onsite=rng.random() < 0.3,
            desired_salary=rng.choice([None, 50_000, 90_000, 140_000]),
            desired_currency=rng.choice(["EUR", "USD"]),
        )
        for _ in range(25)
    ]
    expected = {}
    for job in jobs:
        for user in users:
            match = facts.match_for_viewer(Job.objects.for_detail_page().get(pk=job.pk), user)
            if match.is_match:
                expected[(job.pk, user.pk)] = (match.score, match.reasons)
    assert 10 < len(expected) < len(jobs) * len(users)

    for job in jobs:
        job_matches_refresh(job=job)
    assert rows() == expected

    JobMatch.objects.all().delete()
    for user in users:
        seeker_matches_refresh(user=user)
    assert rows() == expected
