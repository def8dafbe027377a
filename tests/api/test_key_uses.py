"""Every write made with an API key is recorded (which key, what, how it ended), refused
writes included and changing nothing; reads only move "last used"; the keys page lists
each key's recent writes for its own company only."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import DatabaseError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiKeyUse
from api.services.keys import api_key_revoke
from applications.models import Application
from listings.models import Job, JobEvent
from tests.api.conftest import bearer
from tests.api.test_employer_api import JOBS, NEW_JOB, applications_url, job_url
from tests.conversations.test_concurrency import _on_a_file_copy
from tests.factories import ApplicationFactory, JobFactory, UserFactory, employer_of

pytestmark = pytest.mark.django_db

KEYS = reverse("employer_api:keys")


def send(client, method, url, key, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json", headers=bearer(key))


def only_use():
    use = ApiKeyUse.objects.get()
    return use.api_key_id, use.method, use.path, use.object_type, use.object_id, use.status_code


def test_creating_a_job_records_one_use_with_the_new_job(client, company, make_key):
    row, key = make_key(company)

    response = send(client, "post", JOBS, key, NEW_JOB)

    job_id = response.json()["id"]
    assert only_use() == (row.pk, "POST", JOBS, "job", job_id, 201)
    row.refresh_from_db()
    assert row.last_used_at == ApiKeyUse.objects.get().created_at


@pytest.mark.parametrize(
    ("name", "method", "body", "status"),
    [
        ("employer_job_detail", "patch", {"salary_max": 110000}, 200),
        ("employer_job_submit", "post", None, 200),
        ("employer_job_close", "post", {"reason": "filled"}, 409),  # a draft can't be closed
    ],
)
def test_each_job_write_records_one_use_with_the_job(client, company, make_key, name, method, body, status):
    row, key = make_key(company)
    job = JobFactory(company=company)

    response = send(client, method, job_url(job, name), key, body)

    assert response.status_code == status, response.content
    assert only_use() == (row.pk, method.upper(), job_url(job, name), "job", job.pk, status)


def test_closing_a_live_job_records_its_use(client, company, make_key):
    _, key = make_key(company)
    job = JobFactory(published=True, company=company)

    send(client, "post", job_url(job, "employer_job_close"), key, {"reason": "filled"})

    assert only_use()[3:] == ("job", job.pk, 200)


def test_moving_an_application_records_one_use_with_the_application(client, company, make_key, on_commit):
    row, key = make_key(company)
    application = ApplicationFactory(job=JobFactory(published=True, company=company))
    url = applications_url(application, "employer_application_move")

    with on_commit():
        send(client, "post", url, key, {"to": "interview"})

    assert only_use() == (row.pk, "POST", url, "application", application.pk, 200)
    assert len(mail.outbox) == 1


def test_a_write_invalid_by_the_form_is_recorded_as_400_and_changes_nothing(client, company, make_key):
    row, key = make_key(company)
    job = JobFactory(published=True, company=company, title="Backend engineer")
    events = JobEvent.objects.count()

    response = send(client, "patch", job_url(job), key, {"salary_min": 200000, "salary_max": 1000})

    assert response.status_code == 400
    assert only_use() == (row.pk, "PATCH", job_url(job), "job", job.pk, 400)
    job.refresh_from_db()
    assert (job.title, job.status) == ("Backend engineer", Job.Status.PUBLISHED)
    assert JobEvent.objects.count() == events


def test_a_refused_create_is_recorded_without_an_object(client, company, make_key):
    row, key = make_key(company)

    send(client, "post", JOBS, key, {**NEW_JOB, "title": ""})

    assert only_use() == (row.pk, "POST", JOBS, "job", None, 400)
    assert not Job.objects.exists()


def test_a_write_outside_the_keys_scope_is_recorded_as_403_and_changes_nothing(
    client, company, make_key, on_commit
):
    row, key = make_key(company, scopes=["applications:read"])
    application = ApplicationFactory(job=JobFactory(published=True, company=company))
    url = applications_url(application, "employer_application_move")

    with on_commit():
        response = send(client, "post", url, key, {"to": "interview"})

    assert response.status_code == 403
    assert only_use() == (row.pk, "POST", url, "application", application.pk, 403)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert mail.outbox == []


def test_a_write_on_another_companys_job_is_recorded_as_404_for_the_key_and_changes_nothing(
    client, company, other_company, make_key
):
    row, key = make_key(company)
    theirs = JobFactory(published=True, company=other_company)
    application = ApplicationFactory(job=theirs)

    closing = send(client, "post", job_url(theirs, "employer_job_close"), key, {"reason": "filled"})
    moving = send(
        client, "post", applications_url(application, "employer_application_move"), key, {"to": "hired"}
    )

    assert (closing.status_code, moving.status_code) == (404, 404)
    assert sorted(ApiKeyUse.objects.values_list("api_key_id", "status_code")) == [
        (row.pk, 404),
        (row.pk, 404),
    ]
    theirs.refresh_from_db()
    application.refresh_from_db()
    assert (theirs.status, application.status) == (Job.Status.PUBLISHED, Application.Status.SUBMITTED)


def test_the_change_and_its_use_commit_together(company, make_key, monkeypatch):
    """If the use cannot be written, the change is rolled back (and the failure recorded)."""
    from api.services import keys

    row, key = make_key(company)
    record = keys.api_key_use_record

    def failing_on_success(**kwargs):
        if kwargs["status_code"] < 400:
            raise DatabaseError("disk full")
        return record(**kwargs)

    monkeypatch.setattr("api.views.employer_jobs.api_key_use_record", failing_on_success)

    response = send(Client(raise_request_exception=False), "post", JOBS, key, NEW_JOB)

    assert response.status_code == 500
    assert not Job.objects.exists()
    assert only_use() == (row.pk, "POST", JOBS, "job", None, 500)


@pytest.mark.django_db(transaction=True)
def test_writes_with_one_key_at_once_all_succeed_and_each_is_recorded(company, make_key, tmp_path):
    """A write holds its transaction until its use is written (and the key's "last used"
    row is updated last): four at once must queue, not fail (SQLite: one writer at a time)."""
    import importlib

    from django.apps import apps

    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    row, key = make_key(company)
    drafts = [JobFactory(company=company) for _ in range(4)]
    barrier = threading.Barrier(4)

    def submit(job):
        try:
            barrier.wait(timeout=30)
            return send(Client(), "post", job_url(job, "employer_job_submit"), key).status_code
        finally:
            connections.close_all()

    # SQLite: on a file, as `make run` (the in-memory test database fails a second writer at once).
    on_a_file = contextlib.contextmanager(_on_a_file_copy)(tmp_path / "writes.sqlite3")
    with on_a_file if connection.vendor == "sqlite" else contextlib.nullcontext():
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(submit, drafts))
        uses = sorted(ApiKeyUse.objects.filter(api_key=row).values_list("object_id", flat=True))
        pending = Job.objects.filter(status=Job.Status.PENDING).count()

    assert statuses == [200] * 4
    assert uses == sorted(job.pk for job in drafts)
    assert pending == 4


def test_reads_and_unknown_keys_record_no_use(client, company, make_key):
    row, key = make_key(company)
    job = JobFactory(company=company)
    application = ApplicationFactory(job=job)

    assert send(client, "get", JOBS, key).status_code == 200
    assert send(client, "get", job_url(job), key).status_code == 200
    assert send(client, "get", applications_url(application), key).status_code == 200
    assert send(client, "post", JOBS, "jpk_nothing_here", NEW_JOB).status_code == 401

    assert not ApiKeyUse.objects.exists()
    row.refresh_from_db()
    assert row.last_used_at is not None


def make_writes(client, company, make_key, keys, writes):
    """`keys` keys of the company, each with `writes` recorded writes (a submit of a draft)."""
    for _ in range(keys):
        _, key = make_key(company)
        for _ in range(writes):
            send(client, "post", job_url(JobFactory(company=company), "employer_job_submit"), key)


def test_the_keys_page_lists_each_keys_recent_writes(member_client, company, make_key):
    row, key = make_key(company)
    draft = JobFactory(company=company)
    send(member_client, "post", job_url(draft, "employer_job_submit"), key)
    send(member_client, "patch", job_url(draft), key, {"salary_min": 200000, "salary_max": 1000})
    for _ in range(21):
        send(member_client, "post", job_url(JobFactory(company=company), "employer_job_submit"), key)
    quiet, _ = make_key(company)

    response = member_client.get(KEYS)

    keys = {listed.pk: listed for listed in response.context["keys"]}
    assert len(keys[row.pk].recent_writes) == 20
    assert keys[row.pk].recent_writes[0].created_at >= keys[row.pk].recent_writes[-1].created_at
    assert keys[quiet.pk].recent_writes == []
    assert f"PATCH {job_url(draft)}".encode() not in response.content  # older than the last 20
    assert b"No writes yet." in response.content


def test_the_keys_page_shows_a_refused_write_and_keeps_a_revoked_keys_history(
    member_client, member, company, make_key
):
    row, key = make_key(company)
    job = JobFactory(published=True, company=company)
    send(member_client, "patch", job_url(job), key, {"salary_min": 200000, "salary_max": 1000})
    api_key_revoke(api_key=row, by=member)

    content = member_client.get(KEYS).content.decode()

    assert f"PATCH {job_url(job)}" in content
    assert f"Job {job.pk}" in content
    assert 'badge--rejected">400' in content
    assert ApiKeyUse.objects.filter(api_key=row).count() == 1


@pytest.mark.parametrize(("keys", "writes"), [(1, 1), (4, 3)])
def test_the_keys_page_costs_the_same_queries_for_any_number_of_keys_and_writes(
    member_client, company, make_key, django_assert_num_queries, keys, writes
):
    make_writes(member_client, company, make_key, keys, writes)
    member_client.get(KEYS)  # warm what a first request caches
    with CaptureQueriesContext(connection) as baseline:
        member_client.get(KEYS)
    queries = len(baseline.captured_queries)  # now: the next request clears the log
    make_writes(member_client, company, make_key, 2, 5)

    with django_assert_num_queries(queries):
        response = member_client.get(KEYS)

    assert len(response.context["keys"]) == keys + 2


def test_another_companys_member_sees_none_of_the_keys_writes(client, company, other_company, make_key):
    row, key = make_key(company)
    job = JobFactory(company=company)
    send(client, "post", job_url(job, "employer_job_submit"), key)
    client.force_login(employer_of(other_company))

    response = client.get(KEYS)

    assert ApiKeyUse.objects.filter(api_key=row).exists()
    assert list(response.context["keys"]) == []
    assert job_url(job, "employer_job_submit").encode() not in response.content


def test_the_admin_lists_uses_read_only(client, company, make_key):
    _, key = make_key(company)
    send(client, "post", job_url(JobFactory(company=company), "employer_job_submit"), key)
    use = ApiKeyUse.objects.get()
    client.force_login(UserFactory(staff=True, is_superuser=True))

    listing = client.get(reverse("admin:api_apikeyuse_changelist"))
    detail = client.get(reverse("admin:api_apikeyuse_change", args=[use.pk]))

    assert listing.status_code == 200
    assert use.path.encode() in listing.content
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.get(reverse("admin:api_apikeyuse_add")).status_code == 403
    assert client.post(reverse("admin:api_apikeyuse_delete", args=[use.pk])).status_code == 403
    # Nor can the key go, taking its history along: keys are revoked.
    assert client.post(reverse("admin:api_apikey_delete", args=[use.api_key_id])).status_code == 403
