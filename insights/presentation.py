"""What the insight templates show: the stored figures in the reader's currency, in
order, with their labels and chart geometry. Work per page view is bounded by the
size of the row (a few dozen figures), never by the number of jobs."""

from datetime import date
from decimal import Decimal

from listings.currency import CURRENCIES
from listings.models import Job, Specialisation

from . import charts, stats
from .computation import REGION_LABELS, TREND_WEEKS, WINDOW_WEEKS

DEFAULT_CURRENCY = "USD"
CURRENCY_CHOICES = [(code, f"{code} ({label})") for code, (label, _) in CURRENCIES.items()]
BREAKDOWNS = (
    ("level", "By level", dict(Job.Level.choices)),
    ("work_mode", "By work mode", dict(Job.WorkMode.choices)),
    ("region", "By region (where the job or company is)", REGION_LABELS),
)


def chosen_currency(value):
    """The reader's currency from the query string; anything unknown means the default."""
    value = (value or "").upper()
    return value if value in CURRENCIES else DEFAULT_CURRENCY


def kept_query(query_dict, limit=50):
    """The page's other query parameters, kept as hidden inputs by the currency form
    (a role page's search stays as it was when the reader changes the currency)."""
    kept = [
        (name, value)
        for name, values in query_dict.lists()
        if name not in ("currency", "page")
        for value in values
    ]
    return kept[:limit]


def in_currency(amount_usd, currency):
    """A yearly USD figure in `currency` at the fixed rates of listings.currency,
    rounded to hundreds (the figures are estimates, not payslips)."""
    return int(round(Decimal(amount_usd) / CURRENCIES[currency][1], -2))


def salary_table(rows, labels, currency):
    by_key = {row["key"]: row for row in rows}
    table = []
    for key, label in labels.items():
        row = by_key.get(key)
        if row is None:
            continue
        shown = "p50" in row
        figures = (
            [in_currency(row[name], currency) for name in ("p25", "p50", "p75")] if shown else [None] * 3
        )
        table.append({"key": key, "label": label, "jobs": row["jobs"], "shown": shown, "figures": figures})
    chart = charts.salary_ranges([(row["label"], *row["figures"]) for row in table])
    return {"rows": table, "chart": chart, "any_shown": any(row["shown"] for row in table)}


def skill_rows(skills):
    return [
        {
            "name": skill["name"],
            "slug": skill["slug"],
            "jobs": skill["jobs"],
            "percent": round(100 * skill["share"]),
            "change": skill["change"],
        }
        for skill in skills
    ]


def skills_chart(rows):
    return charts.share_bars([(row["name"], row["percent"] / 100, f"{row['percent']}%") for row in rows])


def demand_rows(demand):
    rows = [{"week": date.fromisoformat(week["week"]), "jobs": week["jobs"]} for week in demand]
    chart = charts.column_bars(
        [
            (row["week"].strftime("%d %b"), row["jobs"], f"Week of {row['week']:%d %b}: {row['jobs']}")
            for row in rows
        ]
    )
    return rows, chart


def insights_context(insights, currency):
    """The template context of one scope's insights (None: not computed yet)."""
    if insights is None:
        return {"insights": None}
    salary = insights.salary
    specialisation_labels = dict(Specialisation.choices)
    top = skill_rows(insights.skills.get("top", []))
    demand, demand_chart = demand_rows(insights.demand)
    return {
        "insights": insights,
        "window_weeks": WINDOW_WEEKS,
        "trend_weeks": TREND_WEEKS,
        "baseline_weeks": WINDOW_WEEKS - TREND_WEEKS,
        "currency": currency,
        "currency_choices": CURRENCY_CHOICES,
        "min_jobs": stats.MIN_SALARY_JOBS,
        "min_companies": stats.MIN_SALARY_COMPANIES,
        "overall_salary": salary_table(
            [salary.get("overall", {"key": "", "jobs": 0})], {"": "All levels"}, currency
        ),
        "salary_tables": [
            {"key": key, "title": title, **salary_table(salary.get(f"by_{key}", []), labels, currency)}
            for key, title, labels in BREAKDOWNS
        ],
        "skills": top,
        "skills_chart": skills_chart(top),
        "specialisations": [
            {
                "key": entry["key"],
                "label": specialisation_labels.get(entry["key"], entry["key"]),
                "jobs": entry["jobs"],
                "skills": skill_rows(entry["skills"]),
            }
            for entry in insights.skills.get("specialisations", [])
        ],
        "demand": demand,
        "demand_chart": demand_chart,
    }


def role_summaries(scopes, currency):
    """One line per published role for the overview: jobs, median salary, top skills."""
    summaries = []
    for scope in scopes:
        if scope.role is None or not scope.role.is_published:
            continue
        overall = scope.salary.get("overall", {})
        summaries.append(
            {
                "role": scope.role,
                "jobs": scope.jobs,
                "median": in_currency(overall["p50"], currency) if "p50" in overall else None,
                "top_skills": [skill["name"] for skill in scope.skills.get("top", [])[:3]],
            }
        )
    return summaries
