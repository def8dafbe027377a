"""A moderator approves a pending job from the admin queue; the public finds it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from listings.models import Job
from tests.factories import TEST_PASSWORD, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_approves_a_pending_job_and_it_appears_in_search(page):
    company = CompanyFactory(name="Quokka Payments")
    poster = employer_of(company)
    job = JobFactory(
        pending=True,
        company=company,
        posted_by=poster,
        title="Django Payments Engineer",
        required_skills=["python", "django"],
    )
    JobFactory(pending=True, title="Flask Reporting Developer")
    moderator = UserFactory(staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))

    # Not in search while it waits for review.
    page.goto("/jobs/?q=payments")
    expect(page.locator("#results")).not_to_contain_text("Django Payments Engineer")

    page.goto("/admin/login/?next=/admin/listings/job/")
    page.get_by_label("Email").fill(moderator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The queue lists the jobs awaiting review, oldest first.
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    row = rows.filter(has_text="Django Payments Engineer")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Run").click()

    expect(page.locator(".messagelist")).to_contain_text("1 job(s) approved.")
    # Approved jobs leave the queue.
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Flask Reporting Developer")

    page.goto("/jobs/?q=payments")
    result = page.locator("#results").get_by_role("link", name="Django Payments Engineer")
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", name="Django Payments Engineer")).to_be_visible()

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.events.last().actor == moderator
    assert page.csp_violations == []
    assert [email.to for email in mail.outbox if "is live" in email.subject] == [[poster.email]]
