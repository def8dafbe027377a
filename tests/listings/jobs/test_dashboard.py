from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.views.employer import DASHBOARD_PAGE_SIZE
from tests.factories import CompanyFactory, JobFactory, employer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(company):
    return employer_of(company)


def job_card(response, job):
    """The dashboard's entry for one job."""
    content = response.content.decode()
    start = content.index(f'id="job-{job.pk}"')
    end = content.find('<li class="card employer-job"', start)
    return content[start : end if end != -1 else None]


def test_dashboard_lists_only_the_companys_jobs_with_state_views_and_applicants(member_client, company):
    mine = JobFactory(company=company, published=True, title="Django Dev", view_count=42)
    theirs = JobFactory(company=CompanyFactory(), title="Someone else's job")

    response = member_client.get(reverse("employer:dashboard"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Jobs at Acme Backend" in content
    assert "Django Dev" in content
    assert theirs.title not in content
    card = job_card(response, mine)
    assert 'badge--published">Published</span>' in card
    assert "<dt>Views</dt><dd>42</dd>" in card
    assert "<dt>Applicants</dt><dd>0</dd>" in card


def test_dashboard_shows_dates_and_days_until_the_closing_date(member_client, company):
    closing = timezone.localdate() + timedelta(days=12)
    job = JobFactory(company=company, published=True, closing_date=closing)

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert "<dt>Created</dt>" in card
    assert "<dt>Submitted</dt>" in card
    assert "<dt>Published</dt>" in card
    assert "<dt>Closes</dt>" in card
    assert f'<time datetime="{closing.isoformat()}">{closing.day} {closing:%b %Y}</time>' in card
    assert "in 12 days" in card


@pytest.mark.parametrize(
    ("closing_date", "shown"), [(None, "60 days after approval"), (date(2099, 3, 1), "1 Mar 2099")]
)
def test_dashboard_says_when_a_draft_will_close_once_approved(member_client, company, closing_date, shown):
    job = JobFactory(company=company, closing_date=closing_date)

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert "<dt>Closes</dt>" in card
    assert shown in card


def test_draft_has_no_publication_dates(member_client, company):
    job = JobFactory(company=company)

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert "<dt>Created</dt>" in card
    assert "<dt>Published</dt>" not in card
    assert "days)" not in card


@pytest.mark.parametrize(
    ("state", "present", "absent"),
    [
        ("draft", ["job_edit", "job_preview", "job_submit", "job_duplicate"], ["job_close", "job_reopen"]),
        ("pending", ["job_edit", "job_preview", "job_duplicate"], ["job_submit", "job_close", "job_reopen"]),
        (
            "published",
            ["job_edit", "job_preview", "job_close", "job_duplicate"],
            ["job_submit", "job_reopen"],
        ),
        ("rejected", ["job_edit", "job_preview", "job_duplicate"], ["job_submit", "job_close", "job_reopen"]),
        ("closed", ["job_reopen", "job_preview", "job_duplicate"], ["job_edit", "job_submit", "job_close"]),
        ("expired", ["job_reopen", "job_preview", "job_duplicate"], ["job_edit", "job_submit", "job_close"]),
    ],
)
def test_dashboard_offers_the_actions_of_each_state(member_client, company, state, present, absent):
    job = JobFactory(company=company, **({state: True} if state != "draft" else {}))

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    for name in present:
        assert reverse(f"employer:{name}", args=[job.pk]) in card, name
    for name in absent:
        assert reverse(f"employer:{name}", args=[job.pk]) not in card, name


def test_published_job_offers_both_close_reasons(member_client, company):
    job = JobFactory(company=company, published=True)

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert 'value="filled"' in card
    assert 'value="no_longer_hiring"' in card


def test_expired_job_says_reopening_goes_back_to_review(member_client, company):
    job = JobFactory(company=company, expired=True)

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert "goes back to review" in card


def test_rejected_job_shows_the_reason_on_the_dashboard(member_client, company):
    job = JobFactory(company=company, rejected=True, rejection_reason="Say which database you use.")

    card = job_card(member_client.get(reverse("employer:dashboard")), job)

    assert "Rejected:" in card
    assert "Say which database you use." in card


def test_dashboard_without_jobs_invites_to_post_one(member_client):
    response = member_client.get(reverse("employer:dashboard"))

    assert b"No jobs yet" in response.content
    assert b"Needs your attention" not in response.content
    assert b'class="tabs"' not in response.content


def test_header_links_for_employers(member_client):
    content = member_client.get(reverse("home")).content.decode()

    assert f'href="{reverse("employer:dashboard")}">Dashboard</a>' in content
    assert f'href="{reverse("employer:job_create")}">Post a job</a>' in content


@pytest.mark.parametrize("n", [1, 30])
def test_dashboard_query_count_is_flat(member_client, company, django_assert_num_queries, n):
    states = ["draft", "pending", "published", "rejected", "closed", "expired"]
    for i in range(n):
        state = states[i % len(states)]
        JobFactory(company=company, **({state: True} if state != "draft" else {}))

    # session, user, verified email, membership + company; job counts per tab, new
    # applicants; the page's count and jobs; views and applications per day
    with django_assert_num_queries(10):
        response = member_client.get(reverse("employer:dashboard"))

    assert response.content.decode().count('class="card employer-job"') == min(n, DASHBOARD_PAGE_SIZE)
