"""The arithmetic of the insights, apart from the database (tested without one)."""

import math
from dataclasses import dataclass

QUARTILES = (0.25, 0.5, 0.75)
# A salary figure is shown only when this many jobs from this many companies are
# behind it, so no single employer's pay can be read off a page.
MIN_SALARY_JOBS = 5
MIN_SALARY_COMPANIES = 3
# A skill's share is compared between the last weeks of the window and the weeks
# before only when both have this many jobs; fewer would make the change noise.
MIN_TREND_JOBS = 5


def percentile(sorted_values, fraction):
    """The percentile with linear interpolation between the closest ranks: what
    PostgreSQL's percentile_cont and statistics.quantiles(method="inclusive") compute."""
    if not sorted_values:
        raise ValueError("no values")
    position = fraction * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def quartiles(values):
    ordered = sorted(values)
    return [percentile(ordered, fraction) for fraction in QUARTILES]


def shows_salary(jobs, companies):
    return jobs >= MIN_SALARY_JOBS and companies >= MIN_SALARY_COMPANIES


@dataclass(frozen=True)
class SalaryGroup:
    """The figures behind one row of a salary table. `sums` are percentiles of
    salary_min_usd + salary_max_usd (twice the midpoint: halved here, exactly)."""

    key: str
    jobs: int
    companies: int
    sums: list | None

    def as_row(self):
        row = {"key": self.key, "jobs": self.jobs}
        if shows_salary(self.jobs, self.companies) and self.sums:
            # Whole dollars; the same rounding whichever database computed them.
            row.update(zip(("p25", "p50", "p75"), (round(value / 2) for value in self.sums), strict=True))
        return row


def salary_groups_from_rows(rows):
    """SalaryGroups from (key, company_id, salary sum) rows: the computation where the
    database has no percentile_cont (SQLite)."""
    by_key = {}
    for key, company_id, amount in rows:
        values, companies = by_key.setdefault(key, ([], set()))
        values.append(amount)
        companies.add(company_id)
    return [
        SalaryGroup(key=key, jobs=len(values), companies=len(companies), sums=quartiles(values))
        for key, (values, companies) in by_key.items()
    ]


def share(count, total):
    return count / total if total else 0.0


def share_change(earlier_count, earlier_total, last_count, last_total):
    """How many percentage points the share moved from the earlier weeks to the last,
    or None when either period has too few jobs to say."""
    if earlier_total < MIN_TREND_JOBS or last_total < MIN_TREND_JOBS:
        return None
    return round(100 * (share(last_count, last_total) - share(earlier_count, earlier_total)), 1)
