from django import template

from listings.search.saved_query import describe_search

register = template.Library()


@register.simple_tag
def search_summary(filterset, role=None):
    """The search shown in words, as saved searches name it: "django, remote, senior"."""
    return describe_search(filterset, role)[:100]
