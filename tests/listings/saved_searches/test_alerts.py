"""Saved-search alert digests: what they contain, when they are due, never twice, unsubscribe."""

import email.policy
import importlib
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail, signing
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailOutbox
from jobportal.celery import app as celery_app
from jobportal.links import site_url
from listings.models import SavedSearch
from listings.search.saved_query import load_skills
from listings.services import digests, saved_searches
from listings.services.digests import saved_searches_send_due
from listings.services.saved_searches import (
    saved_search_create,
    saved_search_from_unsubscribe_token,
    saved_search_unsubscribe,
    saved_search_unsubscribe_url,
)
from tests.factories import JobFactory, RoleFactory, SavedSearchFactory, UserFactory

pytestmark = pytest.mark.django_db

FLASK = "Build APIs with Flask and MySQL."


def _later(now, **kwargs):
    # Jobs published in the last minute wait for the next digest: run a bit later.
    return now + timedelta(minutes=2) + timedelta(**kwargs)


def _published(now, ago=timedelta(hours=1), **kwargs):
    return JobFactory(published=True, published_at=now - ago, **kwargs)


def _send(on_commit, now):
    with on_commit():
        return saved_searches_send_due(now=now)


# --- What a digest contains ----------------------------------------------------------


def test_digest_lists_new_matching_jobs_only(on_commit, now):
    saved = SavedSearchFactory(
        name="Remote Django", query="q=django&work_mode=remote", last_digest_at=now - timedelta(days=1)
    )
    new = _published(now, title="Django API Engineer", salary_min=80000, salary_max=95000)
    _published(now, ago=timedelta(days=2), title="Django Old Posting")  # before the watermark
    _published(now, title="Flask Engineer", required_skills=["flask"], description=FLASK)  # doesn't match
    _published(now, title="Django Onsite Engineer", work_mode="onsite")  # doesn't match
    JobFactory(closed=True, title="Django Closed", published_at=now - timedelta(hours=1))
    JobFactory(pending=True, title="Django Pending")
    JobFactory(
        title="Django Expired Meanwhile",
        status="published",
        published_at=now - timedelta(hours=1),
        closing_date=timezone.localdate(now) - timedelta(days=1),
    )

    result = _send(on_commit, _later(now))

    assert result == {"processed": 1, "emailed": 1}
    [message] = mail.outbox
    assert message.to == [saved.user.email]
    assert message.subject == "1 new job for “Remote Django”"
    assert "1 new job matches your saved search “Remote Django”" in message.body
    assert "1 new job matches your saved search <strong>Remote Django</strong>" in message.alternatives[0][0]
    assert "Django API Engineer" in message.body
    for absent in ("Old Posting", "Flask", "Onsite", "Closed", "Pending", "Expired"):
        assert absent not in message.body
    assert new.company.name in message.body
    assert new.salary_display in message.body  # "80,000–95,000 EUR per year"  # noqa: RUF003
    assert "Remote" in message.body
    assert f"{site_url()}{new.get_absolute_url()}" in message.body
    assert f"{site_url()}/jobs/?q=django&work_mode=remote" in message.body
    assert f"{site_url()}{reverse('searches:list')}" in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{site_url()}{new.get_absolute_url()}"' in html
    assert ">Django API Engineer</a>" in html
    assert "See all results" in html


def test_digest_has_one_click_unsubscribe_headers(on_commit, now):
    saved = SavedSearchFactory(query="q=django")
    _published(now, title="Django Engineer")

    _send(on_commit, _later(now))

    [message] = mail.outbox
    unsubscribe_url = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe_url.startswith(f"<{site_url()}/searches/unsubscribe/")
    assert unsubscribe_url.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url[1:-1] in message.body
    # The headers are in the message as sent, not only on the object.
    rendered = message.message()
    assert rendered["List-Unsubscribe"] == unsubscribe_url
    assert rendered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire, as the SMTP backend renders it: the URL itself, not RFC 2047 encoded-words.
    wire = message.message(policy=email.policy.SMTP).as_bytes()
    assert f"\r\nList-Unsubscribe: {unsubscribe_url}\r\n".encode() in wire
    assert saved_search_from_unsubscribe_token(unsubscribe_url[1:-1].rstrip("/").rsplit("/", 1)[1]) == saved


def test_digest_of_a_role_search_only_has_the_roles_jobs(on_commit, now):
    role = RoleFactory(name="Data Engineer", skills=["kafka"])
    SavedSearchFactory(query="", role=role)
    _published(now, title="Kafka Pipelines", required_skills=["python", "kafka"])
    _published(now, title="Plain Django", required_skills=["django"])

    _send(on_commit, _later(now))

    [message] = mail.outbox
    assert "Kafka Pipelines" in message.body
    assert "Plain Django" not in message.body
    assert "Data Engineer: all jobs" in message.body


def test_a_big_digest_lists_the_newest_and_links_to_the_rest(on_commit, now):
    SavedSearchFactory(query="q=django", name="Django")
    for minutes in range(digests.DIGEST_MAX_JOBS + 3):
        _published(now, ago=timedelta(minutes=10 + minutes), title=f"Django Role {minutes:02d}")

    _send(on_commit, _later(now))

    [message] = mail.outbox
    assert message.subject == f"More than {digests.DIGEST_MAX_JOBS} new jobs for “Django”"
    assert f"More than {digests.DIGEST_MAX_JOBS} new jobs match your saved search “Django”" in message.body
    assert "Django Role 00" in message.body
    assert f"Django Role {digests.DIGEST_MAX_JOBS - 1:02d}" in message.body
    assert f"Django Role {digests.DIGEST_MAX_JOBS:02d}" not in message.body


def test_no_new_jobs_no_email_but_the_schedule_moves_on(on_commit, now):
    saved = SavedSearchFactory(query="q=django", next_digest_at=now, last_digest_at=now - timedelta(days=1))
    _published(now, title="Flask only", required_skills=["flask"], description=FLASK)

    result = _send(on_commit, _later(now))

    saved.refresh_from_db()
    assert result == {"processed": 1, "emailed": 0}
    assert mail.outbox == []
    assert not EmailOutbox.objects.exists()
    assert saved.last_digest_at == _later(now) - digests.DIGEST_PUBLISH_GRACE
    assert saved.next_digest_at == now + timedelta(days=1)
    assert saved.last_sent_at is None


def test_jobs_published_in_the_last_minute_wait_for_the_next_digest(on_commit, now):
    SavedSearchFactory(query="q=django", next_digest_at=now)
    _published(now, ago=timedelta(seconds=10), title="Django Just Now")

    first = _send(on_commit, now)
    second = _send(on_commit, now + timedelta(days=1, minutes=2))

    assert first["emailed"] == 0
    assert second["emailed"] == 1
    assert "Django Just Now" in mail.outbox[0].body


def test_job_text_is_escaped_in_the_html_email(on_commit, now):
    SavedSearchFactory(query="q=django")
    _published(now, title="Django <b>Lead</b> & Co")

    _send(on_commit, _later(now))

    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "Django &lt;b&gt;Lead&lt;/b&gt; &amp; Co" in html
    assert "Django <b>Lead</b> & Co" in message.body  # plain text stays plain


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=django",
        "q=django&work_mode=remote&work_mode=hybrid",
        "level=senior&skills=python&skills=postgresql",
        "salary=60000&currency=EUR",
        "country=DE",
        "country=US&visa=1&direct=1",
        "juniors=1&employment_type=contract",
        "specialisation=data&q=kafka",
    ],
)
def test_the_set_based_digest_finds_what_the_search_finds(now, query):
    """The digest reads the jobs filter by filter, set-based; it must agree with the
    search page's FilterSet applied to the whole query at once."""
    jobs = [
        _published(now, title="Django Remote", work_mode="remote", applicant_locations=["DE"]),
        _published(now, title="Django Senior DB", required_skills=["python", "postgresql"], level="senior"),
        _published(now, title="Kafka Data", required_skills=["kafka"], description="Streams.", level="mid"),
        _published(now, title="Hybrid Berlin", work_mode="hybrid", country="DE", salary_min=70000),
        _published(now, title="US Visa", work_mode="onsite", country="US", visa_sponsorship=True),
        _published(now, title="Junior Contract", level="entry", employment_type="contract", salary_min=100),
        _published(
            now, title="Agency US", work_mode="onsite", country="US", is_agency=True, visa_sponsorship=True
        ),
        _published(now, ago=timedelta(days=3), title="Django Too Old"),
    ]
    assert jobs
    saved = SavedSearchFactory(query=query, last_digest_at=now - timedelta(days=1))
    skill_list = load_skills()
    filterset = digests._digest_filterset(query, skill_list=skill_list, filtersets={})
    window = digests._DigestWindow(
        start=now - timedelta(days=2), now=_later(now), cutoff=now, skill_list=skill_list
    )

    expected = digests._digest_job_ids(saved, filterset=filterset, now=_later(now), cutoff=now)
    found = window.newest_matching(
        digests._digest_filters(filterset), since=saved.last_digest_at, limit=digests.DIGEST_MAX_JOBS + 1
    )

    assert found == expected


# --- Never twice -------------------------------------------------------------------


def test_two_beat_runs_send_one_digest(on_commit, now):
    saved = SavedSearchFactory(query="q=django")
    _published(now, title="Django Engineer")

    first = _send(on_commit, _later(now))
    second = _send(on_commit, _later(now, minutes=15))
    third = _send(on_commit, _later(now, days=1))  # next period: nothing new

    assert first == {"processed": 1, "emailed": 1}
    assert second == {"processed": 0, "emailed": 0}
    assert third == {"processed": 1, "emailed": 0}
    assert len(mail.outbox) == 1
    [outbox] = EmailOutbox.objects.all()
    assert outbox.key == f"saved-search:{saved.pk}:{saved.next_digest_at:%Y-%m-%d}"


def test_a_run_that_fails_midway_leaves_its_batch_due_and_a_rerun_sends_once(on_commit, now, monkeypatch):
    first, second = SavedSearchFactory(query="q=django"), SavedSearchFactory(query="q=django")
    _published(now, title="Django Engineer")
    real_write = digests._saved_search_write_digest
    calls = []

    def write_then_fail(saved_search, **kwargs):
        calls.append(saved_search.pk)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_write(saved_search, **kwargs)

    monkeypatch.setattr(digests, "_saved_search_write_digest", write_then_fail)
    with pytest.raises(RuntimeError):
        _send(on_commit, _later(now))
    assert not EmailOutbox.objects.exists()
    assert SavedSearch.objects.due(_later(now)).count() == 2

    monkeypatch.setattr(digests, "_saved_search_write_digest", real_write)
    assert _send(on_commit, _later(now)) == {"processed": 2, "emailed": 2}
    assert _send(on_commit, _later(now)) == {"processed": 0, "emailed": 0}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.user.email, second.user.email])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_skip_the_searches_another_run_holds(on_commit):
    """While one run holds a search (its batch transaction is open), a second run skips it;
    once the first commits, the search is no longer due: one digest in all."""
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    now = timezone.now()
    saved = SavedSearchFactory(query="q=django")
    _published(now, title="Django Engineer")
    results = {}

    with transaction.atomic():
        # The first run, mid-batch: its lock on the row.
        SavedSearch.objects.select_for_update().get(pk=saved.pk)
        thread = threading.Thread(
            target=lambda: results.update(overlapping=saved_searches_send_due(now=_later(now)))
        )
        thread.start()
        thread.join(timeout=30)
    assert results["overlapping"] == {"processed": 0, "emailed": 0}

    assert _send(on_commit, _later(now)) == {"processed": 1, "emailed": 1}
    assert _send(on_commit, _later(now)) == {"processed": 0, "emailed": 0}
    assert EmailOutbox.objects.count() == 1


# --- When digests are due ------------------------------------------------------------


def test_daily_and_weekly_searches_are_due_on_their_own_schedule(on_commit):
    user = UserFactory(seeker=True)
    saved_at = timezone.now() - timedelta(days=10)
    daily = saved_search_create(user=user, name="Daily", query="q=django", frequency="daily", now=saved_at)
    weekly = saved_search_create(user=user, name="Weekly", query="q=flask", frequency="weekly", now=saved_at)
    assert daily.next_digest_at == saved_at + timedelta(days=1)
    assert weekly.next_digest_at == saved_at + timedelta(weeks=1)

    day_one = _send(on_commit, saved_at + timedelta(days=1))
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert day_one["processed"] == 1
    assert daily.next_digest_at == saved_at + timedelta(days=2)
    assert weekly.next_digest_at == saved_at + timedelta(weeks=1)

    # Ten days on, the missed daily slots are skipped (one digest, not eight).
    day_ten = _send(on_commit, saved_at + timedelta(days=10, hours=1))
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert day_ten["processed"] == 2
    assert daily.next_digest_at == saved_at + timedelta(days=11)
    assert weekly.next_digest_at == saved_at + timedelta(weeks=2)


def test_searches_with_alerts_off_are_never_due(on_commit, now):
    saved = SavedSearchFactory(query="q=django")
    saved_search_unsubscribe(saved_search=saved)
    _published(now, title="Django Engineer")

    assert _send(on_commit, _later(now, days=3)) == {"processed": 0, "emailed": 0}
    assert mail.outbox == []


def test_first_digest_has_jobs_published_after_the_search_was_saved(on_commit):
    user = UserFactory(seeker=True)
    saved_at = timezone.now() - timedelta(days=1, minutes=5)
    JobFactory(published=True, title="Django Before", published_at=saved_at - timedelta(hours=1))
    JobFactory(published=True, title="Django After", published_at=saved_at + timedelta(hours=1))
    saved_search_create(user=user, name="Django", query="q=django", frequency="daily", now=saved_at)

    _send(on_commit, timezone.now())

    [message] = mail.outbox
    assert "Django After" in message.body
    assert "Django Before" not in message.body


# --- The beat schedule -------------------------------------------------------------


def test_the_beat_entry_runs_the_registered_task(on_commit, now):
    entry = settings.CELERY_BEAT_SCHEDULE["saved-searches-send-due"]
    SavedSearchFactory(query="q=django", next_digest_at=now - timedelta(minutes=5))
    _published(now, ago=timedelta(minutes=30), title="Django Engineer")

    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] <= 15 * 60
    with on_commit():
        result = celery_app.tasks[entry["task"]].delay().get()

    assert result == {"processed": 1, "emailed": 1}
    assert len(mail.outbox) == 1


# --- Unsubscribe -------------------------------------------------------------------


def _unsubscribe_url(saved):
    return saved_search_unsubscribe_url(saved)


def test_unsubscribe_get_asks_and_post_unsubscribes_without_login(client):
    saved = SavedSearchFactory(name="Remote Django", query="q=django&work_mode=remote")
    url = _unsubscribe_url(saved)

    page = client.get(url)
    saved.refresh_from_db()
    assert page.status_code == 200
    assert "Stop emails for “Remote Django”?" in page.content.decode()
    assert saved.alerts_enabled  # a mail scanner's prefetch changes nothing

    done = client.post(url)
    saved.refresh_from_db()
    assert done.status_code == 200
    assert "Unsubscribed" in done.content.decode()
    assert (saved.alerts_enabled, saved.next_digest_at) == (False, None)
    assert SavedSearch.objects.filter(pk=saved.pk).exists()  # the search is kept

    again = client.post(url)
    assert "already unsubscribed" in again.content.decode()
    assert "already unsubscribed" in client.get(url).content.decode()


def test_one_click_unsubscribe_works_without_a_csrf_token():
    saved = SavedSearchFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        _unsubscribe_url(saved),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    saved.refresh_from_db()
    assert response.status_code == 200
    assert not saved.alerts_enabled


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "garbage",
        lambda token: signing.dumps({"s": 1, "u": 1}, salt="listings.job-action"),  # another link's salt
        lambda token: token + "x",
    ],
)
def test_tampered_unsubscribe_token_is_400_and_changes_nothing(client, tamper):
    saved = SavedSearchFactory()
    url = reverse("searches:unsubscribe", kwargs={"token": tamper(_unsubscribe_url(saved).split("/")[-2])})

    get = client.get(url)
    post = client.post(url)

    saved.refresh_from_db()
    assert get.status_code == post.status_code == 400
    assert "This unsubscribe link isn't valid" in post.content.decode()
    assert saved.alerts_enabled


def test_a_token_for_another_users_search_is_refused(client):
    mine = SavedSearchFactory()
    theirs = SavedSearchFactory()
    forged = signing.dumps(
        {"s": theirs.pk, "u": mine.user_id}, salt=saved_searches.SAVED_SEARCH_UNSUBSCRIBE_SALT
    )

    response = client.post(reverse("searches:unsubscribe", kwargs={"token": forged}))

    theirs.refresh_from_db()
    assert "no longer" in response.content.decode() or "deleted" in response.content.decode()
    assert theirs.alerts_enabled


def test_unsubscribe_link_of_a_deleted_search_is_friendly(client):
    saved = SavedSearchFactory()
    url = _unsubscribe_url(saved)
    saved.delete()

    response = client.post(url)

    assert response.status_code == 200
    assert "was deleted" in response.content.decode()
