"""The employer dashboard's reads: what needs attention, the jobs of one tab, and each
job's last 30 days. A fixed number of queries however many jobs and applicants."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from jobportal.charts import daily_series, last_days
from listings.models import Job, JobViewDay
from listings.services.expiry import REMINDER_LEAD_TIME

# Closing within this many days counts as soon: when the reminder email goes out too.
CLOSING_SOON_DAYS = REMINDER_LEAD_TIME.days
CHART_DAYS = 30

# "New": an application nobody at the company has opened yet.
_NEW = Q(applications__viewed_at__isnull=True)
_ENDED = (Job.Status.CLOSED, Job.Status.EXPIRED)


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    condition: Q


def _new_applications():
    return Application.objects.filter(viewed_at__isnull=True)


def _tabs(today):
    closing_soon = Q(
        status=Job.Status.PUBLISHED,
        closing_date__gte=today,
        closing_date__lte=today + timedelta(days=CLOSING_SOON_DAYS),
    )
    return [
        Tab("all", "All", Q()),
        Tab("new-applicants", "New applicants", Q(Exists(_new_applications().filter(job=OuterRef("pk"))))),
        Tab("closing-soon", "Closing soon", closing_soon),
        Tab("published", "Live", Q(status=Job.Status.PUBLISHED)),
        Tab("pending", "In review", Q(status=Job.Status.PENDING)),
        Tab("rejected", "Rejected", Q(status=Job.Status.REJECTED)),
        Tab("draft", "Drafts", Q(status=Job.Status.DRAFT)),
        Tab("ended", "Closed", Q(status__in=_ENDED)),
    ]


def dashboard_summary(jobs, today=None):
    """The tabs with their counts, and the attention list: two queries over `jobs`
    (the company's) and their new applications."""
    today = today or timezone.localdate()
    tabs = _tabs(today)
    closing_soon = tabs[2].condition
    counts = {
        f"tab_{tab.slug}": Count("pk", filter=tab.condition) for tab in tabs if tab.slug != "new-applicants"
    }
    summary = jobs.aggregate(
        **counts,
        # With one job of a kind, its id: the attention link goes straight to it.
        first_rejected=Min("pk", filter=Q(status=Job.Status.REJECTED)),
        first_closing=Min("pk", filter=closing_soon),
        soonest_closing=Min("closing_date", filter=closing_soon),
    )
    # The new applications' own count: the tab counts jobs, the sentence people too.
    new = (
        _new_applications()
        .filter(job__in=jobs)
        .aggregate(new_applicants=Count("pk"), jobs=Count("job", distinct=True), first_new=Min("job"))
    )
    summary |= {"tab_new-applicants": new["jobs"], **new}
    tab_list = [
        {"slug": tab.slug, "label": tab.label, "count": summary[f"tab_{tab.slug}"]}
        for tab in tabs
        if tab.slug == "all" or summary[f"tab_{tab.slug}"]
    ]
    return {tab.slug: tab for tab in tabs}, tab_list, _attention(summary, today)


def _attention(summary, today):
    """What to do first, most pressing first: each item a sentence and where to act."""
    dashboard = reverse("employer:dashboard")
    items = []
    jobs, people = summary["tab_new-applicants"], summary["new_applicants"]
    if people:
        url = (
            reverse("employer:job_applicants", args=[summary["first_new"]])
            if jobs == 1
            else f"{dashboard}?show=new-applicants"
        )
        text = f"{people} new applicant{'s' if people != 1 else ''} on {jobs} job{'s' if jobs != 1 else ''}"
        items.append({"kind": "new", "text": text, "action": "Review them", "url": url})
    rejected = summary["tab_rejected"]
    if rejected:
        url = (
            reverse("employer:job_edit", args=[summary["first_rejected"]])
            if rejected == 1
            else f"{dashboard}?show=rejected"
        )
        text = f"{rejected} job{'s' if rejected != 1 else ''} rejected: fix and resubmit"
        items.append({"kind": "rejected", "text": text, "action": "See why", "url": url})
    closing = summary["tab_closing-soon"]
    if closing:
        days = (summary["soonest_closing"] - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        text = (
            f"1 job expires {when}"
            if closing == 1
            else f"{closing} jobs expire within {CLOSING_SOON_DAYS} days (the first {when})"
        )
        url = f"{dashboard}?show=closing-soon" + (f"#job-{summary['first_closing']}" if closing == 1 else "")
        items.append({"kind": "closing", "text": text, "action": "Extend or close", "url": url})
    return items


def jobs_for_tab(jobs, tab):
    """The jobs of one tab, newest first, with their applicant counts."""
    return (
        jobs.filter(tab.condition)
        .annotate(
            applicant_count=Count("applications"),
            new_applicant_count=Count("applications", filter=_NEW),
        )
        .order_by("-created_at", "-pk")
    )


def activity_by_job(job_ids, today=None):
    """Each job's views and applications per day over the last CHART_DAYS days (UTC,
    the days JobViewDay counts in): {job id: (views Series, applications Series)}.
    Two queries for the whole page of jobs."""
    today = today or timezone.now().date()
    days = last_days(today, CHART_DAYS)
    views, applications = {}, {}
    for job_id, day, count in JobViewDay.objects.filter(job_id__in=job_ids, day__gte=days[0]).values_list(
        "job_id", "day", "views"
    ):
        views.setdefault(job_id, {})[day] = count
    per_day = (
        Job.objects.filter(pk__in=job_ids, applications__created_at__date__gte=days[0])
        .annotate(day=TruncDate("applications__created_at"))
        .values_list("pk", "day")
        .annotate(count=Count("applications"))
    )
    for job_id, day, count in per_day:
        applications.setdefault(job_id, {})[day] = count
    return {
        job_id: (
            daily_series(views.get(job_id, {}), days, "views"),
            daily_series(applications.get(job_id, {}), days, "applications"),
        )
        for job_id in job_ids
    }
