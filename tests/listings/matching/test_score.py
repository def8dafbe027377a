"""The match score of one (job, seeker) pair: each factor on its own, the gates, the threshold,
and skill aliases (both sides are taxonomy skills)."""

import dataclasses

import pytest
from django.urls import reverse

from accounts.models import SeekerProfile
from listings.matching import facts, scoring
from listings.matching.scoring import THRESHOLD, JobFacts, SeekerFacts, score
from tests.factories import JobFactory, UserFactory, skill

DJANGO, POSTGRES, PYTHON, DOCKER, AWS = 1, 2, 3, 4, 5


def a_job(**changes):
    job = JobFacts(
        pk=1,
        level="senior",
        open_to_juniors=False,
        work_mode="remote",
        country="NL",
        relocation_help=False,
        salary_min_usd=80_000,
        salary_max_usd=100_000,
        required=((DJANGO, "Django"), (POSTGRES, "PostgreSQL"), (PYTHON, "Python")),
        nice=((AWS, "AWS"), (DOCKER, "Docker")),
        location_codes=frozenset({"EUROPE"}),
    )
    return dataclasses.replace(job, **changes)


def a_seeker(**changes):
    seeker = SeekerFacts(
        user_id=1,
        level="senior",
        years=6,
        country="DE",
        modes=frozenset({"remote"}),
        desired_usd=90_000,
        skill_ids=frozenset({DJANGO, POSTGRES, PYTHON, DOCKER, AWS}),
    )
    return dataclasses.replace(seeker, **changes)


def reason(match, factor):
    return next(r for r in match.reasons if r["factor"] == factor)


def test_a_perfect_fit_scores_100_with_every_reason_ok():
    match = score(a_job(), a_seeker())

    assert match.score == 100
    assert match.is_match
    assert [r["factor"] for r in match.reasons] == [
        "required_skills",
        "nice_skills",
        "level",
        "location",
        "work_mode",
        "salary",
    ]
    assert all(r["ok"] for r in match.reasons)
    # Each reason speaks to its reader: the seeker ("you"), or the employer, about them.
    assert [r["text"] for r in match.reasons] == [
        "You know all 3 required skills: Django, PostgreSQL, Python",
        "You also know both nice-to-have skills: AWS, Docker",
        "Your level fits: you're senior",
        "Remote, open to residents of Germany, where you live",
        "You want remote work",
        "What you want is within the salary range",
    ]
    assert [r["employer_text"] for r in match.reasons] == [
        "Knows all 3 required skills: Django, PostgreSQL, Python",
        "Also knows both nice-to-have skills: AWS, Docker",
        "Level fits: Senior",
        "Remote, open to residents of Germany, where they live",
        "Wants remote work",
        "What they want is within your range",
    ]


# --- Skills ----------------------------------------------------------------------------


def test_missing_required_skills_are_named_and_cost_their_share():
    match = score(a_job(), a_seeker(skill_ids=frozenset({DJANGO, PYTHON, DOCKER, AWS})))

    assert reason(match, "required_skills") == {
        "factor": "required_skills",
        "ok": False,
        "text": "You know 2 of the 3 required skills: Django, Python; missing: PostgreSQL",
        "employer_text": "Knows 2 of the 3 required skills: Django, Python; missing: PostgreSQL",
    }
    assert match.score == round(100 - 50 / 3)  # 83


def test_covering_none_of_the_required_skills_is_not_a_match_whatever_else_fits():
    match = score(a_job(), a_seeker(skill_ids=frozenset({DOCKER, AWS})))

    assert match.score == 0
    assert not match.is_match
    assert reason(match, "required_skills")["text"] == (
        "None of the job's 3 required skills is on your profile: Django, PostgreSQL, Python"
    )


def test_nice_to_have_skills_add_their_share():
    match = score(a_job(), a_seeker(skill_ids=frozenset({DJANGO, POSTGRES, PYTHON, DOCKER})))

    assert reason(match, "nice_skills") == {
        "factor": "nice_skills",
        "ok": True,
        "text": "You also know 1 of the 2 nice-to-have skills: Docker",
        "employer_text": "Also knows 1 of the 2 nice-to-have skills: Docker",
    }
    assert match.score == 95

    none = score(a_job(), a_seeker(skill_ids=frozenset({DJANGO, POSTGRES, PYTHON})))
    assert reason(none, "nice_skills")["text"] == (
        "The job's nice-to-have skills are not on your profile: AWS, Docker"
    )
    assert none.score == 90

    one_missing = score(a_job(nice=((AWS, "AWS"),)), a_seeker(skill_ids=frozenset({DJANGO, PYTHON})))
    assert reason(one_missing, "nice_skills")["text"] == (
        "The job's nice-to-have skill is not on your profile: AWS"
    )


def test_a_job_without_nice_to_have_skills_weighs_the_required_ones_60():
    job = a_job(nice=())
    two_of_three = score(job, a_seeker(skill_ids=frozenset({DJANGO, PYTHON})))

    assert [r["factor"] for r in two_of_three.reasons][:2] == ["required_skills", "level"]
    assert two_of_three.score == 80  # 60 x 2/3 + 40


# --- Level ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "years", "open_to_juniors", "points", "text", "employer_text"),
    [
        ("senior", 6, False, 12, "Your level fits: you're senior", "Level fits: Senior"),
        (
            "lead",
            9,
            False,
            6,
            "One level above the job: you're at lead/staff level, it's a senior role",
            "One level above your job: Lead/staff level, for a senior role",
        ),
        (
            "mid",
            3,
            False,
            6,
            "One level below the job: you're mid-level, it's a senior role",
            "One level below your job: Mid-level, for a senior role",
        ),
        (
            "entry",
            1,
            False,
            0,
            "The job is a senior role; you're at entry level",
            "Entry level, for a senior role",
        ),
        (
            "entry",
            1,
            True,
            12,
            "The job is open to juniors, and you're at entry level",
            "Entry level, and your job is open to juniors",
        ),
        (
            "",
            6,
            False,
            12,
            "Your level fits: you're senior (from 6 years of experience)",
            "Level fits: Senior (from 6 years of experience)",
        ),
        (
            "",
            1,
            False,
            0,
            "The job is a senior role; you're at entry level (from 1 year of experience)",
            "Entry level (from 1 year of experience), for a senior role",
        ),
        ("", None, False, 6, "You haven't said your level", "Level not stated"),
    ],
)
def test_level_fit(level, years, open_to_juniors, points, text, employer_text):
    match = score(a_job(open_to_juniors=open_to_juniors), a_seeker(level=level, years=years))

    assert reason(match, "level")["text"] == text
    assert reason(match, "level")["employer_text"] == employer_text
    assert reason(match, "level")["ok"] is (points == 12)
    assert match.score == 88 + points


# --- Work mode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modes", "points", "text"),
    [
        ({"remote", "hybrid"}, 10, "You want remote work"),
        (set(), 10, "You're open to any work mode"),
        ({"onsite", "hybrid"}, 0, "You prefer hybrid or on-site; the job is remote"),
    ],
)
def test_work_mode_fit(modes, points, text):
    match = score(a_job(), a_seeker(modes=frozenset(modes)))

    assert reason(match, "work_mode")["text"] == text
    assert match.score == 90 + points


# --- Location ----------------------------------------------------------------------------------


def test_a_remote_job_counts_a_region_admitting_the_seekers_country():
    match = score(a_job(location_codes=frozenset({"EU", "GB"})), a_seeker(country="FR"))

    assert reason(match, "location") == {
        "factor": "location",
        "ok": True,
        "text": "Remote, open to residents of France, where you live",
        "employer_text": "Remote, open to residents of France, where they live",
    }
    assert match.score == 100


def test_a_remote_job_not_open_to_the_seekers_country_is_not_a_match():
    match = score(a_job(location_codes=frozenset({"EUROPE"})), a_seeker(country="BR"))

    assert match.score == 0
    assert reason(match, "location") == {
        "factor": "location",
        "ok": False,
        "text": "Remote, not open to residents of Brazil, where you live",
        "employer_text": "Remote, not open to residents of Brazil, where they live",
    }


def test_a_remote_job_and_a_seeker_without_a_country():
    worldwide = score(a_job(location_codes=frozenset({"WORLDWIDE"})), a_seeker(country=""))
    some = score(a_job(location_codes=frozenset({"EUROPE"})), a_seeker(country=""))

    assert reason(worldwide, "location")["text"] == "Remote, open worldwide"
    assert worldwide.score == 100
    assert reason(some, "location")["text"] == (
        "Remote for some countries only; you haven't said where you live"
    )
    assert some.score == 95


@pytest.mark.parametrize(
    ("seeker_country", "relocation_help", "expected_score", "text"),
    [
        ("NL", False, 100, "On-site in Netherlands, where you live"),
        ("DE", True, 95, "On-site in Netherlands with relocation help (you live in Germany)"),
        ("DE", False, 0, "On-site in Netherlands, no relocation help (you live in Germany)"),
        ("", False, 95, "You haven't said where you live"),
    ],
)
def test_on_site_jobs_want_the_same_country_or_relocation_help(
    seeker_country, relocation_help, expected_score, text
):
    job = a_job(work_mode="onsite", relocation_help=relocation_help, location_codes=frozenset())
    match = score(job, a_seeker(country=seeker_country, modes=frozenset({"onsite"})))

    assert reason(match, "location")["text"] == text
    assert match.score == expected_score


def test_a_remote_only_seeker_is_no_match_for_an_on_site_job_abroad_even_with_relocation_help():
    """Relocation helps someone who would work there; this seeker asked for remote work
    only (it scored 77 when relocation alone made the job reachable)."""
    job = a_job(work_mode="onsite", relocation_help=True, location_codes=frozenset(), nice=())
    match = score(job, a_seeker(country="DE", modes=frozenset({"remote"})))

    assert match.score == 0
    assert not match.is_match
    assert reason(match, "location") == {
        "factor": "location",
        "ok": False,
        "text": "On-site in Netherlands; you want remote work (you live in Germany)",
        "employer_text": "On-site in Netherlands; they want remote work (they live in Germany)",
    }
    assert match.main_reason == reason(match, "location")
    # Who would go on site, or named no mode, still fits with relocation help.
    assert score(job, a_seeker(country="DE", modes=frozenset({"remote", "onsite"}))).score == 95
    assert score(job, a_seeker(country="DE", modes=frozenset())).score == 95


# --- Salary ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("desired", "points", "text"),
    [
        (90_000, 8, "What you want is within the salary range"),
        (70_000, 8, "The salary is at or above what you want"),
        (110_000, 4, "You want slightly more than the range"),
        (150_000, 0, "You want more than the range"),
        (None, 4, "You haven't said your desired salary"),
    ],
)
def test_salary_overlap_in_yearly_usd(desired, points, text):
    match = score(a_job(), a_seeker(desired_usd=desired))

    assert reason(match, "salary")["text"] == text
    assert match.score == 92 + points


def test_a_desired_salary_in_another_currency_is_compared_in_yearly_usd():
    # 100,000 EUR a year is about 108,000 USD: slightly above a 100,000 USD maximum.
    desired = scoring.desired_yearly_usd(100_000, "EUR")

    assert desired == 108_000
    match = score(a_job(), a_seeker(desired_usd=desired))
    assert reason(match, "salary")["text"] == "You want slightly more than the range"


# --- Threshold -------------------------------------------------------------------------------------


def test_the_threshold_needs_half_the_required_skills_even_when_all_else_fits():
    job = a_job(nice=(), required=tuple((n, f"Skill {n}") for n in range(1, 7)))

    assert score(job, a_seeker(skill_ids=frozenset({1, 2, 3}))).score == THRESHOLD == 70
    assert score(job, a_seeker(skill_ids=frozenset({1, 2, 3}))).is_match
    assert not score(job, a_seeker(skill_ids=frozenset({1, 2}))).is_match


# --- Aliases: both sides are taxonomy skills ---------------------------------------------------------


@pytest.mark.django_db
def test_typed_names_and_aliases_resolve_to_the_taxonomy_skill():
    assert facts.skills_named(["postgres", "PSQL", "PostgreSQL", "pg", "nonsense"]) == [skill("postgresql")]


@pytest.mark.django_db
def test_a_seeker_who_knows_postgres_matches_a_job_asking_for_postgresql(client):
    """The profile form stores the taxonomy skill (its label lists the aliases), and
    so does the job form: "postgres" on one side is PostgreSQL on the other."""
    seeker = UserFactory(seeker=True)
    client.force_login(seeker)
    postgres = facts.skills_named(["postgres"])  # what the seeker calls it
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Jane Doe",
            "country": "DE",
            "level": "senior",
            "skills": ["python", *(s.slug for s in postgres)],
            "desired_currency": "EUR",
            "wants_remote": "on",
        },
    )
    assert response.status_code == 302
    job = JobFactory(published=True, required_skills=["python", "postgresql"], nice_skills=[])

    match = facts.match_for_viewer(job, seeker)

    profile = SeekerProfile.objects.get(user=seeker)
    assert list(profile.skills.values_list("name", flat=True)) == ["PostgreSQL", "Python"]
    assert reason(match, "required_skills")["text"] == "You know both required skills: PostgreSQL, Python"
