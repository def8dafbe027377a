"""Dates as people read them on cards ("2 days ago") and as machines read them
(`<time datetime>`: seconds, no fraction, which HTML allows at most 3 digits of)."""

from django.utils import formats, timezone

# Past this many days a card names the date: "43 days ago" reads worse than "19 Oct 2026".
RELATIVE_DAYS = 30


def days_ago_text(moment, today=None):
    """ "today", "yesterday", "N days ago", or "on 19 Oct 2026": by calendar day in the
    site's time zone, so the words only change at midnight (cards kept for minutes stay
    right when their key has the date: listings.cards)."""
    day = timezone.localtime(moment).date()
    days = ((today or timezone.localdate()) - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days <= RELATIVE_DAYS:
        return f"{days} days ago"
    return f"on {formats.date_format(day, 'j M Y')}"


def machine_datetime(moment):
    """ISO 8601 to the second with its offset, e.g. 2026-12-01T17:46:40+00:00."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()
