"""A moderator starts at the admin index, opens a job from the queue, reads its description
as the public will, and approves one job and rejects another from their own pages."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from listings.models import Job
from tests.factories import TEST_PASSWORD, CompanyFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_approves_and_rejects_jobs_from_their_pages(page):
    company = CompanyFactory(name="Quokka Payments")
    poster = employer_of(company)
    good = JobFactory(
        pending=True,
        company=company,
        posted_by=poster,
        title="Django Payments Engineer",
        description="## The role\n\nBuild **payment APIs** with Django.",
    )
    bad = JobFactory(pending=True, company=company, posted_by=poster, title="React Frontend Developer")
    moderator = UserFactory(staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Email").fill(moderator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The index opens on the queue.
    page.get_by_role("link", name="Jobs awaiting review (2)").click()
    page.get_by_role("link", name="Django Payments Engineer").click()

    # The description as the public sees it, then the decision.
    description = page.locator(".moderation-description__body")
    expect(description.get_by_role("heading", name="The role")).to_be_visible()
    expect(description.locator("strong")).to_have_text("payment APIs")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("“Django Payments Engineer” approved: it is live.")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    page.get_by_role("link", name="React Frontend Developer").click()
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Pick a rejection reason")
    page.get_by_label("Reason").select_option(label="Not a Python backend role")
    page.get_by_label("Note to the employer").fill("This is a React role.")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("“React Frontend Developer” rejected")

    page.goto("/admin/")
    expect(page.get_by_role("link", name="Jobs awaiting review (0)")).to_be_visible()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == (Job.Status.PUBLISHED, Job.Status.REJECTED)
    assert bad.rejection_reason == "Not a Python backend role. This is a React role."
    assert len([email for email in mail.outbox if email.to == [poster.email]]) == 2
    assert page.csp_violations == []
