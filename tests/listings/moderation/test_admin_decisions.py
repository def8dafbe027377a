"""Staff in admin: the index opens on the queue, a job's page shows its description as the
public sees it and decides it (through the moderation services), the queue offers no delete."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from listings.models import Job, JobEvent, ScreeningFlag
from tests.factories import JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:listings_job_changelist")


def change_url(job):
    return reverse("admin:listings_job_change", args=[job.pk])


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def pending(db):
    job = JobFactory(pending=True, title="Django Payments Engineer")
    employer_of(job.company)
    return job


# --- The index ---------------------------------------------------------------------------


def test_the_admin_index_opens_on_the_jobs_awaiting_review(moderator_client):
    JobFactory.create_batch(2, pending=True)
    JobFactory(published=True)

    html = moderator_client.get(reverse("admin:index")).content.decode()

    assert f'<a href="{QUEUE}?queue=pending">Jobs awaiting review (2)</a>' in html
    assert "the oldest has waited" in html
    assert html.index("Jobs awaiting review") < html.index('class="app-listings')


def test_an_empty_queue_says_nothing_is_waiting(moderator_client):
    html = moderator_client.get(reverse("admin:index")).content.decode()

    assert "Jobs awaiting review (0)" in html
    assert "nothing waiting" in html


def test_staff_who_cannot_moderate_see_no_queue_on_the_index(client):
    client.force_login(UserFactory(staff=True))

    html = client.get(reverse("admin:index")).content.decode()

    assert "Jobs awaiting review" not in html


# --- A job's change page -------------------------------------------------------------------


def test_a_jobs_page_shows_the_description_rendered_and_sanitised(moderator_client):
    job = JobFactory(
        pending=True,
        description="## The role\n\nBuild **APIs**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )

    html = moderator_client.get(change_url(job)).content.decode()

    panel = html[html.index('class="moderation-description__body"') :]
    panel = panel[: panel.index("</section>")]
    assert "<h2>The role</h2>" in panel
    assert "<strong>APIs</strong>" in panel
    assert "<script>" not in panel
    assert "javascript:" not in panel
    assert panel.count(job.rendered_description) == 1


def test_a_pending_jobs_page_has_approve_and_reject_with_reasons(moderator_client, pending):
    html = moderator_client.get(change_url(pending)).content.decode()

    assert '<button type="submit" name="_approve"' in html
    assert '<button type="submit" name="_reject"' in html
    assert '<option value="not_python">Not a Python backend role</option>' in html
    # Nothing on the page is editable: no "Save" that would only touch the row.
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html


def test_approving_from_the_jobs_page_publishes_it_and_emails_the_employer(
    moderator_client, moderator, pending, on_commit
):
    with on_commit():
        response = moderator_client.post(change_url(pending), {"_approve": ""})

    assert response.status_code == 302
    assert response.url == QUEUE
    pending.refresh_from_db()
    assert pending.status == Job.Status.PUBLISHED
    assert JobEvent.objects.get(job=pending, to_status="published").actor == moderator
    assert [message.subject for message in mail.outbox if "is live" in message.subject]
    messages = [str(m) for m in moderator_client.get(QUEUE).context["messages"]]
    assert messages == ["“Django Payments Engineer” approved: it is live."]


def test_the_decision_comes_with_the_pre_screening_signals(moderator_client, pending):
    ScreeningFlag.objects.create(job=pending, signal="free_mail", detail="Posted from gmail.com")

    html = moderator_client.get(change_url(pending)).content.decode()

    decision = html[
        html.index('id="moderation-decision"') : html.index("</form>", html.index('id="moderation-decision"'))
    ]
    assert "Posted from gmail.com" in decision
    assert 'class="moderation-signal">Free-mail' in decision


def test_rejecting_from_the_jobs_page_needs_a_reason_and_records_it(moderator_client, pending, on_commit):
    response = moderator_client.post(change_url(pending), {"_reject": "", "reason": ""}, follow=True)

    assert "Pick a rejection reason the employer can act on." in response.content.decode()
    assert Job.objects.get(pk=pending.pk).status == Job.Status.PENDING

    with on_commit():
        moderator_client.post(
            change_url(pending), {"_reject": "", "reason": "not_python", "note": "This is a React role."}
        )

    pending.refresh_from_db()
    assert pending.status == Job.Status.REJECTED
    assert pending.rejection_reason == "Not a Python backend role. This is a React role."
    assert any("This is a React role." in message.body for message in mail.outbox)


def test_other_needs_a_note_and_says_so(moderator_client, pending):
    response = moderator_client.post(change_url(pending), {"_reject": "", "reason": "other"}, follow=True)

    assert "Say what the employer should change" in response.content.decode()
    assert Job.objects.get(pk=pending.pk).status == Job.Status.PENDING


def test_a_job_not_pending_offers_no_decision_and_a_forced_one_changes_nothing(moderator_client):
    job = JobFactory(published=True)

    html = moderator_client.get(change_url(job)).content.decode()
    assert 'name="_approve"' not in html
    assert "Published: there is nothing to decide." in html

    response = moderator_client.post(change_url(job), {"_reject": "", "reason": "not_python"}, follow=True)
    assert "can&#x27;t be rejected" in response.content.decode()
    assert Job.objects.get(pk=job.pk).status == Job.Status.PUBLISHED


def test_staff_without_the_moderators_rights_cannot_decide(client, pending):
    client.force_login(UserFactory(staff=True))

    response = client.post(change_url(pending), {"_approve": ""})

    assert response.status_code == 403
    assert Job.objects.get(pk=pending.pk).status == Job.Status.PENDING


def test_deciding_on_a_job_that_does_not_exist_is_404(moderator_client):
    response = moderator_client.post(reverse("admin:listings_job_change", args=[999999]), {"_approve": ""})

    assert response.status_code == 404


# --- The queue ---------------------------------------------------------------------------


def action_names(html):
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\w*)"', select)


def test_the_queue_offers_approve_and_reject_but_not_delete(staff_client):
    JobFactory(pending=True)

    queue = staff_client.get(QUEUE).content.decode()
    all_jobs = staff_client.get(QUEUE + "?queue=all").content.decode()

    assert action_names(queue) == ["", "approve", "reject"]
    assert "delete_selected" in action_names(all_jobs)


def test_delete_selected_cannot_be_posted_to_the_queue(staff_client):
    job = JobFactory(pending=True)

    staff_client.post(QUEUE, {"action": "delete_selected", "_selected_action": [job.pk], "post": "yes"})

    assert Job.objects.filter(pk=job.pk).exists()
