"""The job lifecycle through the employer pages, and who may use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Job, JobEvent
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


# --- Transitions by a member ---------------------------------------------------


def test_member_submits_a_draft_for_review(member_client, member, company):
    job = JobFactory(company=company, title="Django Dev")

    response = member_client.post(reverse("employer:job_submit", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert response.redirect_chain == [(reverse("employer:dashboard"), 302)]
    assert job.status == Job.Status.PENDING
    assert job.submitted_at is not None
    assert JobEvent.objects.filter(job=job, to_status=Job.Status.PENDING, actor=member).exists()
    assert "“Django Dev” was submitted for review." in messages_on(response)[0]


def test_submitting_a_pending_job_again_says_so_clearly(member_client, company):
    job = JobFactory(company=company, pending=True)

    response = member_client.post(reverse("employer:job_submit", args=[job.pk]), follow=True)

    assert response.status_code == 200
    assert messages_on(response) == ["This job can't be submitted: it is pending review."]
    assert JobEvent.objects.filter(job=job).count() == 0


def test_submitting_a_job_whose_closing_date_passed_asks_to_change_it(member_client, company):
    job = JobFactory(company=company, closing_date=timezone.localdate() - timedelta(days=1))

    response = member_client.post(reverse("employer:job_submit", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert "closing date is in the past" in messages_on(response)[0]


@pytest.mark.parametrize(
    ("reason", "label"), [("filled", "filled"), ("no_longer_hiring", "no longer hiring")]
)
def test_member_closes_a_published_job(member_client, company, reason, label):
    job = JobFactory(company=company, published=True, title="Django Dev")

    response = member_client.post(
        reverse("employer:job_close", args=[job.pk]), {"reason": reason}, follow=True
    )

    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    assert job.close_reason == reason
    assert job.closed_at is not None
    assert messages_on(response) == [f"“Django Dev” is closed ({label})."]


def test_closing_with_an_unknown_reason_changes_nothing(member_client, company):
    job = JobFactory(company=company, published=True)

    response = member_client.post(
        reverse("employer:job_close", args=[job.pk]), {"reason": "bored"}, follow=True
    )

    job.refresh_from_db()
    assert response.status_code == 200
    assert job.status == Job.Status.PUBLISHED
    assert "Choose why the job is closing" in messages_on(response)[0]


def test_closing_a_draft_is_refused_with_a_message(member_client, company):
    job = JobFactory(company=company)

    response = member_client.post(
        reverse("employer:job_close", args=[job.pk]), {"reason": "filled"}, follow=True
    )

    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert messages_on(response) == ["This job can't be closed: it is draft."]


def test_reopening_a_closed_job_makes_it_live_again(member_client, company):
    job = JobFactory(company=company, closed=True, title="Django Dev")

    response = member_client.post(reverse("employer:job_reopen", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.close_reason == ""
    until = f"{job.closing_date.day} {job.closing_date:%B %Y}"
    assert messages_on(response) == [f"“Django Dev” is open again, until {until}."]


def test_reopening_an_expired_job_sends_it_back_to_review(member_client, company):
    job = JobFactory(company=company, expired=True, title="Django Dev")

    response = member_client.post(reverse("employer:job_reopen", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert "had passed its closing date, so it went back to review" in messages_on(response)[0]
    assert job.closing_date is None  # the old one is over: approval sets a new one


def test_reopening_a_draft_is_refused_with_a_message(member_client, company):
    job = JobFactory(company=company)

    response = member_client.post(reverse("employer:job_reopen", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert messages_on(response) == ["This job can't be reopened: it is draft."]


def test_duplicate_creates_a_draft_copy_and_opens_it_for_editing(member_client, member, company):
    job = JobFactory(
        company=company,
        published=True,
        title="Django Dev",
        required_skills=["python", "fastapi"],
        nice_skills=["redis"],
        applicant_locations=["EU"],
        closing_date=timezone.localdate() + timedelta(days=5),
    )

    response = member_client.post(reverse("employer:job_duplicate", args=[job.pk]))

    copy = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("employer:job_edit", args=[copy.pk])
    assert copy.status == Job.Status.DRAFT
    assert copy.title == "Django Dev"
    assert copy.posted_by == member
    assert copy.closing_date is None
    assert set(copy.job_skills.values_list("skill__slug", "is_required")) == {
        ("python", True),
        ("fastapi", True),
        ("redis", False),
    }
    assert list(copy.applicant_locations.values_list("code", flat=True)) == ["EU"]
    page = member_client.get(response["Location"])
    assert "This is a copy of “Django Dev”" in page.content.decode()


def test_state_changes_need_post(member_client, company):
    job = JobFactory(company=company)

    for name in ("job_submit", "job_close", "job_reopen", "job_duplicate"):
        assert member_client.get(reverse(f"employer:{name}", args=[job.pk])).status_code == 405
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


# --- The preview page -------------------------------------------------------------


def test_preview_shows_the_job_as_candidates_see_it_with_state_and_actions(member_client, company):
    job = JobFactory(company=company, title="Django Dev", required_skills=["django"], nice_skills=["docker"])

    response = member_client.get(reverse("employer:job_preview", args=[job.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Django Dev" in content
    assert "<strong>Django</strong>" in content  # the description, rendered
    assert "Docker" in content
    assert "70,000" in content
    assert 'class="badge badge--draft">Draft</span>' in content
    assert reverse("employer:job_edit", args=[job.pk]) in content
    assert reverse("employer:job_submit", args=[job.pk]) in content
    assert 'name="robots" content="noindex"' in content


def test_preview_of_a_pending_job_offers_no_second_submission(member_client, company):
    job = JobFactory(company=company, pending=True)

    content = member_client.get(reverse("employer:job_preview", args=[job.pk])).content.decode()

    assert "Pending review" in content
    assert reverse("employer:job_submit", args=[job.pk]) not in content


def test_preview_of_a_rejected_job_shows_the_reason(member_client, company):
    job = JobFactory(company=company, rejected=True, rejection_reason="Please state the tech stack.")

    content = member_client.get(reverse("employer:job_preview", args=[job.pk])).content.decode()

    assert "Why it was rejected:" in content
    assert "Please state the tech stack." in content
    assert "Edit and resubmit" in content


XSS = [
    "<script>alert('xss')</script>",
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<img src=x onerror="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src=https://evil.example.com></iframe>",
]


@pytest.mark.parametrize("payload", XSS)
def test_preview_sanitises_the_description(member_client, company, payload):
    job = JobFactory(company=company, description=f"Hello\n\n{payload}")

    response = member_client.get(reverse("employer:job_preview", args=[job.pk]))

    article = response.content.decode().split('<div class="job-preview">', 1)[1].lower()
    assert "<script" not in article
    assert "javascript:" not in article
    assert "onerror=" not in article
    assert "onmouseover=" not in article
    assert "<iframe" not in article


# --- Access control -----------------------------------------------------------------

# Every employer address that takes a job id, with how it is used.
JOB_URLS = [
    ("get", "job_edit"),
    ("post", "job_edit"),
    ("get", "job_preview"),
    ("post", "job_submit"),
    ("post", "job_close"),
    ("post", "job_reopen"),
    ("post", "job_duplicate"),
]
STATES = ["draft", "pending", "published", "rejected", "closed", "expired"]


def job_in_state(state, **kwargs):
    return JobFactory(**({state: True} if state != "draft" else {}), **kwargs)


def snapshot(job):
    job.refresh_from_db()
    return (
        job.status,
        job.title,
        job.close_reason,
        job.updated_at,
        Job.objects.count(),
        JobEvent.objects.count(),
    )


@pytest.mark.parametrize(("method", "name"), JOB_URLS)
@pytest.mark.parametrize("state", STATES)
def test_another_companys_job_is_404_and_unchanged(client, method, name, state):
    job = job_in_state(state, company=CompanyFactory())
    client.force_login(employer_of(CompanyFactory()))
    before = snapshot(job)

    response = getattr(client, method)(
        reverse(f"employer:{name}", args=[job.pk]), {"reason": "filled", "title": "Hacked"}
    )

    assert response.status_code == 404
    assert snapshot(job) == before


@pytest.mark.parametrize(("method", "name"), JOB_URLS)
def test_unknown_job_id_is_404(member_client, method, name):
    response = getattr(member_client, method)(reverse(f"employer:{name}", args=[999_999]))

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name"), JOB_URLS)
def test_seeker_gets_403_on_job_pages(client, method, name):
    job = JobFactory()
    client.force_login(UserFactory(seeker=True))
    before = snapshot(job)

    response = getattr(client, method)(reverse(f"employer:{name}", args=[job.pk]))

    assert response.status_code == 403
    assert snapshot(job) == before


@pytest.mark.parametrize(("method", "name"), JOB_URLS)
def test_anonymous_visitor_is_sent_to_login(client, method, name):
    job = JobFactory()
    before = snapshot(job)

    response = getattr(client, method)(reverse(f"employer:{name}", args=[job.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert snapshot(job) == before


def test_anonymous_visitor_returns_to_the_page_after_login(client):
    job = JobFactory()

    response = client.get(reverse("employer:job_edit", args=[job.pk]))

    assert response["Location"] == f"{reverse('account_login')}?next=/employer/jobs/{job.pk}/edit/"


def test_anonymous_post_returns_to_the_dashboard_after_login(client):
    job = JobFactory()

    response = client.post(reverse("employer:job_submit", args=[job.pk]))

    assert response["Location"] == f"{reverse('account_login')}?next=/employer/jobs/"


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "home"),
        ("get", "dashboard"),
        ("get", "job_create"),
        ("get", "company_create"),
        ("get", "company_edit"),
        ("get", "company_members"),
        ("post", "company_join"),
        ("post", "markdown_preview"),
    ],
)
def test_pages_without_an_id_are_closed_to_seekers_and_anonymous_visitors(client, method, name):
    url = reverse(f"employer:{name}")

    anonymous = getattr(client, method)(url)
    client.force_login(UserFactory(seeker=True))
    seeker = getattr(client, method)(url)

    assert anonymous.status_code == 302
    if name != "home":
        assert anonymous["Location"].startswith(reverse("account_login"))
        assert seeker.status_code == 403


def test_every_member_of_the_company_manages_its_jobs(client, company):
    job = JobFactory(company=company, posted_by=employer_of(company))
    colleague = employer_of(company, role="recruiter")
    client.force_login(colleague)

    client.post(reverse("employer:job_submit", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
