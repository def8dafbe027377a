import threading
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string

from insights.models import RoleInsights
from insights.presentation import chosen_currency, insights_context, kept_query

register = template.Library()

# Rendered sections kept per process: their charts and tables were a third of a role
# page's time, and they change only when the nightly task (or a role edit) does.
KEPT_SECTIONS = 200
_sections = OrderedDict()
_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def role_insights(context, role):
    """A role page's salary, skill and demand section: one indexed read of the
    figures the nightly task stored (RoleInsights.scope is unique), rendered once per
    process for each computation, role version, currency and search."""
    request = context["request"]
    insights = RoleInsights.objects.for_role_page(role)
    currency = chosen_currency(request.GET.get("currency"))
    kept = kept_query(request.GET)
    if insights is None:
        return _render(request, role, insights, currency, kept)
    key = (insights.pk, insights.computed_at, role.pk, role.updated_at, request.path, currency, tuple(kept))
    with _lock:
        html = _sections.get(key)
        if html is not None:
            _sections.move_to_end(key)
            return html
    html = _render(request, role, insights, currency, kept)
    with _lock:
        _sections[key] = html
        while len(_sections) > KEPT_SECTIONS:
            _sections.popitem(last=False)
    return html


def clear():
    with _lock:
        _sections.clear()


def _render(request, role, insights, currency, kept):
    return render_to_string(
        "insights/includes/insights.html",
        {
            **insights_context(insights, currency),
            "heading": f"{role.name}: salaries, skills and demand",
            "form_action": request.path,
            "kept_query": kept,
            "skill_link": role.get_absolute_url(),
        },
    )
