"""Twenty simultaneous applies for one seeker and job make exactly one application.

Each thread has its own database connection, so the submits really race; only
PostgreSQL runs them concurrently (SQLite serialises every writer).
"""

import importlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.models import EmailOutbox
from applications import services
from applications.models import Application, ApplicationEvent
from applications.services import AlreadyApplied
from tests.factories import JobFactory, SeekerProfileFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so the submits can't race")


@pytest.fixture(autouse=True)
def _skill_taxonomy(_postgresql_only):
    """The skills come from a data migration, which a transactional test before this one may have flushed."""
    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)


def race(function):
    """Run `function` in RACERS threads released at the same moment; return each result."""
    barrier = threading.Barrier(RACERS)

    def run(_):
        try:
            barrier.wait(timeout=30)
            return function()
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        return list(pool.map(run, range(RACERS)))


def test_twenty_concurrent_submits_make_one_application(tmp_path):
    seeker = UserFactory(seeker=True)
    job = JobFactory(published=True)

    def submit():
        try:
            return services.application_submit(job=job, seeker=seeker, resume_upload=pdf_upload())
        except AlreadyApplied as already:
            return already

    results = race(submit)

    application = Application.objects.get()
    created = [result for result in results if isinstance(result, Application)]
    refused = [result for result in results if isinstance(result, AlreadyApplied)]
    assert len(created) + len(refused) == RACERS
    assert created == [application]
    assert {already.application for already in refused} == {application}
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert EmailOutbox.objects.filter(key__startswith="application-receipt:").count() == 1
    # The losers' resume copies were removed.
    assert len(list((tmp_path / "private_media" / "resumes").iterdir())) == 1


def test_twenty_concurrent_form_posts_all_land_on_the_one_application():
    profile = SeekerProfileFactory(with_resume=True)
    job = JobFactory(published=True)
    url = reverse("applications:apply", args=[job.pk])
    clients = []
    for _ in range(RACERS):
        client = Client()
        client.force_login(profile.user)
        clients.append(client)
    queue = iter(clients)
    lock = threading.Lock()

    def post():
        with lock:
            client = next(queue)
        return client.post(url, {"resume_choice": "profile", "cover_letter": "Hello"})

    responses = race(post)

    application = Application.objects.get()
    locations = sorted(response["Location"] for response in responses if response.status_code == 302)
    assert len(locations) == RACERS, [response.status_code for response in responses]
    submitted = reverse("applications:submitted", args=[application.pk])
    assert locations.count(submitted) == 1
    assert locations.count(application.get_absolute_url()) == RACERS - 1


def test_after_a_withdrawal_twenty_concurrent_submits_make_one_new_application():
    seeker = UserFactory(seeker=True)
    job = JobFactory(published=True)
    withdrawn = services.application_submit(job=job, seeker=seeker, resume_upload=pdf_upload())
    services.application_withdraw(application=withdrawn, by=seeker)

    def submit():
        try:
            return services.application_submit(job=job, seeker=seeker, resume_upload=pdf_upload())
        except AlreadyApplied as already:
            return already

    results = race(submit)

    current = Application.objects.current().get(job=job, seeker=seeker)
    assert current.pk != withdrawn.pk
    assert Application.objects.filter(job=job, seeker=seeker).count() == 2
    assert [result for result in results if isinstance(result, Application)] == [current]
    assert {result.application for result in results if isinstance(result, AlreadyApplied)} == {current}
