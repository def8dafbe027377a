"""One-click links from emails: they work without logging in, by their signature."""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from listings.services.expiry import job_action_from_token, job_apply_action
from listings.services.jobs import EXTENSION, JobTransitionError


def _action_label(action):
    return f"Extend by {EXTENSION.days} days" if action == "extend" else "Mark as filled"


@require_http_methods(["GET", "POST"])
def job_action(request, token):
    """GET shows what the link will do (mail scanners prefetch links); POST does it, once.

    A used link, one for a closing date the job no longer has, or one for a job no
    longer live answers 409 with what the job is now, and changes nothing."""
    template = "listings/job_action.html"
    try:
        link = job_action_from_token(token)
    except signing.SignatureExpired:
        return render(request, template, {"problem": "expired"}, status=400)
    except signing.BadSignature:
        return render(request, template, {"problem": "invalid"}, status=400)

    context = {
        "job": link.job,
        "action": link.action,
        "action_label": _action_label(link.action),
        "extension_days": EXTENSION.days,
    }
    if problem := link.problem:
        kind, message = problem
        return render(request, template, {**context, "problem": kind, "message": message}, status=409)
    if request.method == "POST":
        try:
            job = job_apply_action(link=link)
        except (JobTransitionError, PermissionDenied) as error:
            return render(
                request, template, {**context, "problem": "refused", "message": str(error)}, status=409
            )
        return render(request, template, {**context, "job": job, "done": True})
    return render(request, template, context)
