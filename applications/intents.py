"""What an anonymous visitor asked for before logging in, finished once they have.

"Save" on a job sends a visitor to log in with `next` = the job's page and `?then=save`.
The save is made while the login itself is being sent (a POST, with its CSRF token:
the login form, or the email confirmation that logs a new account in), never by
opening a URL, so a link can't make anyone save anything. "Apply" needs no intent:
its `next` is the apply page, whose GET only shows the form.
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.http import QueryDict
from django.urls import Resolver404, resolve

from listings.models import Job

from . import services

INTENT_PARAM = "then"
SAVE = "save"
JOB_PAGES = ("listings:job_detail", "listings:job_detail_short")


def save_after_login_url(job):
    """The job's page, marked so that logging in saves the job."""
    return f"{job.get_absolute_url()}?{INTENT_PARAM}={SAVE}"


def login_intent_finish(request, user, redirect_url):
    """Do what `redirect_url` (allauth's checked `next`) asks after login, when this
    request is a POST by a seeker; return the URL without the intent."""
    if not redirect_url:
        return redirect_url
    parts = urlsplit(redirect_url)
    query = QueryDict(parts.query, mutable=True)
    if INTENT_PARAM not in query:
        return redirect_url
    intent = query.pop(INTENT_PARAM)[-1]
    clean = urlunsplit(("", "", parts.path, query.urlencode(), parts.fragment))
    if intent != SAVE or request.method != "POST" or not user.is_seeker:
        return clean
    try:
        match = resolve(parts.path)
    except Resolver404:
        return clean
    if match.view_name not in JOB_PAGES:
        return clean
    job = Job.objects.visible_to(user).filter(pk=match.kwargs["pk"]).first()
    if job is not None and job.is_open:
        services.job_save(job=job, user=user)
        messages.success(request, f"Saved “{job.title}”. Find it under Saved jobs.")
    return clean
