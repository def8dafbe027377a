"""Links in emails point at the site's address: under `make run PORT=…`, the port it serves on."""

import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from jobportal.links import DEFAULT_SITE_URL, site_url
from listings.services.digests import saved_searches_send_due
from listings.services.expiry import jobs_remind_expiring
from listings.services.moderation import job_approve, job_reject
from tests.factories import ApplicationFactory, JobFactory, SavedSearchFactory, UserFactory, employer_of

BASE_DIR = Path(__file__).resolve().parents[2]

# Stands in for the virtualenv's python: `manage.py runserver` prints the SITE_URL the
# real settings read from the environment make gives it; the other steps do nothing.
PRINT_SITE_URL = (
    "import sys, django; django.setup(); from django.conf import settings; "
    "print('site', settings.SITE_URL, 'serving', sys.argv[1])"
)
FAKE_PYTHON = f"""#!/bin/sh
if [ "$2" = "runserver" ]; then exec {sys.executable} -c "{PRINT_SITE_URL}" "$3"; fi
"""


@pytest.fixture
def make_run(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    (venv / ".installed").touch()  # newer than the requirements: nothing to install

    def run(*args, **env):
        environment = {
            key: value for key, value in os.environ.items() if key not in ("SITE_URL", "MAKEFLAGS", "MFLAGS")
        }
        environment |= {"DJANGO_SETTINGS_MODULE": "jobportal.settings", "PYTHONPATH": str(BASE_DIR), **env}
        result = subprocess.run(
            ["make", "-s", "-C", str(BASE_DIR), "run", f"VENV={venv}", *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    return run


def test_make_run_gives_the_site_the_address_it_serves_on(make_run):
    assert make_run("PORT=8300") == "site http://127.0.0.1:8300 serving 127.0.0.1:8300"
    assert make_run("HOST=0.0.0.0", "PORT=8301") == "site http://127.0.0.1:8301 serving 0.0.0.0:8301"


def test_make_run_keeps_a_site_url_that_is_set(make_run):
    assert make_run("PORT=8300", SITE_URL="https://jobs.example.com") == (
        "site https://jobs.example.com serving 127.0.0.1:8300"
    )


@pytest.mark.django_db
def test_emails_written_by_services_and_tasks_link_to_the_site_url(settings, on_commit):
    settings.SITE_URL = "http://127.0.0.1:8300"
    staff = UserFactory(staff=True)
    pending = JobFactory(pending=True)
    employer_of(pending.company)
    rejected = JobFactory(pending=True)
    employer_of(rejected.company)
    expiring = JobFactory(published=True, closing_date=timezone.localdate() + timedelta(days=3))
    employer_of(expiring.company)
    application = ApplicationFactory()
    SavedSearchFactory(query="q=django")
    JobFactory(published=True, title="Django dev", published_at=timezone.now() - timedelta(minutes=5))

    with on_commit():
        job_approve(job=pending, by=staff)
        job_reject(job=rejected, by=staff, reason="duplicate")
        jobs_remind_expiring()
        application_services.application_move(
            application=application, by=employer_of(application.job.company), to_status="interview"
        )
        saved_searches_send_due()

    assert len(mail.outbox) == 5
    for message in mail.outbox:
        links = re.findall(r"https?://[^/\s]+", message.body)
        assert links, message.subject
        assert set(links) == {"http://127.0.0.1:8300"}, message.subject


# --- Without SITE_URL: the address of the request that caused the email -------------


def _move_to_interview(client, application, on_commit, **headers):
    """The addresses the candidate's email links to, after their move to Interview."""
    with on_commit():
        response = client.post(
            reverse("employer:application_move", args=[application.pk]), {"to_status": "interview"}, **headers
        )
    assert response.status_code == 302
    [message] = mail.outbox
    return set(re.findall(r"https?://[^/\s]+", message.body))


@pytest.fixture
def moved(company):
    return ApplicationFactory(job=JobFactory(company=company, published=True))


@pytest.mark.django_db
def test_without_site_url_an_email_links_to_the_address_its_request_came_to(
    member_client, moved, on_commit, settings
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["jobs.internal"]

    links = _move_to_interview(member_client, moved, on_commit, HTTP_HOST="jobs.internal:8001")

    assert links == {"http://jobs.internal:8001"}


@pytest.mark.django_db
def test_a_host_only_a_wildcard_allows_never_goes_into_an_email(member_client, moved, on_commit, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]

    links = _move_to_interview(member_client, moved, on_commit, HTTP_HOST="evil.example")

    assert links == {DEFAULT_SITE_URL}


@pytest.mark.django_db
def test_a_site_url_that_is_set_wins_over_the_request(member_client, moved, on_commit, settings):
    settings.SITE_URL = "https://jobs.example.com"
    settings.ALLOWED_HOSTS = ["jobs.internal"]

    links = _move_to_interview(member_client, moved, on_commit, HTTP_HOST="jobs.internal")

    assert links == {"https://jobs.example.com"}


@pytest.mark.django_db
def test_without_site_url_or_request_emails_link_to_the_default_address(settings, on_commit):
    settings.SITE_URL = ""
    staff = UserFactory(staff=True)
    job = JobFactory(pending=True)
    employer_of(job.company)

    with on_commit():
        job_approve(job=job, by=staff)

    [message] = mail.outbox
    assert set(re.findall(r"https?://[^/\s]+", message.body)) == {DEFAULT_SITE_URL}
    assert site_url() == DEFAULT_SITE_URL == "http://127.0.0.1:8000"
