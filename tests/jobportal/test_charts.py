"""jobportal.charts: small SVG bar charts drawn on the server, without inline styles."""

import re
from datetime import date

from jobportal.charts import bar_chart, daily_rows, daily_series, last_days

TODAY = date(2026, 3, 10)


def test_last_days_end_today_oldest_first():
    days = last_days(TODAY, 3)

    assert days == (date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10))


def test_a_series_fills_days_without_counts_with_zero():
    series = daily_series({date(2026, 3, 9): 4}, last_days(TODAY, 3), "views")

    assert series.values == (0, 4, 0)
    assert (series.total, series.peak) == (4, 4)


def test_bars_scale_to_the_peak_and_days_without_any_draw_no_bar():
    series = daily_series({date(2026, 3, 8): 2, date(2026, 3, 10): 8}, last_days(TODAY, 3), "views")

    svg = str(bar_chart(series, kind="views", width=30, height=21))

    bars = re.findall(
        r'<rect class="chart__bar" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)">', svg
    )
    assert [(float(x), float(height)) for x, height in bars] == [(0.0, 5.0), (20.0, 20.0)]
    assert "<title>8 Mar: 2 views</title>" in svg
    assert svg.startswith('<svg class="chart chart--views" viewBox="0 0 30 21"')
    assert 'aria-hidden="true"' in svg
    assert "style" not in svg


def test_an_empty_series_is_a_baseline_only():
    svg = str(bar_chart(daily_series({}, last_days(TODAY, 30), "views"), kind="views"))

    assert "<rect" not in svg
    assert '<line class="chart__axis"' in svg


def test_a_kind_cannot_break_out_of_its_attribute():
    svg = str(bar_chart(daily_series({}, last_days(TODAY, 2), "views"), kind='x" onload="alert(1)'))

    assert 'onload="' not in svg


def test_daily_rows_put_the_series_side_by_side():
    days = last_days(TODAY, 2)
    views = daily_series({TODAY: 3}, days, "views")
    applications = daily_series({TODAY: 1}, days, "applications")

    assert daily_rows(views, applications) == [(date(2026, 3, 9), 0, 0), (TODAY, 3, 1)]
