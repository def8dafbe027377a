"""Cards say when a job was posted in words ("2 days ago"), with the exact moment in
<time datetime> to the second; cards kept in the process never outlive their day."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from jobportal.template_filters import iso_datetime
from listings.cards import render_card
from listings.dates import days_ago_text
from listings.models import Job
from tests.factories import JobFactory

TODAY = date(2026, 12, 1)


def at(day, hour=12):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0, 0, 123456))


@pytest.mark.parametrize(
    ("posted", "words"),
    [
        (TODAY, "today"),
        (TODAY - timedelta(days=1), "yesterday"),
        (TODAY - timedelta(days=2), "2 days ago"),
        (TODAY - timedelta(days=30), "30 days ago"),
        (TODAY - timedelta(days=31), "on 31 Oct 2026"),
    ],
)
def test_days_ago_counts_calendar_days(posted, words):
    assert days_ago_text(at(posted), today=TODAY) == words


def test_a_job_posted_late_yesterday_is_yesterday_even_a_few_hours_later():
    assert days_ago_text(at(TODAY - timedelta(days=1), hour=23), today=TODAY) == "yesterday"


def test_iso_datetime_has_seconds_and_no_fraction():
    moment = datetime(2026, 12, 1, 17, 46, 40, 987654, tzinfo=UTC)

    assert re.fullmatch(r"2026-12-01T\d\d:46:40[+-]\d\d:\d\d", iso_datetime(moment))


@pytest.mark.django_db
def test_cards_on_the_search_page_say_how_long_ago_with_the_exact_moment(client):
    job = JobFactory(published=True)
    Job.objects.filter(pk=job.pk).update(published_at=timezone.now() - timedelta(days=2))

    html = client.get(reverse("listings:job_list")).text

    posted = re.search(r'Posted <time datetime="([^"]+)" title="[^"]+">([^<]+)</time>', html)
    assert posted.group(2) == "2 days ago"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", posted.group(1))


@pytest.mark.django_db
def test_a_card_kept_in_the_process_is_rendered_again_the_next_day(monkeypatch):
    JobFactory(published=True)
    job = Job.objects.for_list_page().get()
    Job.objects.filter(pk=job.pk).update(published_at=timezone.now())
    job = Job.objects.for_list_page().get()

    assert "Posted <time" in render_card(job, saved_job_ids=None, user=AnonymousUser())
    assert ">today</time>" in render_card(job, saved_job_ids=None, user=AnonymousUser())
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert ">yesterday</time>" in render_card(job, saved_job_ids=None, user=AnonymousUser())
