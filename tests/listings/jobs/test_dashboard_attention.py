"""The dashboard opens on what needs doing, then the jobs of one tab, each with its
last 30 days drawn as a chart (and the same numbers as text)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from listings.models import JobViewDay
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("employer:dashboard")


def attention(content):
    start = content.index('class="card attention"')
    return content[start : content.index("</section>", start)]


def attention_links(content):
    return re.findall(r'<a class="attention__link" href="([^"]+)">([^<]+)</a>', attention(content))


def listed_jobs(content):
    return [int(pk) for pk in re.findall(r'<li class="card employer-job" id="job-(\d+)"', content)]


def test_new_applicants_on_several_jobs_come_first_and_lead_to_those_jobs(member_client, company):
    first, second = JobFactory(company=company, published=True), JobFactory(company=company, published=True)
    ApplicationFactory.create_batch(2, job=first)
    ApplicationFactory(job=second)
    ApplicationFactory(job=second, viewed_at=timezone.now())  # opened: not new
    ApplicationFactory(job=JobFactory(company=CompanyFactory(), published=True))  # another company's

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == [(f"{DASHBOARD}?show=new-applicants", "3 new applicants on 2 jobs")]
    assert content.index("Needs your attention") < content.index('class="card employer-job"')


def test_new_applicants_on_one_job_lead_straight_to_its_pipeline(member_client, company):
    job = JobFactory(company=company, published=True)
    ApplicationFactory(job=job)

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == [
        (reverse("employer:job_applicants", args=[job.pk]), "1 new applicant on 1 job")
    ]


def test_a_rejected_job_asks_to_be_fixed_and_resubmitted(member_client, company):
    job = JobFactory(company=company, rejected=True)

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == [
        (reverse("employer:job_edit", args=[job.pk]), "1 job rejected: fix and resubmit")
    ]


def test_a_job_closing_within_a_week_says_when(member_client, company):
    today = timezone.localdate()
    job = JobFactory(company=company, published=True, closing_date=today + timedelta(days=5))
    JobFactory(company=company, published=True, closing_date=today + timedelta(days=30))

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == [
        (f"{DASHBOARD}?show=closing-soon#job-{job.pk}", "1 job expires in 5 days")
    ]


def test_several_jobs_closing_soon_name_the_first(member_client, company):
    today = timezone.localdate()
    JobFactory(company=company, published=True, closing_date=today + timedelta(days=2))
    JobFactory(company=company, published=True, closing_date=today + timedelta(days=6))

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == [
        (f"{DASHBOARD}?show=closing-soon", "2 jobs expire within 7 days (the first in 2 days)")
    ]


def test_with_nothing_to_do_the_dashboard_says_so(member_client, company):
    JobFactory(company=company, published=True)
    JobFactory(company=company)

    content = member_client.get(DASHBOARD).content.decode()

    assert attention_links(content) == []
    assert "Nothing needs you right now" in content


def test_the_attention_items_come_in_order_of_urgency(member_client, company):
    ApplicationFactory(job=JobFactory(company=company, published=True))
    JobFactory(company=company, rejected=True)
    JobFactory(company=company, published=True, closing_date=timezone.localdate() + timedelta(days=1))

    content = member_client.get(DASHBOARD).content.decode()

    texts = [text for _url, text in attention_links(content)]
    assert texts == ["1 new applicant on 1 job", "1 job rejected: fix and resubmit", "1 job expires tomorrow"]


# --- Tabs ----------------------------------------------------------------------------


@pytest.fixture
def jobs_in_every_state(company):
    return {
        state: JobFactory(company=company, **({state: True} if state != "draft" else {}))
        for state in ["draft", "pending", "published", "rejected", "closed", "expired"]
    }


@pytest.mark.parametrize(
    ("show", "states"),
    [
        ("all", ["draft", "pending", "published", "rejected", "closed", "expired"]),
        ("published", ["published"]),
        ("pending", ["pending"]),
        ("rejected", ["rejected"]),
        ("draft", ["draft"]),
        ("ended", ["closed", "expired"]),
        ("no-such-tab", ["draft", "pending", "published", "rejected", "closed", "expired"]),
    ],
)
def test_each_tab_lists_the_jobs_of_its_status(member_client, jobs_in_every_state, show, states):
    content = member_client.get(DASHBOARD, {"show": show}).content.decode()

    assert sorted(listed_jobs(content)) == sorted(jobs_in_every_state[state].pk for state in states)


def test_tabs_are_links_with_counts_and_the_current_one_is_marked(member_client, jobs_in_every_state):
    content = member_client.get(DASHBOARD, {"show": "ended"}).content.decode()

    tab = r'<a class="tabs__tab" href="\?show=([\w-]+)" data-hx-get="[^"]*"( aria-current="page")?>([^<]+)<'
    tabs = re.findall(tab, content)
    assert [(slug, label.strip(), bool(current)) for slug, current, label in tabs] == [
        ("all", "All", False),
        ("published", "Live", False),
        ("pending", "In review", False),
        ("rejected", "Rejected", False),
        ("draft", "Drafts", False),
        ("ended", "Closed", True),
    ]
    assert (
        '<a class="tabs__tab" href="?show=all" data-hx-get="?show=all">All <span class="tabs__count">6</span>'
        in content
    )


def test_the_new_applicants_tab_keeps_each_jobs_full_counts(member_client, company):
    busy = JobFactory(company=company, published=True)
    ApplicationFactory(job=busy)
    ApplicationFactory(job=busy, viewed_at=timezone.now(), status=Application.Status.IN_REVIEW)
    JobFactory(company=company, published=True)  # no one new

    content = member_client.get(DASHBOARD, {"show": "new-applicants"}).content.decode()

    assert listed_jobs(content) == [busy.pk]
    assert "<dt>Applicants</dt><dd>2</dd>" in content
    assert "<dt>New</dt><dd>1</dd>" in content


def test_with_htmx_a_tab_answers_with_the_tabs_and_jobs_only(member_client, jobs_in_every_state):
    response = member_client.get(DASHBOARD, {"show": "draft"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="jobs"')
    assert listed_jobs(content) == [jobs_in_every_state["draft"].pk]
    assert 'href="?show=draft" data-hx-get="?show=draft" aria-current="page"' in content
    assert "Needs your attention" not in content
    assert "<html" not in content
    assert response["Vary"].count("HX-Request") == 1


def test_pages_of_a_tab_keep_the_tab(member_client, company):
    JobFactory.create_batch(21, company=company, published=True)

    first = member_client.get(DASHBOARD, {"show": "published"}).content.decode()
    second = member_client.get(DASHBOARD, {"show": "published", "page": "2"}).content.decode()

    assert len(listed_jobs(first)) == 20
    assert 'href="?show=published&amp;page=2"' in first
    assert len(listed_jobs(second)) == 1
    assert member_client.get(DASHBOARD, {"page": "nonsense"}).status_code == 200


def test_an_empty_tab_leads_back_to_all_jobs(member_client, company):
    JobFactory(company=company)

    content = member_client.get(DASHBOARD, {"show": "rejected"}).content.decode()

    assert listed_jobs(content) == []
    assert 'href="?show=all">See all jobs</a>' in content


# --- Each job's last 30 days ------------------------------------------------------------


def test_a_published_job_draws_its_views_and_applications_per_day(member_client, company):
    job = JobFactory(company=company, published=True, title="Charted job")
    today = timezone.now().date()
    JobViewDay.objects.create(job=job, day=today, views=12)
    JobViewDay.objects.create(job=job, day=today - timedelta(days=3), views=4)
    JobViewDay.objects.create(job=job, day=today - timedelta(days=40), views=99)  # too old
    ApplicationFactory.create_batch(2, job=job)

    content = member_client.get(DASHBOARD).content.decode()

    assert "Last 30 days: 16 views, 2 applications" in content
    views_chart = re.search(r'<svg class="chart chart--views".*?</svg>', content).group(0)
    assert views_chart.count('<rect class="chart__bar"') == 2
    assert f"{today:%-d %b}: 12 views" in views_chart
    applications_chart = re.search(r'<svg class="chart chart--applications".*?</svg>', content).group(0)
    assert f"{today:%-d %b}: 2 applications" in applications_chart
    # The numbers as text: a row per day, today's with its views and applications.
    rows = re.findall(
        r'<tr><th scope="row"><time datetime="([\d-]+)">[^<]+</time></th><td>(\d+)</td><td>(\d+)</td></tr>',
        content,
    )
    assert len(rows) == 30
    assert rows[-1] == (today.isoformat(), "12", "2")
    assert rows[-4] == ((today - timedelta(days=3)).isoformat(), "4", "0")
    assert " style=" not in views_chart  # the strict CSP refuses inline styles


def test_a_job_never_published_has_no_chart(member_client, company):
    JobFactory(company=company)

    content = member_client.get(DASHBOARD).content.decode()

    assert "chart--views" not in content


@pytest.mark.parametrize("n", [2, 12])
def test_charts_keep_the_query_count_flat(member_client, company, django_assert_num_queries, n):
    today = timezone.now().date()
    for _ in range(n):
        job = JobFactory(company=company, published=True)
        JobViewDay.objects.bulk_create(
            [JobViewDay(job=job, day=today - timedelta(days=d), views=d + 1) for d in range(5)]
        )
        ApplicationFactory(job=job)

    with django_assert_num_queries(10):
        response = member_client.get(DASHBOARD)

    assert response.content.decode().count('<svg class="chart chart--views"') == n
