"""The arithmetic of the insights, without a database."""

import random
import statistics

import pytest

from insights import stats


@pytest.mark.parametrize("size", [2, 3, 4, 5, 7, 10, 101])
def test_quartiles_are_the_inclusive_quantiles_of_the_statistics_module(size):
    rng = random.Random(size)
    values = [rng.randrange(10_000, 300_000) for _ in range(size)]

    assert stats.quartiles(values) == pytest.approx(statistics.quantiles(values, n=4, method="inclusive"))


def test_a_salary_group_shows_figures_only_with_enough_jobs_and_companies():
    sums = [100_000.0, 120_000.0, 150_000.0]

    shown = stats.SalaryGroup(key="senior", jobs=5, companies=3, sums=sums).as_row()
    few_companies = stats.SalaryGroup(key="senior", jobs=50, companies=2, sums=sums).as_row()
    few_jobs = stats.SalaryGroup(key="senior", jobs=4, companies=4, sums=sums).as_row()

    assert shown == {"key": "senior", "jobs": 5, "p25": 50_000, "p50": 60_000, "p75": 75_000}
    assert few_companies == {"key": "senior", "jobs": 50}
    assert few_jobs == {"key": "senior", "jobs": 4}


def test_the_change_of_a_share_is_in_percentage_points_and_needs_jobs_on_both_ends():
    assert stats.share_change(2, 10, 6, 10) == 40.0
    assert stats.share_change(3, 6, 1, 5) == pytest.approx(-30.0)
    assert stats.share_change(2, 4, 6, 10) is None
    assert stats.share_change(2, 10, 0, 0) is None
