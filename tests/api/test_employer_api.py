"""The employer API: keys and scopes, jobs through the form's validation and the job
services, applications through the board's services, and another company's rows as 404s."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from api.services.keys import api_key_revoke
from applications.models import Application
from listings.models import Job, JobEvent, Membership
from tests.api.conftest import bearer
from tests.factories import ApplicationFactory, JobFactory, employer_of

pytestmark = pytest.mark.django_db

JOBS = reverse("api:employer_job_list")
NEW_JOB = {
    "title": "Senior Django engineer",
    "level": "senior",
    "employment_type": "full_time",
    "description": "Build **APIs** with Django and PostgreSQL.",
    "work_mode": "remote",
    "applicant_locations": ["EUROPE", "us"],
    "salary_min": 80000,
    "salary_max": 100000,
    "salary_currency": "EUR",
    "salary_period": "year",
    "required_skills": ["python", "django"],
    "nice_skills": ["docker"],
    "apply_method": "onsite",
}


def job_url(job, name="employer_job_detail"):
    return reverse(f"api:{name}", kwargs={"pk": job.pk})


def applications_url(application, name="employer_application_detail"):
    return reverse(f"api:{name}", kwargs={"job_pk": application.job_id, "pk": application.pk})


def test_a_job_is_created_as_a_draft_through_the_job_services(client, company, make_key):
    _, key = make_key(company)

    response = client.post(JOBS, NEW_JOB, content_type="application/json", headers=bearer(key))

    assert response.status_code == 201, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.company, job.status, job.title) == (company, Job.Status.DRAFT, "Senior Django engineer")
    assert "<strong>APIs</strong>" in job.description_html  # derived by the service
    assert sorted(job.applicant_locations.values_list("code", flat=True)) == ["EUROPE", "US"]
    assert {skill["slug"] for skill in response.json()["required_skills"]} == {"python", "django"}
    assert response.json()["nice_skills"] == [{"slug": "docker", "name": "Docker"}]
    assert JobEvent.objects.filter(job=job, note="Created").exists()


def test_submit_true_sends_it_to_review(client, company, make_key):
    _, key = make_key(company)

    response = client.post(
        JOBS, {**NEW_JOB, "submit": True}, content_type="application/json", headers=bearer(key)
    )

    assert response.json()["status"] == "pending"
    assert Job.objects.get(pk=response.json()["id"]).submitted_at is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"salary_min": 200000}, "salary_max"),  # the form's "maximum must be at least the minimum"
        ({"applicant_locations": []}, "applicant_locations"),
        ({"work_mode": "onsite"}, "country"),
        ({"required_skills": ["no-such-skill"]}, "required_skills"),
        ({"closing_date": "2001-01-01"}, "closing_date"),
        ({"apply_method": "external"}, "apply_url"),
    ],
)
def test_the_job_forms_validation_applies_with_its_messages(client, company, make_key, change, field):
    _, key = make_key(company)

    response = client.post(JOBS, {**NEW_JOB, **change}, content_type="application/json", headers=bearer(key))

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "body", ["not json", '{"salary_min": "lots"}', '{"required_skills": "django"}', "[]"]
)
def test_malformed_bodies_are_400s(client, company, make_key, body):
    _, key = make_key(company)

    response = client.post(JOBS, body, content_type="application/json", headers=bearer(key))

    assert response.status_code == 400


def test_a_material_edit_of_a_published_job_goes_back_to_review_and_a_small_one_does_not(
    client, company, make_key
):
    _, key = make_key(company)
    job = JobFactory(published=True, company=company, city="Berlin")

    small = client.patch(
        job_url(job), {"city": "Hamburg"}, content_type="application/json", headers=bearer(key)
    )
    material = client.patch(
        job_url(job), {"title": "Staff Django engineer"}, content_type="application/json", headers=bearer(key)
    )

    assert small.status_code == 200, small.content
    assert small.json()["status"] == "published"
    assert material.json()["status"] == "pending"
    assert material.json()["material_changes"] == ["title"]
    job.refresh_from_db()
    assert (job.city, job.title, job.status) == ("Hamburg", "Staff Django engineer", Job.Status.PENDING)


def test_close_and_submit_follow_the_lifecycle(client, company, make_key):
    _, key = make_key(company)
    live = JobFactory(published=True, company=company)
    draft = JobFactory(company=company)

    closed = client.post(
        job_url(live, "employer_job_close"),
        {"reason": "filled"},
        content_type="application/json",
        headers=bearer(key),
    )
    not_live = client.post(
        job_url(draft, "employer_job_close"),
        {"reason": "filled"},
        content_type="application/json",
        headers=bearer(key),
    )
    submitted = client.post(job_url(draft, "employer_job_submit"), headers=bearer(key))

    assert closed.json()["status"] == "closed"
    assert closed.json()["close_reason"] == "filled"
    assert not_live.status_code == 409
    assert "can't be closed" in not_live.json()["detail"]
    assert submitted.json()["status"] == "pending"


def test_the_jobs_list_shows_the_companys_jobs_only_in_pages(client, company, other_company, make_key):
    _, key = make_key(company)
    mine = JobFactory.create_batch(3, company=company)
    JobFactory(company=other_company)

    data = client.get(JOBS, headers=bearer(key)).json()

    assert [job["id"] for job in data["results"]] == sorted((job.pk for job in mine), reverse=True)
    assert data["next"] is None


# --- Keys: scopes, revocation, owners -------------------------------------------------


def test_without_a_key_the_employer_api_is_401(client, company):
    job = JobFactory(company=company)

    assert client.get(JOBS).status_code == 401
    assert client.get(JOBS, headers=bearer("jpk_nothing_here")).status_code == 401
    assert client.get(job_url(job), headers={"authorization": "Bearer"}).status_code == 401
    assert client.get(JOBS, headers=bearer("jpk_é_x")).status_code == 401


def test_each_scope_opens_only_its_endpoints(client, company, make_key):
    job = JobFactory(published=True, company=company)
    application = ApplicationFactory(job=job)
    _, read_only = make_key(company, scopes=["applications:read"])
    _, jobs_only = make_key(company, scopes=["jobs:write"])

    assert (
        client.post(JOBS, NEW_JOB, content_type="application/json", headers=bearer(read_only)).status_code
        == 403
    )
    assert client.get(applications_url(application), headers=bearer(read_only)).status_code == 200
    move = client.post(
        applications_url(application, "employer_application_move"),
        {"to": "in_review"},
        content_type="application/json",
        headers=bearer(read_only),
    )
    assert move.status_code == 403
    assert "applications:write" in move.json()["detail"]
    assert client.get(applications_url(application), headers=bearer(jobs_only)).status_code == 403
    assert (
        client.post(JOBS, NEW_JOB, content_type="application/json", headers=bearer(jobs_only)).status_code
        == 201
    )
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_a_revoked_key_is_refused_at_once(client, company, make_key):
    row, key = make_key(company)
    assert client.get(JOBS, headers=bearer(key)).status_code == 200

    api_key_revoke(api_key=row, by=row.created_by)

    response = client.get(JOBS, headers=bearer(key))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_key_stops_working_when_its_creator_leaves_the_company(client, company, make_key):
    row, key = make_key(company)
    Membership.objects.filter(user=row.created_by).delete()

    assert client.get(JOBS, headers=bearer(key)).status_code == 401


def test_a_key_records_when_it_was_last_used(client, company, make_key):
    row, key = make_key(company)
    assert row.last_used_at is None

    client.get(JOBS, headers=bearer(key))

    row.refresh_from_db()
    assert timezone.now() - row.last_used_at < timedelta(seconds=30)


def test_the_key_is_stored_only_as_a_hash(company, make_key):
    row, key = make_key(company)

    assert key not in str(list(ApiKey.objects.values_list()))
    assert key.startswith(f"jpk_{row.prefix}_")


# --- Another company's rows -----------------------------------------------------------


def test_a_key_of_another_company_gets_404_and_changes_nothing(client, company, other_company, make_key):
    """Every employer API URL with an id: employer_job_detail, employer_job_submit,
    employer_job_close, employer_application_list, employer_application_detail,
    employer_application_move, and the resume link of another key (resume)."""
    _, stranger = make_key(other_company)
    _, own = make_key(company)
    draft = JobFactory(company=company)
    live = JobFactory(published=True, company=company)
    application = ApplicationFactory(job=live)
    resume_url = client.get(applications_url(application), headers=bearer(own)).json()["resume"]["url"]
    before = (
        list(Job.objects.order_by("pk").values_list("status", "title")),
        list(Application.objects.values_list("status", flat=True)),
    )
    attempts = [
        ("get", job_url(live), None),
        ("patch", job_url(live), {"title": "Taken over"}),
        ("post", job_url(draft, "employer_job_submit"), None),
        ("post", job_url(live, "employer_job_close"), {"reason": "filled"}),
        ("get", reverse("api:employer_application_list", kwargs={"job_pk": live.pk}), None),
        ("get", applications_url(application), None),
        ("post", applications_url(application, "employer_application_move"), {"to": "interview"}),
    ]

    for method, url, data in attempts:
        response = getattr(client, method)(
            url, data or {}, content_type="application/json", headers=bearer(stranger)
        )
        assert response.status_code == 404, (method, url, response.content)
    # The job's id in another company's job URL doesn't reach it either.
    other_job = JobFactory(published=True, company=other_company)
    crossed = reverse(
        "api:employer_application_detail", kwargs={"job_pk": other_job.pk, "pk": application.pk}
    )
    assert client.get(crossed, headers=bearer(stranger)).status_code == 404
    assert (
        list(Job.objects.filter(company=company).order_by("pk").values_list("status", "title")),
        list(Application.objects.values_list("status", flat=True)),
    ) == before
    assert client.get(resume_url).status_code == 200  # the link itself is the credential
    ApiKey.objects.update(revoked_at=timezone.now())
    assert client.get(resume_url).status_code == 404  # ...until its key is revoked


# --- Applications ---------------------------------------------------------------------


def test_an_application_has_its_cover_letter_history_and_a_short_lived_resume_link(
    client, company, make_key, monkeypatch
):
    _, key = make_key(company)
    application = ApplicationFactory(job=JobFactory(published=True, company=company), cover_letter="Hello!")

    listed = client.get(
        reverse("api:employer_application_list", kwargs={"job_pk": application.job_id}), headers=bearer(key)
    ).json()
    data = client.get(applications_url(application), headers=bearer(key)).json()

    assert [row["id"] for row in listed["results"]] == [application.pk]
    assert data["cover_letter"] == "Hello!"
    assert data["candidate"]["email"] == application.seeker.email
    assert [stage["to_status"] for stage in data["stage_history"]] == ["submitted"]
    download = client.get(data["resume"]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    monkeypatch.setattr("api.views.employer_applications.RESUME_LINK_LIFETIME", timedelta(seconds=-1))
    assert client.get(data["resume"]["url"]).status_code == 404
    assert client.get(reverse("api:resume", kwargs={"token": "forged"})).status_code == 404


def test_moving_an_application_emails_the_candidate_as_the_board_does(client, company, make_key, on_commit):
    _, key = make_key(company)
    application = ApplicationFactory(job=JobFactory(published=True, company=company))
    url = applications_url(application, "employer_application_move")

    with on_commit():
        response = client.post(url, {"to": "interview"}, content_type="application/json", headers=bearer(key))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "interview"
    assert [stage["to_status"] for stage in response.json()["stage_history"]] == ["submitted", "interview"]
    assert [message.to for message in mail.outbox] == [[application.seeker.email]]
    assert "interview" in mail.outbox[0].subject.lower()
    again = client.post(url, {"to": "interview"}, content_type="application/json", headers=bearer(key))
    assert again.status_code == 409
    bad = client.post(url, {"to": "submitted"}, content_type="application/json", headers=bearer(key))
    assert bad.status_code == 400


def test_the_member_who_moved_it_is_the_keys_creator(client, company, make_key):
    recruiter = employer_of(company, role="recruiter")
    _, key = make_key(company, by=recruiter)
    application = ApplicationFactory(job=JobFactory(published=True, company=company))

    client.post(
        applications_url(application, "employer_application_move"),
        {"to": "in_review"},
        content_type="application/json",
        headers=bearer(key),
    )

    assert application.events.order_by("-pk").first().actor == recruiter


def test_invalid_input_answers_detail_and_errors_by_field(client, company, make_key):
    _, key = make_key(company)

    response = client.post(JOBS, {"salary_min": "lots"}, content_type="application/json", headers=bearer(key))

    assert response.status_code == 400
    assert response.json()["detail"] == "The request has errors: see `errors`."
    assert "salary_min" in response.json()["errors"]
    huge = reverse("api:employer_job_detail", kwargs={"pk": 2**64})
    assert client.get(huge, headers=bearer(key)).status_code == 404
