from django import template

from listings.markdown import markdown_to_text, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def markdown_text(text):
    return markdown_to_text(text)
