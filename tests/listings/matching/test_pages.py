"""Matching on the site: "Recommended for you", the "How you match" box of a job page,
an employer's suggested candidates (who may see them, what they show) and the match
score on the applicants board."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from listings.models import JobMatch
from listings.services.jobs import job_close
from listings.services.matching import job_matches_refresh
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    JobFactory,
    SeekerProfileFactory,
    UserFactory,
    employer_of,
)

pytestmark = pytest.mark.django_db

RECOMMENDED = reverse("listings:recommended")
WEB = ["python", "django", "postgresql"]


def seeker(skills=WEB, **profile):
    fields = {
        "headline": "Backend developer: Django and PostgreSQL",
        "city": "Berlin",
        "country": "DE",
        "level": "senior",
        "years_experience": 7,
        "wants_remote": True,
        "desired_salary": 80_000,
        "desired_currency": "EUR",
        "open_to_matching": True,
        **profile,
    }
    return SeekerProfileFactory(
        user=UserFactory(seeker=True, email=f"private-{UserFactory._meta.model.objects.count()}@example.com"),
        skills=skills,
        **fields,
    ).user


def web_job(**fields):
    defaults = {
        "level": "senior",
        "work_mode": "remote",
        "salary_min": 70_000,
        "salary_max": 95_000,
        "salary_currency": "EUR",
        "required_skills": WEB,
        "nice_skills": ["docker"],
        "applicant_locations": ["EUROPE"],
        "published": True,
    }
    return JobFactory(**{**defaults, **fields})


def refreshed(job):
    job_matches_refresh(job=job)
    return job


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Recommended for you -----------------------------------------------------------------------------


def test_a_seeker_sees_their_best_matches_first_with_the_reasons(client):
    user = seeker()
    best = refreshed(web_job(title="Django Platform Engineer", nice_skills=[]))
    partial = refreshed(web_job(title="Django and Kubernetes Engineer", required_skills=[*WEB, "kubernetes"]))
    client.force_login(user)

    response = client.get(RECOMMENDED)

    assert response.status_code == 200
    content = text_of(response)
    assert content.index("Django Platform Engineer") < content.index("Django and Kubernetes Engineer")
    assert [m.job for m in response.context["matches"]] == [best, partial]
    assert "You know all 3 required skills: Django, PostgreSQL, Python" in content
    assert "You know 3 of the 4 required skills: Django, PostgreSQL, Python; missing: Kubernetes" in content
    assert "Remote, open to residents of Germany, where you live" in content
    assert "What you want is within the salary range" in content
    assert "2 jobs fit you with a score of 70 or more." in content


def test_closed_jobs_and_other_seekers_matches_are_not_recommended(client):
    user = seeker()
    open_job = refreshed(web_job(title="Open Django job"))
    closed = refreshed(web_job(title="Closed Django job"))
    job_close(job=closed, by=employer_of(closed.company), reason="filled")
    refreshed(web_job(title="Someone else's match", required_skills=["fastapi"], nice_skills=[]))
    seeker(skills=["fastapi"])
    refreshed(web_job(title="Fastapi job", required_skills=["fastapi"], nice_skills=[]))
    client.force_login(user)

    response = client.get(RECOMMENDED)

    assert [m.job for m in response.context["matches"]] == [open_job]
    assert "Closed Django job" not in response.text


def test_a_seeker_without_skills_is_asked_to_complete_the_profile(client):
    client.force_login(UserFactory(seeker=True))
    web_job()

    response = client.get(RECOMMENDED)

    assert response.status_code == 200
    assert "Add your skills to get recommendations" in response.text
    assert reverse("accounts:profile") in response.text


def test_a_seeker_without_matches_is_told_what_to_do(client):
    client.force_login(seeker(skills=["kubernetes"], country="", desired_salary=None))

    response = client.get(RECOMMENDED)

    content = text_of(response)
    assert "No open job fits your profile well enough yet" in content
    assert "add the country you live in, your desired salary to" in content


def test_a_seeker_who_did_not_opt_in_still_gets_recommendations_and_is_told_employers_cant_see_them(client):
    user = seeker(open_to_matching=False)
    refreshed(web_job(title="Django Platform Engineer"))
    client.force_login(user)

    response = client.get(RECOMMENDED)

    assert "Django Platform Engineer" in response.text
    assert "Employers can't find you through matching." in text_of(response)


def test_recommendations_are_for_seekers(client):
    response = client.get(RECOMMENDED)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(employer_of(CompanyFactory()))
    assert client.get(RECOMMENDED).status_code == 403


def test_recommendations_are_paginated(client, settings):
    user = seeker()
    for n in range(22):
        refreshed(web_job(title=f"Django job {n}"))
    client.force_login(user)

    first = client.get(RECOMMENDED)
    second = client.get(RECOMMENDED, {"page": 2})
    junk = client.get(RECOMMENDED, {"page": "junk"})

    assert len(first.context["matches"]) == 20
    assert len(second.context["matches"]) == 2
    assert junk.status_code == 200


@pytest.mark.parametrize("n", [1, 15])
def test_the_recommended_page_query_count_is_flat(client, django_assert_num_queries, n):
    user = seeker()
    for _ in range(n):
        refreshed(web_job())
    client.force_login(user)

    # session, user, profile, has skills, count, saved job ids, page of
    # matches + jobs + companies, the jobs' skills
    with django_assert_num_queries(8):
        response = client.get(RECOMMENDED)
    assert len(response.context["matches"]) == n


# --- How you match (job page) ----------------------------------------------------------------------


def test_the_job_page_tells_a_seeker_how_they_match(client):
    job = web_job(required_skills=[*WEB, "kubernetes"])
    client.force_login(seeker())

    response = client.get(job.get_absolute_url())

    content = text_of(response)
    assert 'id="how-you-match"' in content
    assert "<strong>78</strong>" in content  # 50 x 3/4 + no nice-to-have + 40
    assert "You know 3 of the 4 required skills: Django, PostgreSQL, Python; missing: Kubernetes" in content
    assert "Remote, open to residents of Germany, where you live" in content


def test_the_box_shows_a_low_score_and_a_non_match_too(client):
    low = web_job(required_skills=["python", "kubernetes", "aws", "terraform"], nice_skills=[])
    elsewhere = web_job(applicant_locations=["US"])
    client.force_login(seeker())

    low_page = text_of(client.get(low.get_absolute_url()))
    elsewhere_page = text_of(client.get(elsewhere.get_absolute_url()))

    assert "Below the 70 we recommend jobs at." in low_page
    assert "Not a match" in elsewhere_page
    assert "Remote, not open to residents of Germany, where you live" in elsewhere_page


def test_a_seeker_without_a_profile_is_invited_to_complete_it(client):
    client.force_login(UserFactory(seeker=True))

    response = client.get(web_job().get_absolute_url())

    assert 'id="how-you-match"' in response.text
    assert "Complete your profile" in response.text


def test_visitors_employers_and_closed_jobs_get_no_box(client):
    job = web_job()
    assert 'id="how-you-match"' not in client.get(job.get_absolute_url()).text

    client.force_login(employer_of(CompanyFactory()))
    assert 'id="how-you-match"' not in client.get(job.get_absolute_url()).text

    closed = web_job(closed=True)
    client.force_login(seeker())
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 410
    assert 'id="how-you-match"' not in response.text


# --- Suggested candidates ---------------------------------------------------------------------------


def candidates_url(job):
    return reverse("employer:job_candidates", args=[job.pk])


def test_a_member_sees_opted_in_candidates_ranked_with_their_profile_and_reasons(member_client, company):
    best = seeker(headline="Senior Django developer, 9 years", skills=[*WEB, "docker"], city="Hamburg")
    second = seeker(headline="Django developer who likes data", skills=["python", "django"])
    seeker(headline="Hidden seeker", open_to_matching=False)
    job = refreshed(web_job(company=company))

    response = member_client.get(candidates_url(job))

    assert response.status_code == 200
    content = text_of(response)
    assert [m.seeker for m in response.context["matches"]] == [best, second]
    assert content.index("Senior Django developer, 9 years") < content.index(
        "Django developer who likes data"
    )
    assert "Hidden seeker" not in content
    assert "Hamburg, Germany" in content
    assert "9 years" in content
    assert "80,000 EUR a year" in content
    assert "Remote" in content
    # Written for the employer: about the candidate, not "you".
    assert "Knows 2 of the 3 required skills: Django, Python; missing: PostgreSQL" in content
    assert "You know" not in content
    assert "where they live" in content
    assert "<strong>100</strong>" in content


def test_the_candidates_page_never_shows_emails_names_or_resumes(member_client, member, company):
    user = seeker()
    user.full_name = "Grace Hopper"
    user.save()
    SeekerProfileFactory(user=user, with_resume=True)
    job = refreshed(web_job(company=company))

    content = member_client.get(candidates_url(job)).content.decode()

    assert len(JobMatch.objects.suggested_candidates_for(job)) == 1
    assert user.email not in content
    assert "@example.com" not in content.replace(member.email, "")
    assert "Grace Hopper" not in content
    assert "my-cv.pdf" not in content
    assert "/resume/" not in content


def test_seekers_who_did_not_opt_in_never_appear_to_employers(member_client, company):
    user = seeker(open_to_matching=False, headline="Private person")
    job = refreshed(web_job(company=company))
    ApplicationFactory(job=job, seeker=user)  # even an applicant: only the board shows them

    response = member_client.get(candidates_url(job))

    assert JobMatch.objects.filter(job=job, seeker=user).exists()  # their own recommendation
    assert "Private person" not in response.text
    assert "No opted-in candidate fits this job well enough yet" in text_of(response)


def test_a_job_that_is_not_published_shows_no_suggestions(member_client, company):
    seeker()
    job = web_job(company=company, published=False, pending=True)

    response = member_client.get(candidates_url(job))

    assert response.status_code == 200
    assert "Suggestions appear while the job is published. This job is pending review." in text_of(response)


def test_another_companys_member_gets_404_and_seekers_and_visitors_are_refused(client):
    job = refreshed(web_job())
    seeker()
    url = candidates_url(job)

    client.force_login(employer_of(CompanyFactory()))
    assert client.get(url).status_code == 404

    client.force_login(seeker())
    response = client.get(url)
    assert response.status_code == 403
    assert b"These pages are for employers" in response.content

    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(url, safe='/')}"


def test_the_dashboard_and_applicants_board_link_to_suggested_candidates(member_client, company):
    job = web_job(company=company)

    dashboard = member_client.get(reverse("employer:dashboard"))
    board = member_client.get(reverse("employer:job_applicants", args=[job.pk]))

    assert candidates_url(job) in dashboard.text
    assert candidates_url(job) in board.text


@pytest.mark.parametrize("n", [1, 15])
def test_the_candidates_page_query_count_is_flat(member_client, company, django_assert_num_queries, n):
    for _ in range(n):
        seeker()
    job = refreshed(web_job(company=company))

    # session, user, verified email, membership + company, job, count,
    # page of matches + profiles, their skills, the job's skill ids, the page's
    # invitations, the page's applications
    with django_assert_num_queries(11):
        response = member_client.get(candidates_url(job))
    assert len(response.context["matches"]) == n


# --- The applicants board shows each candidate's match --------------------------------------------


def test_applicant_cards_show_the_candidates_match_with_the_job(member_client, company):
    job = web_job(company=company)
    fits = seeker(headline="Fits well")
    weak = seeker(headline="Weak fit", skills=["python"], open_to_matching=False)
    ApplicationFactory(job=job, seeker=fits)
    ApplicationFactory(job=job, seeker=weak)
    ApplicationFactory(job=job, seeker=UserFactory(seeker=True))  # no profile: no score

    response = member_client.get(reverse("employer:job_applicants", args=[job.pk]))

    content = text_of(response)
    assert content.count('class="applicant-card__match"') == 2
    assert "Match <strong>90</strong>" in content
    assert "Knows 1 of the 3 required skills: Python; missing: Django, PostgreSQL" in content


def test_an_applicant_ruled_out_by_location_shows_why_not_a_weaker_reason(member_client, company):
    job = web_job(company=company)
    ApplicationFactory(job=job, seeker=seeker(headline="Lives far away", country="JP", city="Tokyo"))

    response = member_client.get(reverse("employer:job_applicants", args=[job.pk]))

    content = text_of(response)
    assert "<strong>Not a match</strong> · " in content
    assert "Remote, not open to residents of Japan, where they live" in content
    assert "Match <strong>0</strong>" not in content
