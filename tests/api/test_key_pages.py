"""The employer area's API key pages, and keys used by many requests at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from api.models import ApiKey
from tests.api.conftest import bearer
from tests.factories import UserFactory, employer_of

KEYS = reverse("employer_api:keys")


@pytest.mark.django_db
def test_a_member_creates_a_key_sees_it_once_and_it_works(member_client, member, client):
    response = member_client.post(
        KEYS, {"name": "Greenhouse sync", "scopes": ["jobs:write", "applications:read"]}
    )

    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.encode() in response.content
    row = ApiKey.objects.get()
    assert (row.name, row.scopes, row.created_by) == (
        "Greenhouse sync",
        ["jobs:write", "applications:read"],
        member,
    )
    listed = member_client.get(KEYS)
    assert key.encode() not in listed.content
    assert b"Greenhouse sync" in listed.content
    assert f"jpk_{row.prefix}_".encode() in listed.content
    assert Client().get(reverse("api:employer_job_list"), headers=bearer(key)).status_code == 200


@pytest.mark.django_db
def test_a_key_needs_a_name_and_a_permission(member_client):
    response = member_client.post(KEYS, {"name": "", "scopes": []})

    assert response.status_code == 200
    assert response.context["new_key"] is None
    assert b"Pick at least one permission" in response.content
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_revoking_a_key_is_recorded_and_refuses_it(member_client, member, company, make_key):
    row, key = make_key(company)

    response = member_client.post(reverse("employer_api:key_revoke", args=[row.pk]), follow=True)

    assert b"is revoked" in response.content
    row.refresh_from_db()
    assert row.revoked_by == member
    assert Client().get(reverse("api:employer_job_list"), headers=bearer(key)).status_code == 401


@pytest.mark.django_db
def test_another_companys_member_gets_404_and_the_key_stays(client, company, other_company, make_key):
    row, _ = make_key(company)
    client.force_login(employer_of(other_company))

    response = client.post(reverse("employer_api:key_revoke", args=[row.pk]))

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.is_active
    assert b"ATS" not in client.get(KEYS).content


@pytest.mark.django_db
def test_visitors_and_seekers_cannot_reach_the_key_pages(client):
    assert client.get(KEYS).status_code == 302
    client.force_login(UserFactory(seeker=True))
    assert client.get(KEYS).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_many_requests_with_one_key_at_once_all_succeed_and_record_the_use(company, make_key):
    """Authentication writes "last used" during a GET: eight at once must not fail
    (SQLite serialises writers; PostgreSQL updates one row from eight connections)."""
    import importlib

    from django.apps import apps

    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    row, key = make_key(company)
    barrier = threading.Barrier(8)

    def call(_):
        try:
            barrier.wait(timeout=30)
            return Client().get(reverse("api:employer_job_list"), headers=bearer(key)).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(call, range(8)))

    assert statuses == [200] * 8
    row.refresh_from_db()
    assert row.last_used_at is not None
