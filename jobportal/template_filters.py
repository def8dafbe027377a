"""Filters every template has without {% load %} (settings.TEMPLATES "builtins")."""

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def iso_datetime(value):
    """`value` as a `<time datetime>` attribute takes it: ISO 8601 to the second, with the
    UTC offset. (`date:'c'` writes microseconds, and HTML allows at most 3 fractional digits.)"""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
