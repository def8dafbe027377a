"""Search pages whose cost doesn't grow with the number of matches: a capped count, a
bounded relevance ranking, cards that read only their fields; and a fixed corpus
whose top results a person would call relevant."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listings.models import Job
from listings.search import pages
from listings.search.filters import JobFilterSet
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

JOB_LIST = reverse("listings:job_list")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def titles(response):
    return [job.title for job in response.context["jobs"]]


def jobs_published_in_order(titles_and_descriptions, *, company=None):
    """Jobs published a minute apart, the first the newest; `company` shared (fast)."""
    company = company or CompanyFactory()
    now = timezone.now()
    jobs = []
    for n, (title, description) in enumerate(titles_and_descriptions):
        job = JobFactory(published=True, company=company, title=title, description=description)
        Job.objects.filter(pk=job.pk).update(published_at=now - timedelta(minutes=n))
        jobs.append(job)
    return jobs


@pytest.fixture
def small_caps(monkeypatch):
    """A cap of 30 and a ranking window of one page, so a few dozen jobs go past both."""
    monkeypatch.setattr(pages, "COUNT_CAP", 30)
    monkeypatch.setattr(pages, "RANK_WINDOW", 20)
    import listings.views.public as public

    monkeypatch.setattr(public, "COUNT_CAP", 30)


def test_past_the_cap_the_count_says_so_and_the_last_page_says_why(client, small_caps):
    jobs_published_in_order([(f"Python Developer {n}", "Backend work.") for n in range(35)])

    first = client.get(JOB_LIST)
    last = client.get(JOB_LIST, {"page": 2})
    beyond = client.get(JOB_LIST, {"page": 3})

    assert "30+ open jobs" in first.text
    # The phone filter sheet's button ("Show N jobs") reads the same capped count.
    assert 'data-show-label="Show 30+ jobs"' in first.text
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(titles(last)) == 10
    assert "Only the first 30 jobs are shown: narrow the search to see more." in last.text
    assert beyond.context["page_obj"].number == 2


def test_under_the_cap_the_count_is_exact(client, small_caps):
    jobs_published_in_order([(f"Python Developer {n}", "Backend work.") for n in range(29)])

    page = client.get(JOB_LIST).text
    assert "29 open jobs" in page
    assert 'data-show-label="Show 29 jobs"' in page


@pytest.mark.parametrize("search", [{}, {"q": "python"}, {"q": "python", "level": "senior"}])
def test_one_query_reads_the_matches_and_no_more_than_the_cap(client, small_caps, search):
    jobs_published_in_order([(f"Senior Python Developer {n}", "Backend work.") for n in range(35)])

    with CaptureQueriesContext(connection) as queries:
        page = client.get(JOB_LIST, search)

    assert "30+ open jobs" in page.text
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    # The ids of the first 31 matches: the count and the page's rows (fetched by id).
    matches = [q["sql"] for q in queries if "LIMIT 31" in q["sql"]]
    assert len(matches) == 1
    assert matches[0].startswith('SELECT "listings_job"."id" AS "pk" FROM')


def test_relevance_ranks_the_newest_window_then_the_rest_follow_newest_first(client, small_caps):
    # 25 matches: the window holds the newest 20; the strongest match is the oldest.
    rows = [(f"Backend Engineer {n}", "Some django work.") for n in range(24)]
    rows.append(("Django Django Engineer", "Django, Django and more Django."))
    jobs = jobs_published_in_order(rows)

    first = titles(client.get(JOB_LIST, {"q": "django"}))
    second = titles(client.get(JOB_LIST, {"q": "django", "page": 2}))

    assert sorted(first) == sorted(job.title for job in jobs[:20])
    assert second == [job.title for job in jobs[20:]]
    assert second[-1] == "Django Django Engineer"


def test_within_the_window_a_title_match_comes_before_description_matches(client):
    rows = [(f"Backend Engineer {n}", "Some django work.") for n in range(5)]
    rows.append(("Django Engineer", "APIs."))
    jobs_published_in_order(rows)

    assert titles(client.get(JOB_LIST, {"q": "django"}))[0] == "Django Engineer"


def test_other_orders_need_no_window(client, small_caps):
    jobs_published_in_order([(f"Django Engineer {n}", "Django.") for n in range(25)])

    newest = titles(client.get(JOB_LIST, {"q": "django", "sort": "newest", "page": 2}))

    assert newest == [f"Django Engineer {n}" for n in range(20, 25)]


def test_cards_read_only_the_card_fields(client):
    JobFactory.create_batch(3, published=True)

    with CaptureQueriesContext(connection) as queries:
        client.get(JOB_LIST)

    page_query = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and '"listings_job"' in q["sql"])
    assert '"description"' not in page_query
    assert '"search_vector"' not in page_query


# --- PostgreSQL: the plans ------------------------------------------------------------


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@on_postgres
def test_the_keyword_filter_can_use_the_gin_index():
    JobFactory.create_batch(3, published=True, title="Django Developer")
    # The keyword condition alone: at scale PostgreSQL combines it with the open-jobs
    # condition in a bitmap; here the point is that it is shaped for the index.
    filterset = JobFilterSet({"q": "django"}, queryset=Job.objects.all())

    with connection.cursor() as cursor:
        # A handful of test rows: make the planner show the path it takes at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = filterset.matches.order_by().values("pk").explain(format="json")

    assert "job_search_vector_gin" in plan


@on_postgres
def test_relevance_ranks_no_more_than_the_window(small_caps):
    jobs_published_in_order([(f"Django Engineer {n}", "Django work.") for n in range(45)])
    filterset = JobFilterSet({"q": "django"}, queryset=Job.objects.open().for_list_page())
    paginator = pages.SearchPaginator(filterset, 20)

    rows = paginator.page(1).object_list
    plan = json.loads(rows.explain(format="json", analyze=True))[0]["Plan"]

    ranking_sorts = [node for node in plan_nodes(plan) if "ts_rank" in " ".join(node.get("Sort Key", []))]
    assert ranking_sorts
    for sort in ranking_sorts:
        assert sum(child["Actual Rows"] for child in sort["Plans"]) <= 20


# --- Relevance on a fixed corpus ------------------------------------------------------

CORPUS = [
    ("Senior Django Developer", "Build our Django and PostgreSQL backend.", ["django", "postgresql"]),
    ("Backend Engineer (FastAPI)", "FastAPI services on Kubernetes.", ["fastapi", "kubernetes"]),
    ("Data Engineer", "Kafka streaming pipelines and some Django admin tools.", ["kafka", "python"]),
    ("Platform Engineer", "Terraform, AWS, and a little Python.", ["aws", "terraform"]),
    ("Python Developer", "Flask APIs. We may move to Django one day.", ["flask"]),
    ("Kafka Streaming Engineer", "Real-time event processing with Kafka.", ["kafka"]),
    ("Full-stack Developer", "React front end, Django REST framework back end.", ["django-rest-framework"]),
    ("Machine Learning Engineer", "Serve models behind FastAPI.", ["ml-integration", "fastapi"]),
]
EXPECTED_TOP = {
    "django": "Senior Django Developer",
    "kafka": "Kafka Streaming Engineer",
    "fastapi": "Backend Engineer (FastAPI)",
    "terraform aws": "Platform Engineer",
}


@pytest.mark.parametrize(("query", "expected"), EXPECTED_TOP.items())
def test_the_job_a_person_would_pick_comes_first(client, query, expected):
    company = CompanyFactory()
    now = timezone.now()
    # The expected job is the oldest, so only relevance can put it first.
    for n, (title, description, skills) in enumerate(sorted(CORPUS, key=lambda row: row[0] == expected)):
        job = JobFactory(
            published=True, company=company, title=title, description=description, required_skills=skills
        )
        Job.objects.filter(pk=job.pk).update(published_at=now - timedelta(hours=n))

    assert titles(client.get(JOB_LIST, {"q": query}))[0] == expected
