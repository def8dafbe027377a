"""`{% job_match job as match %}`: how the signed-in seeker matches a job, for its page.

Computed on the spot for the one pair (two small queries: the profile and its skill
ids; the job's skills and locations come from the page's prefetches), so it is never
stale and shows even when the pair scores below the stored threshold.
"""

from django import template

from listings.matching.facts import match_for_viewer
from listings.matching.scoring import THRESHOLD

register = template.Library()


@register.simple_tag(takes_context=True)
def job_match(context, job):
    request = context.get("request")
    if request is None:
        return None
    return match_for_viewer(job, request.user)


@register.simple_tag
def match_threshold():
    return THRESHOLD
