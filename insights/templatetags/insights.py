import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from insights.models import RoleInsights
from insights.presentation import chosen_currency, insights_context, kept_query
from listings.page_cache import public_pages_version

register = template.Library()


@register.simple_tag(takes_context=True)
def role_insights(context, role):
    """A role page's salary, skill and demand section: one indexed read of the
    figures the nightly task stored (RoleInsights.scope is unique), rendered once per
    public pages version (a recomputation moves it) for everyone, signed in or not:
    its charts and tables were a third of a role page's time."""
    request = context["request"]
    currency = chosen_currency(request.GET.get("currency"))
    kept = kept_query(request.GET)
    if not settings.PAGE_CACHE_SECONDS:
        return _render(request, role, currency, kept)
    fingerprint = hashlib.sha256(repr((request.path, currency, kept)).encode()).hexdigest()
    key = f"role-insights:{public_pages_version()}:{role.pk}:{fingerprint}"
    html = cache.get(key)
    if html is None:
        html = _render(request, role, currency, kept)
        cache.set(key, html, settings.PAGE_CACHE_SECONDS)
    return html


def _render(request, role, currency, kept):
    return render_to_string(
        "insights/includes/insights.html",
        {
            **insights_context(RoleInsights.objects.for_role_page(role), currency),
            "heading": f"{role.name}: salaries, skills and demand",
            "form_action": request.path,
            "kept_query": kept,
            "skill_link": role.get_absolute_url(),
        },
    )
