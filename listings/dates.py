"""Dates as people read them on cards ("2 days ago"); machines read them from the
`iso_datetime` filter (jobportal/template_filters.py)."""

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
