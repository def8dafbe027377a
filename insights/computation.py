"""The figures of one scope (a role, or every job), read set-based from the listings.

The sample is the jobs published in the last WINDOW_WEEKS weeks (site time zone), whatever
they are now (open, closed or expired): what employers offered lately, not only what is
still open. Each figure is one aggregate query over it (the specialisations' counts:
specialisations.py); nothing loads job rows. PostgreSQL computes the salary percentiles
(percentile_cont); SQLite, which has none, sends one column of numbers to Python, which
computes the same percentiles (stats.percentile).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Aggregate, Case, Count, F, FloatField, Q, Value, When
from django.utils import timezone

from listings.models import Job, JobSkill, Specialisation
from listings.regions import AFRICA, APAC, EUROPE, LATAM, MIDDLE_EAST, NORTH_AMERICA

from . import stats
from .specialisations import specialisation_skill_counts, specialisation_totals

WINDOW_WEEKS = 12
# The skill trend compares a skill's share in the last TREND_WEEKS of the window with
# its share in the weeks before (a longer baseline: fewer jobs a week make it noisy).
TREND_WEEKS = 4
TOP_SKILLS = 10
TOP_SPECIALISATION_SKILLS = 5
# Salary figures are for full-time jobs: part-time and internship pay is for other
# amounts of work, and would pull every percentile down.
SALARY_EMPLOYMENT_TYPES = (Job.EmploymentType.FULL_TIME,)
# Where a job is (its country: for remote jobs, the company's), for the salary by region.
# First match wins: Mexico counts as North America.
REGION_COUNTRIES = {
    "europe": EUROPE,
    "north_america": NORTH_AMERICA,
    "latam": LATAM,
    "mea": [*MIDDLE_EAST, *AFRICA],
    "apac": APAC,
}
REGION_LABELS = {
    "europe": "Europe",
    "north_america": "North America",
    "latam": "Latin America",
    "mea": "Middle East and Africa",
    "apac": "Asia-Pacific",
    "other": "Elsewhere",
}
SALARY_BREAKDOWNS = ("level", "work_mode", "region")


class SalarySumQuartiles(Aggregate):
    """percentile_cont at the quartiles of salary_min_usd + salary_max_usd (PostgreSQL)."""

    function = "percentile_cont"
    template = "%(function)s(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY (%(expressions)s)::float8)"
    output_field = ArrayField(FloatField())


def region_of_country():
    return Case(
        *[When(country__in=codes, then=Value(key)) for key, codes in REGION_COUNTRIES.items()],
        default=Value("other"),
    )


@dataclass(frozen=True)
class Window:
    """WINDOW_WEEKS whole weeks ending with `today` (site time zone)."""

    today: object

    @property
    def first_day(self):
        return self.today - timedelta(weeks=WINDOW_WEEKS) + timedelta(days=1)

    def week_start(self, index):
        return self.first_day + timedelta(weeks=index)

    def moment(self, day):
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def start(self):
        return self.moment(self.first_day)

    @property
    def end(self):
        return self.moment(self.today + timedelta(days=1))

    @property
    def last_weeks_start(self):
        return self.moment(self.week_start(WINDOW_WEEKS - TREND_WEEKS))

    def published_in_week(self, index, prefix=""):
        start = self.moment(self.week_start(index))
        end = min(self.moment(self.week_start(index + 1)), self.end)
        return Q(**{f"{prefix}published_at__gte": start, f"{prefix}published_at__lt": end})

    def in_earlier_weeks(self, prefix=""):
        return Q(**{f"{prefix}published_at__lt": self.last_weeks_start})

    def in_last_weeks(self, prefix=""):
        return Q(**{f"{prefix}published_at__gte": self.last_weeks_start})


def sample(role, window):
    """The jobs the figures are about: published in the window, for the role (or all).
    A live job sent back to review by an edit is left out until it is approved again."""
    jobs = Job.objects.filter(
        status__in=[Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.EXPIRED],
        published_at__gte=window.start,
        published_at__lt=window.end,
    )
    return jobs.for_role(role) if role is not None else jobs


# --- Salary ---------------------------------------------------------------------


def salary_groups(jobs, key):
    """stats.SalaryGroups of the jobs by `key` (a field, or "region"); "" groups all."""
    jobs = jobs.filter(employment_type__in=SALARY_EMPLOYMENT_TYPES).order_by()
    group = region_of_country() if key == "region" else (F(key) if key else Value(""))
    jobs = jobs.annotate(group=group)
    salary_sum = F("salary_min_usd") + F("salary_max_usd")
    if connection.vendor == "postgresql":
        rows = jobs.values("group").annotate(
            jobs=Count("pk"),
            companies=Count("company_id", distinct=True),
            sums=SalarySumQuartiles(salary_sum),
        )
        return [
            stats.SalaryGroup(
                key=row["group"], jobs=row["jobs"], companies=row["companies"], sums=row["sums"]
            )
            for row in rows
        ]
    # No percentile_cont: the same percentiles in Python, from one column of numbers.
    return stats.salary_groups_from_rows(jobs.values_list("group", "company_id", salary_sum))


def salary_figures(jobs):
    overall = salary_groups(jobs, "")
    figures = {"overall": overall[0].as_row() if overall else {"key": "", "jobs": 0}}
    for key in SALARY_BREAKDOWNS:
        figures[f"by_{key}"] = sorted(
            (group.as_row() for group in salary_groups(jobs, key)), key=lambda row: row["key"]
        )
    return figures


# --- Demand and skills ----------------------------------------------------------
# Each is one aggregate over the sample: jobs per week and the totals the shares divide
# by, the skill counts of the scope; those of the specialisations: specialisations.py.


def _in_window_counts(window, prefix=""):
    """Counts of rows in the window, its earlier weeks and its last weeks."""
    return {
        "total": Count("pk"),
        "earlier": Count("pk", filter=window.in_earlier_weeks(prefix)),
        "last": Count("pk", filter=window.in_last_weeks(prefix)),
    }


def job_counts(jobs, window):
    """Jobs per week, and in the window, its earlier and its last weeks."""
    counts = {
        f"week_{index}": Count("pk", filter=window.published_in_week(index)) for index in range(WINDOW_WEEKS)
    }
    return jobs.order_by().aggregate(**counts, **_in_window_counts(window))


def _skill_row(slug, name, counts, totals):
    return {
        "slug": slug,
        "name": name,
        "jobs": counts["total"],
        "share": round(stats.share(counts["total"], totals["total"]), 4),
        "change": stats.share_change(counts["earlier"], totals["earlier"], counts["last"], totals["last"]),
    }


def top_required_skills(jobs, window, totals):
    """The skills most often required by the scope's jobs, with their share and its change."""
    rows = (
        JobSkill.objects.filter(is_required=True, job__in=jobs.order_by().values("pk"))
        .values("skill__slug", "skill__name")
        .annotate(**_in_window_counts(window, prefix="job__"))
        .order_by("-total", "skill__name")[:TOP_SKILLS]
    )
    return [_skill_row(row["skill__slug"], row["skill__name"], row, totals) for row in rows]


def skill_figures(jobs, window, counts):
    totals = {part: counts[part] for part in ("total", "earlier", "last")}
    spec_totals = specialisation_totals(jobs, window)
    ranked = sorted(specialisation_skill_counts(jobs, window), key=lambda row: (-row[3]["total"], row[2]))
    figures = {"top": top_required_skills(jobs, window, totals), "specialisations": []}
    for specialisation in Specialisation.values:
        spec_total = spec_totals.get(specialisation, {"total": 0, "earlier": 0, "last": 0})
        skills = []
        if spec_total["total"] >= stats.MIN_TREND_JOBS:
            skills = [
                _skill_row(slug, name, skill_counts, spec_total)
                for key, slug, name, skill_counts in ranked
                if key == specialisation
            ][:TOP_SPECIALISATION_SKILLS]
        figures["specialisations"].append(
            {"key": specialisation, "jobs": spec_total["total"], "skills": skills}
        )
    return figures


def weekly_demand(counts, window):
    return [
        {"week": window.week_start(index).isoformat(), "jobs": counts[f"week_{index}"]}
        for index in range(WINDOW_WEEKS)
    ]


def scope_figures(role, today=None):
    """Everything stored for one scope, as a dict of RoleInsights fields."""
    window = Window(today or timezone.localdate())
    jobs = sample(role, window)
    counts = job_counts(jobs, window)
    return {
        "window_start": window.first_day,
        "jobs": counts["total"],
        "salary": salary_figures(jobs),
        "skills": skill_figures(jobs, window, counts),
        "demand": weekly_demand(counts, window),
    }
