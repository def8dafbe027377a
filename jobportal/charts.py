"""Small charts drawn on the server as inline SVG: no chart library, no script.

Under the site's strict CSP nothing here writes a style attribute: sizes are SVG
geometry and colours come from classes in static/css (`.chart--<kind> .chart__bar`).
A chart is a picture for the eye; the page gives the same numbers as text beside it
(see daily_table), which is what a screen reader reads.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.html import format_html, format_html_join


@dataclass(frozen=True)
class Series:
    """One value per day, oldest first, and what the values count ("views")."""

    days: tuple
    values: tuple
    unit: str

    @property
    def total(self):
        return sum(self.values)

    @property
    def peak(self):
        return max(self.values, default=0)


def last_days(today, count):
    """The `count` days ending with `today`, oldest first."""
    return tuple(today - timedelta(days=offset) for offset in range(count - 1, -1, -1))


def daily_series(counts_by_day, days, unit):
    """A Series over `days` from a {day: count} mapping; days without a count are 0."""
    return Series(days=tuple(days), values=tuple(counts_by_day.get(day, 0) for day in days), unit=unit)


def bar_chart(series, *, kind, width=180, height=36, gap=1):
    """The series as bars of one colour (the CSS class `chart--<kind>`), scaled to its
    own peak; a day without any is a thin baseline mark, so 30 days always read as 30.

    Hidden from assistive technology (aria-hidden): the numbers are given as text."""
    count = len(series.values) or 1
    slot = width / count
    bar_width = max(slot - gap, 1)
    peak = series.peak
    bars = []
    for index, (day, value) in enumerate(zip(series.days, series.values, strict=True)):
        bar_height = max(round(value / peak * (height - 1), 1), 1) if value and peak else 0
        x = round(index * slot, 2)
        label = f"{day:%-d %b}: {value} {series.unit}"
        if bar_height:
            bars.append((x, round(height - bar_height, 1), round(bar_width, 2), bar_height, label))
    return format_html(
        '<svg class="chart chart--{}" viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" '
        'focusable="false"><line class="chart__axis" x1="0" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        kind,
        width,
        height,
        width,
        height,
        height - 0.5,
        width,
        height - 0.5,
        format_html_join(
            "",
            '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            bars,
        ),
    )


def daily_rows(*series_list):
    """Rows for a table of the numbers behind charts drawn over the same days:
    (day, value of each series), oldest first."""
    if not series_list:
        return []
    days = series_list[0].days
    return [(day, *(series.values[index] for series in series_list)) for index, day in enumerate(days)]
