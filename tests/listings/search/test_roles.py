"""Role landing pages: /jobs/<role-slug>/ with the intro and the live, filtered list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import JobFactory, RoleFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [job.title for job in response.context["jobs"]]


def test_the_role_page_has_its_seo_title_description_and_rendered_intro(client, role):
    response = client.get("/jobs/python-backend-developer/")

    assert response.status_code == 200
    assert "<title>Python Backend Developer jobs with salaries · " in response.text
    assert (
        '<meta name="description" content="Remote and on-site Python backend developer jobs.">'
        in response.text
    )
    assert "<h1>Python Backend Developer jobs</h1>" in response.text
    assert "<h2>The work</h2>" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert 'href="/jobs/python-backend-developer/?skills=django"' in response.text


def test_the_role_lists_open_jobs_with_any_of_its_skills(client, role):
    JobFactory(published=True, title="Django job", required_skills=["django"])
    JobFactory(published=True, title="FastAPI job", required_skills=["python"], nice_skills=["fastapi"])
    JobFactory(published=True, title="Flask job", required_skills=["flask"])
    JobFactory(closed=True, title="Closed Django job", required_skills=["django"])
    JobFactory(title="Draft Django job", required_skills=["django"])

    response = client.get(role.get_absolute_url())

    assert sorted(titles(response)) == ["Django job", "FastAPI job"]
    assert "2 open jobs for python backend developers" in response.text


def test_the_role_page_and_its_feed_find_jobs_by_the_roles_skill_ids(client, role):
    JobFactory(published=True, title="Django job", required_skills=["django"])
    JobFactory(published=True, title="Flask job", required_skills=["flask"])

    with CaptureQueriesContext(connection) as queries:
        page = client.get(role.get_absolute_url())
    job_queries = [query["sql"] for query in queries if 'FROM "listings_job"' in query["sql"]]
    feed = client.get(reverse("listings:role_feed", kwargs={"slug": role.slug}))

    assert titles(page) == ["Django job"]
    assert "Django job" in feed.text
    assert "Flask job" not in feed.text
    # The skill ids are in the query: no join through the role's skills for every job.
    assert job_queries
    assert not [sql for sql in job_queries if "listings_role_skills" in sql]


def test_the_role_page_has_every_filter_of_the_search(client, role):
    JobFactory(published=True, title="Entry", level="entry", required_skills=["django"])
    JobFactory(
        published=True, title="Senior, juniors welcome", open_to_juniors=True, required_skills=["django"]
    )
    JobFactory(published=True, title="Senior", required_skills=["django"])

    response = client.get(role.get_absolute_url(), {"juniors": "on"})

    assert sorted(titles(response)) == ["Entry", "Senior, juniors welcome"]
    assert titles(client.get(role.get_absolute_url(), {"level": "entry"})) == ["Entry"]
    for name in ["q", "skills", "level", "juniors", "work_mode", "country", "salary", "currency"]:
        assert f'name="{name}"' in response.text
    for name in ["employment_type", "visa", "relocation", "direct", "posted", "sort"]:
        assert f'name="{name}"' in response.text
    assert (
        '<span>Entry level <span class="filter__hint">building foundational skills</span></span>'
        in response.text
    )


def test_specialisation_facets_lead_the_role_page(client, role):
    JobFactory(published=True, title="API job", required_skills=["django", "graphql"])
    JobFactory(published=True, title="Cloud job", required_skills=["django", "kubernetes"])

    response = client.get(role.get_absolute_url(), {"specialisation": "cloud"})

    facets = response.text[response.text.index('<fieldset class="filter facets">') :]
    facets = facets[: facets.index("</fieldset>")]
    for label in [
        "APIs (REST/GraphQL)",
        "Data-intensive applications",
        "Microservices",
        "Machine-learning integration",
        "Cloud / DevOps",
    ]:
        assert label in facets
    assert 'value="cloud" id="id_specialisation_4" checked' in facets
    assert titles(response) == ["Cloud job"]


def test_the_role_page_says_which_skills_each_specialisation_covers(client, role):
    response = client.get(role.get_absolute_url())

    about = response.text[response.text.index('<details class="filter__about">') :]
    about = about[: about.index("</details>")]
    assert "What each specialisation covers" in about
    data = about[about.index("<dt>Data-intensive applications</dt>") :]
    data = data[: data.index("</dd>")]
    for name in ("Kafka", "Stream processing", "Elasticsearch", "Cassandra", "Data engineering", "Pandas"):
        assert name in data
    for name in ("PostgreSQL", "MySQL", "SQL,", "MongoDB"):
        assert name not in data


def test_the_role_page_search_form_and_htmx_stay_on_the_role(client, role):
    JobFactory(published=True, title="Django job", required_skills=["django"])

    page = client.get(role.get_absolute_url())
    partial = client.get(role.get_absolute_url(), {"q": "django"}, headers={"HX-Request": "true"})

    assert 'action="/jobs/python-backend-developer/"' in page.text
    assert 'hx-get="/jobs/python-backend-developer/"' in page.text
    assert partial.text.lstrip().startswith('<section id="results"')
    assert "<html" not in partial.text
    assert "Django job" in partial.text
    assert "HX-Request" in partial["Vary"]


def test_the_role_page_links_its_own_feed(client, role):
    response = client.get(role.get_absolute_url(), {"level": "senior"})

    assert 'type="application/atom+xml"' in response.text
    assert 'href="/jobs/python-backend-developer/feed/?level=senior"' in response.text


def test_an_unknown_or_unpublished_role_is_404(client):
    RoleFactory(name="Data Engineer", is_published=False)

    assert client.get("/jobs/data-engineer/").status_code == 404
    assert client.get("/jobs/no-such-role/").status_code == 404
    assert client.get("/jobs/data-engineer/feed/").status_code == 404


def test_role_pages_do_not_shadow_job_pages_or_the_feed(client, role):
    job = JobFactory(published=True)

    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(reverse("listings:job_feed")).status_code == 200
    assert reverse("listings:role_detail", kwargs={"slug": role.slug}) == "/jobs/python-backend-developer/"


@pytest.mark.parametrize("n", [1, 50])
def test_role_page_queries_stay_flat(client, django_assert_num_queries, role, n):
    JobFactory.create_batch(n, published=True, required_skills=["django"], nice_skills=["docker"])

    # role, its skills, skill taxonomy, count, page, skills prefetch, the insights row
    with django_assert_num_queries(7):
        response = client.get(role.get_absolute_url(), {"level": "senior"})

    assert len(response.context["jobs"]) == min(n, 20)
