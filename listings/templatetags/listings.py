from functools import lru_cache

from django import template

from listings.cards import render_card
from listings.dates import days_ago_text
from listings.markdown import markdown_to_text, render_markdown

register = template.Library()


# Pages show the same few Markdown texts again and again (a role's intro, a company's
# about): converted once per process, not per request (~9 ms of a role page's CPU).
@lru_cache(maxsize=256)
def _rendered(text):
    return render_markdown(text)


@lru_cache(maxsize=256)
def _as_text(text):
    return markdown_to_text(text)


@register.filter
def markdown(text):
    return _rendered(str(text or ""))


@register.filter
def markdown_text(text):
    return _as_text(str(text or ""))


@register.filter
def days_ago(moment):
    """ "2 days ago" (listings.dates)."""
    return days_ago_text(moment) if moment else ""


LETTERMARK_HUES = 6


@register.filter
def lettermark(name):
    """The first letter or digit of a company's name, for its lettermark."""
    return next((char.upper() for char in name if char.isalnum()), "•")


@register.filter
def lettermark_hue(company):
    """One of the lettermark colours (CSS classes logo--hue-0…5), the same for a company every time."""
    return (company.pk or 0) % LETTERMARK_HUES


@register.simple_tag(takes_context=True)
def job_card(context, job):
    """{% job_card job %}: the card of `job` (listings/cards.py). Uses the context's
    `saved_job_ids` (None: no Save button) and `user`."""
    return render_card(job, saved_job_ids=context.get("saved_job_ids"), user=context.get("user"))
