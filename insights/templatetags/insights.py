from django import template

from insights.models import RoleInsights
from insights.presentation import chosen_currency, insights_context, kept_query

register = template.Library()


@register.inclusion_tag("insights/includes/insights.html", takes_context=True)
def role_insights(context, role):
    """A role page's salary, skill and demand section: one indexed read of the
    figures the nightly task stored (RoleInsights.scope is unique)."""
    request = context["request"]
    return {
        **insights_context(
            RoleInsights.objects.for_role_page(role), chosen_currency(request.GET.get("currency"))
        ),
        "heading": f"{role.name}: salaries, skills and demand",
        "form_action": request.path,
        "kept_query": kept_query(request.GET),
        "skill_link": role.get_absolute_url(),
    }
