import pytest
from django.urls import reverse

from listings.models import Job, JobEvent
from tests.factories import CompanyFactory, JobFactory, JobMatchFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def run_action(client, action, jobs, **extra):
    # From the list of all jobs, not just the pending queue (actions apply to the filtered list).
    return client.post(
        reverse("admin:listings_job_changelist") + "?queue=all",
        {"action": action, "_selected_action": [job.pk for job in jobs], **extra},
        follow=True,
    )


def test_bulk_approve_publishes_pending_jobs_and_reports_the_rest(staff_client):
    pending = JobFactory.create_batch(2, pending=True)
    draft = JobFactory()

    response = run_action(staff_client, "approve", [*pending, draft])

    assert b"2 job(s) approved." in response.content
    assert b"can&#x27;t be approved: it is draft" in response.content
    assert set(Job.objects.filter(pk__in=[j.pk for j in pending]).values_list("status", flat=True)) == {
        "published"
    }
    assert JobEvent.objects.filter(to_status="published", actor=staff_client.staff).count() == 2


def test_reject_action_requires_and_records_a_reason(staff_client):
    job = JobFactory(pending=True)

    response = run_action(staff_client, "reject", [job])
    assert b"Pick a rejection reason" in response.content
    assert Job.objects.get(pk=job.pk).status == "pending"

    run_action(staff_client, "reject", [job], reason="not_python", note="This is a React role.")
    job.refresh_from_db()
    assert job.status == "rejected"
    assert job.rejection_reason == "Not a Python backend role. This is a React role."


@pytest.mark.parametrize("n", [2, 20])
def test_job_changelist_queries_stay_flat(staff_client, django_assert_max_num_queries, n):
    JobFactory.create_batch(n, company=CompanyFactory())

    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("admin:listings_job_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_company_changelist_queries_stay_flat(staff_client, django_assert_max_num_queries, n):
    for _ in range(n):
        JobFactory(published=True)

    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("admin:listings_company_changelist"))
    assert response.status_code == 200


def test_job_change_page_shows_its_history(staff_client):
    job = JobFactory(pending=True)
    JobEvent.objects.create(
        job=job, actor=staff_client.staff, from_status="draft", to_status="pending", note="hi"
    )

    response = staff_client.get(reverse("admin:listings_job_change", args=[job.pk]))

    assert response.status_code == 200
    assert b"Pending review" in response.content


def test_verify_companies_action(staff_client):
    company = CompanyFactory()

    response = staff_client.post(
        reverse("admin:listings_company_changelist"),
        {"action": "mark_verified", "_selected_action": [company.pk]},
        follow=True,
    )

    assert b"1 company(ies) marked verified." in response.content
    company.refresh_from_db()
    assert company.is_verified


@pytest.mark.parametrize("model", ["skill", "role", "companyinvitation"])
def test_other_listing_admins_open(staff_client, model):
    assert staff_client.get(reverse(f"admin:listings_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:listings_{model}_add")).status_code == 200


@pytest.mark.parametrize("n", [1, 20])
def test_matches_and_saved_searches_are_listed_read_only_with_flat_queries(
    staff_client, django_assert_max_num_queries, n
):
    for _ in range(n):
        match = JobMatchFactory()
        SavedSearchFactory(user=match.seeker)

    for model in ("jobmatch", "savedsearch"):
        with django_assert_max_num_queries(8):
            response = staff_client.get(reverse(f"admin:listings_{model}_changelist"))
        assert response.status_code == 200
        assert staff_client.get(reverse(f"admin:listings_{model}_add")).status_code == 403
    assert match.seeker.email in response.text
