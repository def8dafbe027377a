"""Markdown written by employers and staff, rendered to safe HTML."""

import html

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

# What a job description may use: text structure, lists, links, code. No images,
# tables of raw HTML, iframes, scripts, styles or event handlers.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Markdown → sanitised HTML, safe to insert in a page."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "fenced_code"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def markdown_to_text(text):
    """Plain text of the Markdown, for snippets, feeds and meta descriptions.

    Text, not HTML: entities are decoded ("&amp;" → "&"), so whoever outputs it
    escapes it exactly once (templates do by themselves; the feed does it itself).
    """
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split())


def markdown_derivatives(text):
    """(sanitised HTML, plain text) of a Markdown text: what a job stores beside its
    description, so pages, feeds and the API never convert Markdown per request."""
    rendered = render_markdown(text)
    return str(rendered), " ".join(html.unescape(strip_tags(rendered)).split())
