"""The public company page: who they are and their open jobs."""

import pytest

from listings.search import pages
from tests.factories import CompanyFactory, JobFactory, png_upload

pytestmark = pytest.mark.django_db


def test_the_company_page_shows_the_company_and_only_its_open_jobs(client):
    company = CompanyFactory(
        name="Snakeworks",
        website="https://snakeworks.example",
        about="We run **Django** at scale. <script>alert(1)</script> [x](javascript:alert(1))",
        is_verified=True,
    )
    JobFactory(published=True, company=company, title="Open job")
    JobFactory(closed=True, company=company, title="Closed job")
    JobFactory(company=company, title="Draft job")
    JobFactory(published=True, title="Another company's job")

    response = client.get(company.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Snakeworks" in response.text
    assert "Verified" in response.text
    assert '<a href="https://snakeworks.example" rel="nofollow noopener">' in response.text
    assert "<strong>Django</strong>" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "javascript:" not in response.text
    assert [job.title for job in response.context["jobs"]] == ["Open job"]
    assert "1 open job" in response.text
    assert "Closed job" not in response.text
    assert "Draft job" not in response.text


def test_a_company_without_open_jobs_says_so_and_is_not_indexed(client):
    company = CompanyFactory(name="Quiet Co")

    response = client.get(company.get_absolute_url())

    assert response.status_code == 200
    assert "Quiet Co has no open jobs right now." in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_the_company_logo_is_shown(client):
    company = CompanyFactory(logo=png_upload())

    html = client.get(company.get_absolute_url()).text

    assert f'src="{company.logo.url}"' in html


def test_an_unknown_company_is_404(client):
    assert client.get("/companies/nobody/").status_code == 404


def test_the_job_page_links_to_its_company(client):
    job = JobFactory(published=True)

    html = client.get(job.get_absolute_url()).text

    assert f'href="{job.company.get_absolute_url()}"' in html


@pytest.mark.parametrize("n", [1, 50])
def test_company_page_queries_stay_flat(client, django_assert_num_queries, n):
    company = CompanyFactory()
    JobFactory.create_batch(n, published=True, company=company, nice_skills=["docker"])

    # company, count, page, skills prefetch
    with django_assert_num_queries(4):
        client.get(company.get_absolute_url())


def test_a_company_with_more_open_jobs_than_the_cap_is_counted_no_further(client, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    company = CompanyFactory()
    JobFactory.create_batch(5, company=company, published=True)

    response = client.get(company.get_absolute_url())

    assert "3+ open jobs" in response.text
    assert response.context["page_obj"].paginator.num_pages == 1
    assert len(response.context["jobs"]) == 3
