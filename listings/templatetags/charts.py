"""{% bar_chart series "views" %}: jobportal.charts in templates."""

from django import template

from jobportal import charts

register = template.Library()


@register.simple_tag
def bar_chart(series, kind, width=180, height=36):
    return charts.bar_chart(series, kind=kind, width=width, height=height)


@register.simple_tag
def daily_rows(*series_list):
    return charts.daily_rows(*series_list)
