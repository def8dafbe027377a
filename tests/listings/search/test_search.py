"""The job list at /jobs/: keywords, every filter, sorting, pagination, htmx."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listings.models import Job, Skill
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

JOB_LIST = reverse("listings:job_list")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def search(client, **params):
    response = client.get(JOB_LIST, params)
    assert response.status_code == 200
    return response


def titles(response):
    return [job.title for job in response.context["jobs"]]


def published(**kwargs):
    kwargs.setdefault("description", "Build and run backend services.")
    return JobFactory(published=True, **kwargs)


# --- Keywords ------------------------------------------------------------------


def test_keywords_find_jobs_by_title_skills_and_description_and_nothing_else(client):
    published(title="Kafka Streaming Engineer")
    published(title="Backend Engineer", description="You will own our **Kafka** pipelines.")
    published(title="Data Engineer", required_skills=["kafka"])
    published(title="Frontend Developer", required_skills=["python"])

    found = titles(search(client, q="kafka"))

    assert sorted(found) == ["Backend Engineer", "Data Engineer", "Kafka Streaming Engineer"]


def test_a_title_match_ranks_above_a_description_only_match(client):
    title_match = published(title="Celery Queue Engineer", required_skills=["python"])
    description_match = published(
        title="Backend Engineer", description="Plenty of Celery work.", required_skills=["python"]
    )
    # The description match is newer, so only the ranking puts the title match first.
    Job.objects.filter(pk=title_match.pk).update(published_at=timezone.now() - timedelta(days=5))
    Job.objects.filter(pk=description_match.pk).update(published_at=timezone.now())

    assert titles(search(client, q="celery")) == ["Celery Queue Engineer", "Backend Engineer"]


def test_the_job_matching_every_word_comes_first(client):
    published(title="Django Developer", required_skills=["django"])
    published(title="Flask Developer", required_skills=["flask"])

    found = titles(search(client, q="flask developer"))

    assert found == ["Flask Developer"]


def test_a_skill_alias_finds_the_skill(client):
    published(title="Database Engineer", description="Tune queries.", required_skills=["postgresql"])
    published(title="Other Engineer", description="Tune queries.", required_skills=["mysql"])

    assert titles(search(client, q="postgres")) == ["Database Engineer"]


@on_postgres
def test_websearch_syntax_excludes_words_on_postgresql(client):
    published(title="Django Developer", required_skills=["django"])
    published(title="Django and Kubernetes Developer", required_skills=["django", "kubernetes"])

    assert titles(search(client, q="django -kubernetes")) == ["Django Developer"]


@pytest.mark.parametrize("typo", ["kubernets", "Kubernets engineer", "pyhton kubernetes"])
def test_a_typo_still_finds_the_job(client, typo):
    published(title="Kubernetes Platform Engineer", required_skills=["python"])
    published(title="Flask Developer", required_skills=["flask"])

    assert titles(search(client, q=typo)) == ["Kubernetes Platform Engineer"]


def test_a_misspelt_skill_finds_jobs_with_that_skill(client):
    published(title="Backend Developer", description="APIs.", required_skills=["django"])
    published(title="Backend Developer (Flask)", description="APIs.", required_skills=["flask"])

    assert titles(search(client, q="djnago")) == ["Backend Developer"]


def test_keywords_show_in_the_count_and_as_a_removable_filter(client):
    published(title="FastAPI Developer", required_skills=["fastapi"])

    response = search(client, q="fastapi")

    assert "1 open job for “fastapi”" in response.text
    assert 'aria-label="Remove filter: “fastapi”"' in response.text
    assert f'href="{JOB_LIST}"' in response.text  # removing it leaves no query


# --- Each filter ----------------------------------------------------------------


def test_only_open_jobs_are_listed(client):
    published(title="Open")
    JobFactory(title="Draft")
    JobFactory(title="Pending", pending=True)
    JobFactory(title="Closed", closed=True)
    JobFactory(title="Expired", expired=True)
    past_expiry = published(title="Past expiry")
    Job.objects.filter(pk=past_expiry.pk).update(closing_date=timezone.localdate() - timedelta(days=1))

    assert titles(search(client)) == ["Open"]


def test_skills_filter_requires_every_chosen_skill(client):
    published(title="Django only", required_skills=["django"])
    published(title="Django and Redis", required_skills=["django"], nice_skills=["redis"])
    published(title="Redis only", required_skills=["redis"])

    assert sorted(titles(search(client, skills=["django", "redis"]))) == ["Django and Redis"]
    assert sorted(titles(search(client, skills=["redis"]))) == ["Django and Redis", "Redis only"]


def test_a_repeated_skill_adds_one_condition_to_the_query(client):
    published(title="Both", required_skills=["django", "redis"])
    published(title="Django only", required_skills=["django"])

    with CaptureQueriesContext(connection) as queries:
        response = search(client, skills=["django", "redis", "django", "redis", "django"])

    assert titles(response) == ["Both"]
    page_query = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and "listings_job" in q["sql"])
    assert page_query.count("listings_jobskill") == 2


def test_a_skill_repeated_hundreds_of_times_counts_once(client):
    published(title="Python job", required_skills=["python"])
    published(title="Flask job", required_skills=["flask"])

    response = search(client, skills=["python"] * 280)

    assert titles(response) == ["Python job"]
    assert response.context["problems"] == []
    assert response.context["query"] == "skills=python"


def test_more_than_ten_skills_is_ignored_with_a_message(client):
    published(title="Python job", required_skills=["python"])
    published(title="Flask job", required_skills=["flask"])
    eleven = list(Skill.objects.order_by("slug").values_list("slug", flat=True)[:11])

    response = search(client, skills=eleven)

    assert sorted(titles(response)) == ["Flask job", "Python job"]
    assert response.context["problems"] == ["Skills (all of): Pick at most 10, so this filter was ignored."]
    assert "Pick at most 10" in response.text


def test_the_feed_of_a_search_with_repeated_skills_answers(client):
    published(title="Python job", required_skills=["python"])

    response = client.get(reverse("listings:job_feed"), {"skills": ["python"] * 50, "level": ["senior"] * 50})

    assert response.status_code == 200


def test_specialisation_filter_matches_any_chosen_facet(client):
    published(title="API job", required_skills=["graphql"])
    published(title="ML job", required_skills=["python"], nice_skills=["ml-integration"])
    published(title="Plain job", required_skills=["python"])

    assert titles(search(client, specialisation="apis")) == ["API job"]
    assert sorted(titles(search(client, specialisation=["apis", "ml"]))) == ["API job", "ML job"]


def test_data_intensive_means_streaming_search_and_pipelines_not_any_database(client):
    published(
        title="Django job", required_skills=["python", "django", "postgresql", "sql"], nice_skills=["mysql"]
    )
    published(title="Mongo job", required_skills=["python", "mongodb", "dynamodb"])
    for slug in ("kafka", "stream-processing", "elasticsearch", "cassandra", "data-engineering", "pandas"):
        published(title=f"{slug} job", required_skills=["python", "postgresql", slug])

    found = titles(search(client, specialisation="data"))

    assert sorted(found) == sorted(
        f"{slug} job"
        for slug in ("kafka", "stream-processing", "elasticsearch", "cassandra", "data-engineering", "pandas")
    )
    assert Skill.objects.get(slug="stream-processing").aliases[:2] == [
        "spark streaming",
        "structured streaming",
    ]


def test_level_filter_accepts_several_levels(client):
    published(title="Entry", level="entry")
    published(title="Mid", level="mid")
    published(title="Lead", level="lead")

    assert sorted(titles(search(client, level=["entry", "lead"]))) == ["Entry", "Lead"]


def test_open_to_juniors_includes_entry_level_jobs(client):
    published(title="Senior, juniors welcome", level="senior", open_to_juniors=True)
    published(title="Entry level", level="entry")
    published(title="Senior only", level="senior")

    assert sorted(titles(search(client, juniors="1"))) == ["Entry level", "Senior, juniors welcome"]


def test_work_mode_filter(client):
    published(title="Remote", work_mode="remote")
    published(title="Hybrid", work_mode="hybrid")
    published(title="On-site", work_mode="onsite")

    assert sorted(titles(search(client, work_mode=["hybrid", "onsite"]))) == ["Hybrid", "On-site"]


def test_i_live_in_finds_local_jobs_and_remote_jobs_open_to_my_country(client):
    published(title="Remote Europe", work_mode="remote", applicant_locations=["EUROPE"])
    published(title="Remote anywhere", work_mode="remote", applicant_locations=["WORLDWIDE"])
    published(title="Remote US only", work_mode="remote", applicant_locations=["US"])
    published(title="Office in Berlin", work_mode="onsite", city="Berlin", country="DE")
    published(title="Office in Austin", work_mode="hybrid", city="Austin", country="US")

    assert sorted(titles(search(client, country="DE"))) == [
        "Office in Berlin",
        "Remote Europe",
        "Remote anywhere",
    ]
    assert sorted(titles(search(client, country="US"))) == [
        "Office in Austin",
        "Remote US only",
        "Remote anywhere",
    ]


def test_minimum_salary_compares_yearly_amounts_across_currencies_and_periods(client):
    published(title="EUR yearly", salary_min=70000, salary_max=90000, salary_currency="EUR")  # ≈ 97,200 USD
    published(
        title="USD hourly", salary_min=40, salary_max=60, salary_currency="USD", salary_period="hour"
    )  # ≈ 105,600 USD a year
    published(title="USD low", salary_min=40000, salary_max=50000, salary_currency="USD")

    assert sorted(titles(search(client, salary="95000"))) == ["EUR yearly", "USD hourly"]
    assert titles(search(client, salary="100000", currency="USD")) == ["USD hourly"]
    assert sorted(titles(search(client, salary="90000", currency="EUR"))) == ["EUR yearly", "USD hourly"]
    assert titles(search(client, salary="91000", currency="EUR")) == ["USD hourly"]


def test_employment_type_filter(client):
    published(title="Full-time", employment_type="full_time")
    published(title="Contract", employment_type="contract")
    published(title="Internship", employment_type="internship")

    assert sorted(titles(search(client, employment_type=["contract", "internship"]))) == [
        "Contract",
        "Internship",
    ]


@pytest.mark.parametrize(
    ("param", "field"),
    [("visa", "visa_sponsorship"), ("relocation", "relocation_help")],
)
def test_perk_filters(client, param, field):
    published(title="With", **{field: True})
    published(title="Without", **{field: False})

    assert titles(search(client, **{param: "1"})) == ["With"]
    assert sorted(titles(search(client, **{param: "0"}))) == ["With", "Without"]


def test_direct_employers_only_hides_agencies(client):
    published(title="Direct", is_agency=False)
    published(title="Agency", is_agency=True)

    assert titles(search(client, direct="on")) == ["Direct"]


def test_posted_within_days(client):
    recent = published(title="Yesterday")
    older = published(title="Ten days ago")
    Job.objects.filter(pk=recent.pk).update(published_at=timezone.now() - timedelta(hours=20))
    Job.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=10))

    assert titles(search(client, posted="1")) == ["Yesterday"]
    assert titles(search(client, posted="7")) == ["Yesterday"]
    assert titles(search(client, posted="14")) == ["Yesterday", "Ten days ago"]


def test_filters_combine(client):
    published(
        title="The one",
        required_skills=["django", "postgresql"],
        level="mid",
        work_mode="remote",
        applicant_locations=["EU"],
        visa_sponsorship=True,
        salary_min=80000,
        salary_max=100000,
        salary_currency="EUR",
    )
    published(
        title="Wrong level", required_skills=["django", "postgresql"], level="lead", visa_sponsorship=True
    )
    published(title="No visa", required_skills=["django", "postgresql"], level="mid")
    published(title="Wrong skills", required_skills=["flask"], level="mid", visa_sponsorship=True)

    response = search(
        client,
        q="django",
        skills=["postgresql"],
        level="mid",
        work_mode="remote",
        country="PL",
        visa="1",
        salary="90000",
        currency="EUR",
    )

    assert titles(response) == ["The one"]
    for chip in ["PostgreSQL", "Mid level", "Remote", "Living in Poland", "Visa sponsorship"]:
        assert f'aria-label="Remove filter: {chip}"' in response.text
    assert "At least 90,000 EUR a year" in response.text


def test_each_active_filter_links_to_the_search_without_it(client):
    published(title="Job", required_skills=["django", "redis"])

    response = search(client, skills=["django", "redis"], level="senior")

    chips = {chip["label"]: chip["query"] for chip in response.context["active_filters"]}
    assert chips == {
        "Django": "skills=redis&level=senior",
        "Redis": "skills=django&level=senior",
        "Senior": "skills=django&skills=redis",
    }


# --- Sorting --------------------------------------------------------------------


def _three_jobs():
    now = timezone.now()
    jobs = [
        published(title="Old, well paid", salary_min=150000, salary_max=180000, salary_currency="USD"),
        published(title="New, modest", salary_min=50000, salary_max=60000, salary_currency="USD"),
        published(title="Middle", salary_min=90000, salary_max=100000, salary_currency="USD"),
    ]
    for days, job in zip([9, 1, 5], jobs, strict=True):
        Job.objects.filter(pk=job.pk).update(published_at=now - timedelta(days=days))


def test_without_keywords_the_newest_jobs_come_first(client):
    _three_jobs()

    assert titles(search(client)) == ["New, modest", "Middle", "Old, well paid"]
    assert titles(search(client, sort="relevance")) == ["New, modest", "Middle", "Old, well paid"]


def test_sort_by_salary_high_to_low(client):
    _three_jobs()

    assert titles(search(client, sort="salary")) == ["Old, well paid", "Middle", "New, modest"]


def test_sort_by_newest_overrides_relevance(client):
    title_match = published(title="Redis Engineer", required_skills=["python"])
    description_match = published(title="Backend", description="Some Redis.", required_skills=["python"])
    Job.objects.filter(pk=title_match.pk).update(published_at=timezone.now() - timedelta(days=3))
    Job.objects.filter(pk=description_match.pk).update(published_at=timezone.now())

    assert titles(search(client, q="redis")) == ["Redis Engineer", "Backend"]
    assert titles(search(client, q="redis", sort="newest")) == ["Backend", "Redis Engineer"]


# --- Pagination -----------------------------------------------------------------


@pytest.fixture
def forty_five_jobs():
    jobs = JobFactory.create_batch(45, published=True)
    now = timezone.now()
    for n, job in enumerate(jobs):
        Job.objects.filter(pk=job.pk).update(published_at=now - timedelta(minutes=n))
    return jobs


def test_results_come_twenty_per_page_and_links_keep_the_search(client, forty_five_jobs):
    first = search(client, level="senior")
    third = search(client, level="senior", page="3")

    assert len(first.context["jobs"]) == 20
    assert "45 open jobs" in first.text
    assert 'href="/jobs/?level=senior&amp;page=2"' in first.text
    assert 'hx-get="/jobs/?level=senior&amp;page=2"' in first.text
    assert len(third.context["jobs"]) == 5
    assert titles(third)[-1] == forty_five_jobs[-1].title


@pytest.mark.parametrize("page", ["4", "999", "99999999999999999999999999", "-1"])
def test_a_page_beyond_the_end_shows_the_last_page_and_says_so(client, forty_five_jobs, page):
    response = search(client, page=page)

    assert response.context["page_obj"].number == 3
    assert "There is no such page of results; this is page 3 of 3." in response.text


@pytest.mark.parametrize("page", ["abc", "2.5", "", "%00"])
def test_a_page_that_is_not_a_number_shows_the_first_page(client, forty_five_jobs, page):
    response = search(client, page=page)

    assert response.context["page_obj"].number == 1


def test_no_results_shows_a_clear_empty_state(client):
    published(title="Django Developer")

    response = search(client, q="cobol")

    assert "0 open jobs" in response.text
    assert "No open jobs match this search" in response.text


# --- htmx -----------------------------------------------------------------------


def test_the_form_is_a_plain_get_form_wired_for_htmx(client):
    response = search(client)

    form = response.text[response.text.index('<form id="search-form"') :]
    form = form[: form.index(">")]
    assert 'method="get"' in form
    assert 'action="/jobs/"' in form
    assert 'hx-get="/jobs/"' in form
    assert 'hx-target="#results"' in form
    assert 'hx-push-url="true"' in form
    assert "input changed delay:400ms" in form
    assert "change" in form
    assert 'type="submit"' in response.text  # works without JavaScript


def test_an_htmx_request_gets_only_the_results_partial(client):
    published(title="Django Developer")

    response = client.get(JOB_LIST, {"q": "django"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert 'id="search-form"' not in response.text
    assert "Django Developer" in response.text
    assert "HX-Request" in response["Vary"]


def test_a_full_page_answers_the_same_url_without_htmx_and_on_history_restore(client):
    published(title="Django Developer")

    plain = client.get(JOB_LIST, {"q": "django"})
    restore = client.get(
        JOB_LIST, {"q": "django"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    for response in (plain, restore):
        assert "<html" in response.text
        assert 'id="results"' in response.text
        assert "Django Developer" in response.text
    assert "HX-Request" in plain["Vary"]


def test_the_search_page_links_its_atom_feed(client):
    response = search(client, q="django", level="senior", page="1")

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Python backend jobs matching this search"'
        ' href="/jobs/feed/?q=django&amp;level=senior">'
    ) in response.text


def test_the_header_search_box_searches_jobs_where_the_page_has_none_of_its_own(client):
    header_search = '<form class="header-search" role="search" method="get" action="/jobs/">'

    assert header_search in client.get(reverse("account_login")).text
    # One search box per page: the header's would drop the filters of the page's own.
    for page in ("home", "listings:job_list"):
        html = client.get(reverse(page)).text
        assert header_search not in html
        assert html.count('role="search"') == 1


# --- Result cards and queries ---------------------------------------------------


def test_a_result_card_shows_what_a_candidate_scans_for(client):
    job = published(
        title="Senior Django Engineer",
        required_skills=["django", "postgresql"],
        nice_skills=["docker"],
        visa_sponsorship=True,
        relocation_help=True,
        is_agency=True,
        open_to_juniors=True,
        work_mode="hybrid",
        city="Lisbon",
        country="PT",
    )

    html = search(client).text

    assert f'<a href="{job.get_absolute_url()}">Senior Django Engineer</a>' in html
    assert job.company.name in html
    assert "Lisbon, Portugal (Hybrid)" in html
    assert "70,000–90,000 EUR per year" in html  # noqa: RUF001
    for badge in ["Senior", "Hybrid", "Visa sponsorship", "Relocation help", "Agency", "Open to juniors"]:
        assert badge in html
    assert (
        '<li class="skill skill--required">Django<span class="visually-hidden"> (required)</span></li>'
        in html
    )
    assert '<li class="skill">Docker</li>' in html
    posted = timezone.localtime(job.published_at).replace(microsecond=0).isoformat()
    assert f'Posted <time datetime="{posted}"' in html


def test_a_card_shows_six_skills_at_most(client):
    published(
        required_skills=["python", "django", "postgresql", "redis", "celery", "docker", "kubernetes", "aws"]
    )

    html = search(client).text

    assert html.count('class="skill skill--required"') == 6
    assert "+2 more" in html


@pytest.mark.parametrize("n", [1, 50])
def test_job_list_queries_stay_flat(client, django_assert_num_queries, n):
    JobFactory.create_batch(n, published=True, nice_skills=["docker"])

    # skill taxonomy, count, page, skills prefetch
    with django_assert_num_queries(4):
        response = client.get(JOB_LIST, {"q": "engineer", "skills": "python", "country": "DE"})

    assert len(response.context["jobs"]) == min(n, 20)
