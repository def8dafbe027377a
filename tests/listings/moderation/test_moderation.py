"""Moderation (pre-screening, decisions, queue), expiry and reminders."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Job, JobEvent, ScreeningFlag
from listings.screening import screening_signals
from listings.services.expiry import (
    job_action_from_token,
    job_action_url,
    job_apply_action,
    job_remind_expiring,
    jobs_remind_expiring,
)
from listings.services.jobs import (
    JobTransitionError,
    job_close,
    job_extend,
    job_reopen,
    job_submit,
    job_update,
)
from listings.services.moderation import job_approve, job_reject, jobs_screen_missed
from listings.tasks import jobs_expire_due_task, jobs_remind_expiring_task, jobs_screen_missed_task
from tests.factories import CompanyFactory, JobFactory, UserFactory, employer_of, skill

pytestmark = pytest.mark.django_db

CLEAN_DESCRIPTION = "We build Django services on PostgreSQL. See https://example.com/team for more."


@pytest.fixture
def company():
    return CompanyFactory(is_verified=True)


@pytest.fixture
def poster(company):
    return employer_of(company, user__email="hiring@acme-backend.example")


def clean_job(company, poster, **overrides):
    """A job no check has anything to say about (company with history, verified)."""
    JobFactory(company=company, published=True, title="Earlier role", description="Old text")
    fields = {
        "company": company,
        "posted_by": poster,
        "title": "Senior Django Engineer",
        "description": CLEAN_DESCRIPTION,
        "pending": True,
        **overrides,
    }
    return JobFactory(**fields)


# --- pre-screening signals -------------------------------------------------------


def test_a_clean_job_raises_no_signal(company, poster):
    company.created_at = timezone.now() - timedelta(days=100)
    company.save()

    assert screening_signals(clean_job(company, poster)) == {}


def test_not_python_when_no_python_skill_and_no_python_words(company, poster):
    job = clean_job(
        company, poster, title="React Frontend Developer", description="Build UIs in TypeScript.",
        required_skills=["docker"],
    )  # fmt: skip
    assert "not_python" in screening_signals(job)

    job = clean_job(
        company, poster, title="Backend developer", description="TypeScript.", required_skills=["docker"]
    )
    assert "not_python" not in screening_signals(job)


@pytest.mark.parametrize(
    ("salary", "flagged"),
    [
        ({"salary_min": 100, "salary_max": 200, "salary_period": "year"}, True),
        ({"salary_min": 900_000, "salary_max": 950_000, "salary_currency": "USD"}, True),
        ({"salary_min": 20_000, "salary_max": 90_000}, True),  # more than 3x spread
        ({"salary_min": 60_000, "salary_max": 80_000}, False),
        ({"salary_min": 50, "salary_max": 70, "salary_period": "hour"}, False),
    ],
)
def test_implausible_salary(company, poster, salary, flagged):
    assert ("salary" in screening_signals(clean_job(company, poster, **salary))) is flagged


def test_location_missing(company, poster):
    assert "location" in screening_signals(clean_job(company, poster, work_mode="onsite", city=""))
    assert "location" in screening_signals(
        clean_job(company, poster, work_mode="remote", applicant_locations=[])
    )
    assert "location" not in screening_signals(clean_job(company, poster, work_mode="hybrid"))


def test_new_and_unverified_company():
    company = CompanyFactory(is_verified=False)
    poster = employer_of(company)
    job = JobFactory(company=company, posted_by=poster, pending=True)

    signals = screening_signals(job)

    assert "new_company" in signals
    assert "unverified_company" in signals


def test_unverified_email_and_free_mail(company):
    poster = employer_of(company, user__email="someone@gmail.com", user__verified=False)

    signals = screening_signals(clean_job(company, poster))

    assert "gmail.com" in signals["free_mail"]
    assert "not verified" in signals["unverified_email"]


def test_link_heavy_text(company, poster):
    links = " ".join(f"https://spam{n}.example" for n in range(6))

    assert "link_heavy" in screening_signals(clean_job(company, poster, description=f"Apply! {links}"))


def test_near_duplicate_of_another_open_posting(company, poster):
    original = JobFactory(
        company=company, published=True, title="Senior Django Engineer", description=CLEAN_DESCRIPTION
    )
    job = clean_job(
        company, poster, title="Senior Django Engineer (m/f/d)", description=CLEAN_DESCRIPTION + " Apply."
    )

    assert f"#{original.pk}" in screening_signals(job)["near_duplicate"]
    other_company_job = JobFactory(
        title="Senior Django Engineer", description=CLEAN_DESCRIPTION, pending=True
    )
    assert "near_duplicate" not in screening_signals(other_company_job)


def test_submitting_screens_the_job(company, poster, on_commit):
    job = JobFactory(company=company, posted_by=poster, description="Buy now https://a.example " * 6)

    with on_commit():
        job_submit(job=job, by=poster)

    job.refresh_from_db()
    assert job.screened_at is not None
    assert set(ScreeningFlag.objects.filter(job=job).values_list("signal", flat=True)) >= {"link_heavy"}


def test_jobs_nobody_screened_since_their_submission_are_screened_by_the_catch_up(company, poster):
    now = timezone.now()
    earlier = now - timedelta(minutes=5)
    # Submitted while the broker was down: its screening was never enqueued.
    missed = clean_job(company, poster, submitted_at=earlier, description="Buy now https://a.example " * 6)
    # Screened before a material edit sent it back to review.
    resubmitted = clean_job(company, poster, submitted_at=earlier, screened_at=now - timedelta(days=1))
    screened = clean_job(company, poster, submitted_at=earlier, screened_at=earlier + timedelta(seconds=1))
    just_submitted = clean_job(company, poster, submitted_at=now)  # its own task may be on its way

    assert jobs_screen_missed_task.delay().get() == 2

    jobs = {job.pk: job for job in Job.objects.all()}
    assert jobs[missed.pk].screened_at > earlier
    assert "link_heavy" in set(missed.screening_flags.values_list("signal", flat=True))
    assert jobs[resubmitted.pk].screened_at > earlier
    assert jobs[screened.pk].screened_at == screened.screened_at
    assert jobs[just_submitted.pk].screened_at is None
    assert jobs_screen_missed() == 0


def test_a_material_edit_runs_the_pre_screening_again(client, company, poster, staff, on_commit):
    job = JobFactory(
        company=company,
        posted_by=poster,
        published=True,
        title="Senior Django Engineer",
        description=CLEAN_DESCRIPTION,
        required_skills=["python", "django"],
        screened_at=timezone.now() - timedelta(days=3),
    )
    ScreeningFlag.objects.create(job=job, signal="link_heavy", detail="An old signal")

    with on_commit():
        job = job_update(
            job=job,
            by=poster,
            fields={"title": "Senior Java Engineer", "description": "Spring Boot and Hibernate on the JVM."},
            required_skills=[skill("kubernetes")],
            applicant_locations=["EUROPE"],
        )

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert job.screened_at is not None
    signals = set(job.screening_flags.values_list("signal", flat=True))
    assert "not_python" in signals
    assert "link_heavy" not in signals  # what the old text raised is gone
    moderator = UserFactory(staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    queue = client.get(reverse("admin:listings_job_changelist") + "?signal=not_python").text
    assert "Senior Java Engineer" in queue


def test_editing_a_pending_job_screens_it_again(company, poster, on_commit):
    job = clean_job(company, poster, screened_at=timezone.now())

    with on_commit():
        job_update(job=job, by=poster, fields={"description": "Buy now https://a.example " * 6})

    assert "link_heavy" in set(job.screening_flags.values_list("signal", flat=True))


# --- decisions --------------------------------------------------------------------


def test_approval_emails_the_poster_once(company, poster, staff, on_commit):
    job = JobFactory(company=company, posted_by=poster, pending=True)

    with on_commit():
        job_approve(job=job, by=staff)

    assert [m.to for m in mail.outbox] == [[poster.email]]
    assert "is live" in mail.outbox[0].subject
    assert job.get_absolute_url() in mail.outbox[0].body


def test_rejection_emails_the_reason(company, poster, staff, on_commit):
    job = JobFactory(company=company, posted_by=poster, pending=True)

    with on_commit():
        job_reject(job=job, by=staff, reason="agency_no_client", note="Name the client's industry.")

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Agency posting without the client described. Name the client's industry." in body
    assert reverse("employer:dashboard") in body
    assert "Name the client" in mail.outbox[0].alternatives[0].content


def test_resubmitted_and_rejected_again_sends_a_second_email(company, poster, staff, on_commit):
    job = JobFactory(company=company, posted_by=poster, pending=True)
    with on_commit():
        job_reject(job=job, by=staff, reason="formatting")
        job_update(job=job, by=poster, fields={"title": "Better"})
        job_submit(job=job, by=poster)
        job_reject(job=job, by=staff, reason="formatting")

    assert len(mail.outbox) == 2
    assert JobEvent.objects.filter(job=job, to_status="rejected", actor=staff).count() == 2


# --- the queue in admin ------------------------------------------------------------


def test_queue_shows_pending_jobs_oldest_first_with_signals(client, moderator):
    newer = JobFactory(pending=True, title="Newer job", submitted_at=timezone.now())
    older = JobFactory(pending=True, title="Older job", submitted_at=timezone.now() - timedelta(days=2))
    JobFactory(published=True, title="Live job")
    ScreeningFlag.objects.create(job=older, signal="free_mail", detail="Posted from gmail.com")
    client.force_login(moderator)

    html = client.get(reverse("admin:listings_job_changelist")).content.decode()

    assert html.index("Older job") < html.index("Newer job")
    assert "Live job" not in html
    assert 'title="Posted from gmail.com">Free-mail domain<' in html
    assert newer.title in html


def test_queue_filters_by_signal(client, moderator):
    flagged = JobFactory(pending=True, title="Flagged job")
    JobFactory(pending=True, title="Quiet job")
    ScreeningFlag.objects.create(job=flagged, signal="link_heavy")
    client.force_login(moderator)

    html = client.get(reverse("admin:listings_job_changelist") + "?signal=link_heavy").content.decode()

    assert "Flagged job" in html
    assert "Quiet job" not in html


@pytest.mark.parametrize("n", [2, 20])
def test_queue_query_count_is_flat(client, moderator, django_assert_max_num_queries, n):
    for job in JobFactory.create_batch(n, pending=True):
        ScreeningFlag.objects.create(job=job, signal="new_company")
    client.force_login(moderator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:listings_job_changelist"))
    assert response.status_code == 200


def test_moderator_approves_from_the_queue_and_the_decision_is_recorded(client, moderator):
    job = JobFactory(pending=True)
    client.force_login(moderator)

    response = client.post(
        reverse("admin:listings_job_changelist"),
        {"action": "approve", "_selected_action": [job.pk]},
        follow=True,
    )

    assert b"1 job(s) approved." in response.content
    event = JobEvent.objects.get(job=job, to_status="published")
    assert event.actor == moderator
    page = client.get(reverse("admin:listings_job_change", args=[job.pk])).content.decode()
    assert moderator.email in page


def test_staff_without_moderation_permission_get_403(client):
    client.force_login(UserFactory(staff=True))

    assert client.get(reverse("admin:listings_job_changelist")).status_code == 403
    response = client.post(
        reverse("admin:listings_job_changelist"),
        {"action": "approve", "_selected_action": [JobFactory(pending=True).pk]},
    )
    assert response.status_code == 403


def test_moderators_can_manage_companies_users_and_outbox_but_not_delete(client, moderator):
    client.force_login(moderator)

    for name in ["listings_company", "listings_skill", "accounts_user", "accounts_emailoutbox"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_staff_deactivate_accounts_from_admin(client, moderator):
    spammer = UserFactory(employer=True)
    client.force_login(moderator)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [spammer.pk]},
        follow=True,
    )

    assert b"1 account(s) deactivated." in response.content
    spammer.refresh_from_db()
    assert not spammer.is_active


# --- expiry and reminders ----------------------------------------------------------


def test_expiry_task_expires_jobs_after_their_closing_date_once():
    today = timezone.localdate()
    due = JobFactory(published=True, closing_date=today - timedelta(days=1))
    closes_tonight = JobFactory(published=True, closing_date=today)
    live = JobFactory(published=True)

    assert jobs_expire_due_task.delay().get() == 1
    assert jobs_expire_due_task.delay().get() == 0

    assert Job.objects.get(pk=due.pk).status == Job.Status.EXPIRED
    assert Job.objects.get(pk=closes_tonight.pk).status == Job.Status.PUBLISHED
    assert Job.objects.get(pk=live.pk).status == Job.Status.PUBLISHED
    assert JobEvent.objects.filter(job=due, to_status="expired").count() == 1


@pytest.fixture
def expiring_job(company, poster):
    return JobFactory(
        company=company,
        posted_by=poster,
        published=True,
        title="Django Dev",
        closing_date=timezone.localdate() + timedelta(days=6),
    )


def test_reminder_is_sent_once_per_closing_date(expiring_job, poster, on_commit):
    later = timezone.localdate() + timedelta(days=20)
    JobFactory(company=expiring_job.company, published=True, closing_date=later)

    with on_commit():
        assert jobs_remind_expiring_task.delay().get() == 1
        assert jobs_remind_expiring_task.delay().get() == 0

    assert [m.to for m in mail.outbox] == [[poster.email]]
    assert "/jobs/action/" in mail.outbox[0].body

    # Extended: a new closing date earns a new reminder when it comes near.
    job_extend(job=expiring_job, by=poster)
    with on_commit():
        assert jobs_remind_expiring(now=timezone.now() + timedelta(days=30)) == 1
    assert len(mail.outbox) == 2


def test_reminder_says_the_closing_date_and_the_days_left(company, poster, on_commit):
    closing = timezone.localdate() + timedelta(days=3)
    job = JobFactory(
        company=company, posted_by=poster, published=True, title="Django Dev", closing_date=closing
    )

    with on_commit():
        job_remind_expiring(job=job)

    [message] = mail.outbox
    day = f"{closing:%A} {closing.day} {closing:%B}"
    assert message.subject == f"“Django Dev” closes on {day}: extend it or mark it filled"
    assert f"closes at the end of {day} {closing:%Y}, in 3 days." in message.body
    assert "about a week" not in message.body
    assert "about a week" not in message.alternatives[0].content


def action_links(message):
    return re.findall(r"https?://[^/\s]+(/jobs/action/\S+/)", message.body)


def test_one_click_extend_keeps_the_job_live_without_review(client, expiring_job, on_commit):
    old_closing = expiring_job.closing_date
    with on_commit():
        job_remind_expiring(job=expiring_job)
    extend_url, filled_url = action_links(mail.outbox[0])

    page = client.get(extend_url)
    assert page.status_code == 200
    assert b"Extend by 30 days" in page.content
    assert Job.objects.get(pk=expiring_job.pk).closing_date == old_closing  # GET changes nothing

    response = client.post(extend_url)
    expiring_job.refresh_from_db()
    assert response.status_code == 200
    assert expiring_job.status == Job.Status.PUBLISHED
    assert expiring_job.closing_date == old_closing + timedelta(days=30)

    # The links of a reminder work once between them.
    for url in (extend_url, filled_url):
        again = client.post(url)
        assert again.status_code == 409
        assert "This link was already used" in again.text
        assert "Nothing was changed" in again.text
    assert Job.objects.get(pk=expiring_job.pk).closing_date == old_closing + timedelta(days=30)


def test_after_an_extension_every_page_shows_the_new_closing_date(client, expiring_job, poster):
    """The job page, the dashboard, the JSON-LD and the feed all read the one closing date."""
    client.post(job_action_url(expiring_job, "extend"))
    expiring_job.refresh_from_db()
    new = expiring_job.closing_date
    shown = f"{new.day} {new:%b %Y}"

    page = client.get(expiring_job.get_absolute_url()).text
    assert f'<time datetime="{new.isoformat()}">{shown}</time>' in page
    assert f'"validThrough":"{new.isoformat()}T23:59:59.999999+00:00"' in page
    assert f"closes {shown}" in client.get(reverse("listings:job_feed")).text
    client.force_login(poster)
    dashboard = client.get(reverse("employer:dashboard")).text
    assert f'<time datetime="{new.isoformat()}">{shown}</time>' in dashboard


def test_one_click_mark_filled(client, expiring_job):
    filled_url = job_action_url(expiring_job, "filled")

    response = client.post(filled_url)

    expiring_job.refresh_from_db()
    assert response.status_code == 200
    assert expiring_job.status == Job.Status.CLOSED
    assert expiring_job.close_reason == "filled"


def test_a_used_mark_filled_link_never_acts_again_after_a_reopen(client, expiring_job, poster):
    filled_url = job_action_url(expiring_job, "filled")
    assert client.post(filled_url).status_code == 200
    job_reopen(job=expiring_job, by=poster)
    assert Job.objects.get(pk=expiring_job.pk).status == Job.Status.PUBLISHED

    page = client.get(filled_url)
    again = client.post(filled_url)

    assert page.status_code == 409
    assert "This link was already used" in page.text
    assert "currently open" not in page.text
    assert "<form" not in page.text.split("<main", 1)[-1]  # no button that would act
    assert again.status_code == 409
    assert Job.objects.get(pk=expiring_job.pk).status == Job.Status.PUBLISHED


def test_a_link_for_another_closing_date_is_out_of_date(client, expiring_job, poster):
    url = job_action_url(expiring_job, "filled")
    job_update(
        job=expiring_job,
        by=poster,
        fields={"closing_date": expiring_job.closing_date + timedelta(days=10)},
        required_skills=[skill("python")],
    )

    response = client.post(url)

    assert response.status_code == 409
    assert "This link is out of date" in response.text
    assert Job.objects.get(pk=expiring_job.pk).status == Job.Status.PUBLISHED


def test_the_page_of_a_link_to_a_job_closed_meanwhile_says_so(client, expiring_job, poster):
    url = job_action_url(expiring_job, "extend")
    job_close(job=expiring_job, by=poster, reason="no_longer_hiring")

    page = client.get(url)

    assert page.status_code == 409
    assert "is closed (no longer hiring)" in page.text
    assert "open until" not in page.text


def test_two_clicks_at_once_act_once(expiring_job):
    link = job_action_from_token(job_action_url(expiring_job, "extend").split("/")[-2])
    stale = job_action_from_token(job_action_url(expiring_job, "extend").split("/")[-2])

    job_apply_action(link=link)

    with pytest.raises(JobTransitionError, match="already used"):
        job_apply_action(link=stale)
    assert Job.objects.get(pk=expiring_job.pk).closing_date == expiring_job.closing_date + timedelta(days=30)


def test_tampered_link_changes_nothing(client, expiring_job):
    url = job_action_url(expiring_job, "filled")
    tampered = url.replace("/action/", "/action/x")

    response = client.post(tampered)

    assert response.status_code == 400
    assert b"isn&#x27;t valid" in response.content or b"isn't valid" in response.content
    assert Job.objects.get(pk=expiring_job.pk).status == Job.Status.PUBLISHED


def test_expired_link_changes_nothing(client, expiring_job, monkeypatch):
    three_weeks_ago = time.time() - 21 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: three_weeks_ago)
    url = job_action_url(expiring_job, "extend")
    monkeypatch.undo()

    response = client.post(url)

    assert response.status_code == 400
    assert b"expired" in response.content
    assert Job.objects.get(pk=expiring_job.pk).closing_date == expiring_job.closing_date
