"""The geometry of the small SVG charts, computed on the server (no chart library).

Each function returns plain numbers for the templates, which draw them with
presentation attributes and CSS classes (the CSP forbids style attributes)."""

from dataclasses import dataclass

CHART_WIDTH = 360
LABEL_WIDTH = 150
ROW_HEIGHT = 22
BAR_HEIGHT = 12
COLUMN_CHART_HEIGHT = 90


def _scale(value, maximum, width):
    return round(width * value / maximum, 1) if maximum else 0


@dataclass(frozen=True)
class RangeRow:
    label: str
    y: float
    low: float
    high: float
    median: float


def thousands(amount):
    return f"{round(amount / 1000):,}k"


def salary_ranges(rows):
    """Rows of (label, p25, p50, p75 or None): a line from the 25th to the 75th
    percentile with a mark at the median, on one scale for the whole chart. The
    scale starts a little below the lowest 25th percentile (ranges, not totals:
    starting at zero would squeeze them together); its two ends are labelled."""
    shown = [row for row in rows if row[3] is not None]
    lowest = min((row[1] for row in shown), default=0) * 0.8
    highest = max((row[3] for row in shown), default=0) * 1.02
    plot = CHART_WIDTH - LABEL_WIDTH - 10

    def x(amount):
        return LABEL_WIDTH + _scale(amount - lowest, highest - lowest, plot)

    axis_y = ROW_HEIGHT * len(shown) + 14
    return {
        "width": CHART_WIDTH,
        "height": axis_y + 4,
        "label_width": LABEL_WIDTH,
        "axis": {
            "y": axis_y,
            "low": thousands(lowest),
            "high": thousands(highest),
            "end": LABEL_WIDTH + plot,
        },
        "rows": [
            RangeRow(
                label=label,
                y=ROW_HEIGHT * index + ROW_HEIGHT / 2 + 2,
                low=x(p25),
                high=x(p75),
                median=x(p50),
            )
            for index, (label, p25, p50, p75) in enumerate(shown)
        ],
    }


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    y: float
    width: float
    height: float
    title: str

    @property
    def label_y(self):
        return self.y + self.height / 2


def share_bars(rows):
    """Rows of (label, share 0..1, title): horizontal bars on a 0-100 % scale."""
    plot = CHART_WIDTH - LABEL_WIDTH - 10
    return {
        "width": CHART_WIDTH,
        "height": ROW_HEIGHT * len(rows) + 4,
        "label_width": LABEL_WIDTH,
        "bars": [
            Bar(
                label=label,
                x=LABEL_WIDTH,
                y=ROW_HEIGHT * index + (ROW_HEIGHT - BAR_HEIGHT) / 2 + 2,
                width=max(_scale(share, 1, plot), 1),
                height=BAR_HEIGHT,
                title=title,
            )
            for index, (label, share, title) in enumerate(rows)
        ],
    }


def column_bars(rows):
    """Rows of (label, count, title): vertical bars, the tallest filling the chart."""
    maximum = max((count for _, count, _ in rows), default=0)
    step = CHART_WIDTH / max(len(rows), 1)
    bars = []
    for index, (label, count, title) in enumerate(rows):
        height = _scale(count, maximum, COLUMN_CHART_HEIGHT)
        bars.append(
            Bar(
                label=label,
                x=round(index * step + 2, 1),
                y=round(COLUMN_CHART_HEIGHT - height, 1),
                width=round(step - 4, 1),
                height=height,
                title=title,
            )
        )
    return {"width": CHART_WIDTH, "height": COLUMN_CHART_HEIGHT, "bars": bars}
