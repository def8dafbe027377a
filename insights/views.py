"""/insights/: the salary, skill and demand figures of every job and of each role."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from listings.page_cache import cached_for_visitors

from .models import RoleInsights
from .presentation import chosen_currency, insights_context, role_summaries


@require_safe
@cached_for_visitors
def overview(request):
    currency = chosen_currency(request.GET.get("currency"))
    scopes = list(RoleInsights.objects.for_overview())
    all_jobs = next((scope for scope in scopes if scope.scope == RoleInsights.ALL_JOBS), None)
    context = {
        **insights_context(all_jobs, currency),
        "heading": "All Python backend jobs",
        "form_action": reverse("insights:overview"),
        "skill_link": reverse("listings:job_list"),
        "roles": role_summaries(scopes, currency),
    }
    return render(request, "insights/overview.html", context)
