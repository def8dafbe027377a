"""One-click links from emails: they work without logging in, by their signature."""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from listings import services
from listings.services import JobTransitionError

ACTION_LABELS = {"extend": "Extend by 30 days", "filled": "Mark as filled"}


@require_http_methods(["GET", "POST"])
def job_action(request, token):
    """GET shows what the link will do (mail scanners prefetch links); POST does it."""
    template = "listings/job_action.html"
    try:
        job, action = services.job_action_from_token(token)
    except signing.SignatureExpired:
        return render(request, template, {"problem": "expired"}, status=400)
    except signing.BadSignature:
        return render(request, template, {"problem": "invalid"}, status=400)
    except JobTransitionError as error:
        return render(request, template, {"problem": "stale", "message": str(error)}, status=409)

    context = {"job": job, "action": action, "action_label": ACTION_LABELS[action]}
    if request.method == "POST":
        try:
            job = services.job_apply_action(job=job, action=action)
        except (JobTransitionError, PermissionDenied) as error:
            return render(
                request, template, {**context, "problem": "refused", "message": str(error)}, status=409
            )
        return render(request, template, {**context, "job": job, "done": True})
    return render(request, template, context)
