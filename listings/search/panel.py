"""The filter panel of the search pages: its ~330 choices rendered once, then ticked.

The panel holds the skill taxonomy (~45 checkboxes), every country (~250 options),
levels, work modes and the rest. Rendered through Django's widget templates on each
request it cost more CPU than everything else on the page. Here each group of
choices is rendered once per process with nothing selected (the "blank", keyed by
its template and field, and for the skill taxonomy by the skills themselves: a new
skill or a renamed one makes a new key), and a request only marks its own selection
in that text: ` checked` on the chosen checkboxes, ` selected` on the chosen
options, exactly where Django's widgets put them. The markup is Django's own: tests
compare the two renderings.
"""

import re

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

# A value no choice has: rendered with it, no checkbox is ticked and no option chosen.
NOTHING = "\x00"
MAX_BLANKS = 64

_blanks = {}


def ticked(template_name, bound_field, *, context, key_extra=()):
    """`template_name` rendered with `context`, as it would be for `bound_field`'s value.

    `context` is a callable taking the unselected version of the bound field and
    returning the template's context; it runs only when the blank is not cached yet.
    The blank is kept per template and field: whatever else it shows that can change
    while the process runs (choices from the database) must be in `key_extra`.
    """
    key = (template_name, bound_field.html_name, bound_field.auto_id, tuple(key_extra))
    blank = _blanks.get(key)
    if blank is None:
        blank = render_to_string(template_name, context(unselected(bound_field)))
        if len(_blanks) >= MAX_BLANKS:
            _blanks.clear()
        _blanks[key] = blank
    return mark_safe(select(blank, bound_field))  # noqa: S308 - our template's output, values escaped below


def unselected(bound_field):
    """The bound field as it renders with nothing chosen."""
    blank = type(bound_field)(bound_field.form, bound_field.field, bound_field.name)
    multiple = getattr(bound_field.field.widget, "allow_multiple_selected", False)
    blank.value = lambda: [NOTHING] if multiple else NOTHING
    return blank


def select(blank, bound_field):
    """Mark in `blank` the choices `bound_field` has, as its widget would."""
    widget = bound_field.field.widget
    chosen = widget.format_value(bound_field.value())
    if not getattr(widget, "allow_multiple_selected", False):
        chosen = chosen[:1]
    html = blank
    for value in chosen:
        value = escape(value)
        if getattr(widget, "input_type", None) == "checkbox":
            pattern = re.compile(
                rf'(<input type="checkbox" name="{re.escape(bound_field.html_name)}" '
                rf'value="{re.escape(value)}"[^>]*?)>'
            )
            html = pattern.sub(r"\1 checked>", html, count=1)
        else:
            html = html.replace(f'<option value="{value}">', f'<option value="{value}" selected>', 1)
    return html


def clear():
    """Forget the blanks (tests that change a taxonomy or a template)."""
    _blanks.clear()


class SearchPanel:
    """The filter panel's choice groups as HTML (see search.panel): attribute access
    in templates, e.g. {{ filterset.panel.skills }}."""

    def __init__(self, filterset):
        self.filterset = filterset
        self.form = filterset.form
        # What the specialisations and skills templates show besides their choices.
        self.taxonomy = tuple(
            (skill.slug, skill.name, skill.category, skill.specialisation) for skill in filterset.skill_list
        )

    def _field(self, name):
        return ticked("listings/includes/field.html", self.form[name], context=lambda field: {"field": field})

    def _checkboxes(self, name, template="listings/includes/checkboxes.html"):
        return ticked(template, self.form[name], context=lambda field: {"field": field})

    @property
    def country(self):
        return self._field("country")

    @property
    def currency(self):
        return self._field("currency")

    @property
    def posted(self):
        return self._field("posted")

    @property
    def sort(self):
        return self._field("sort")

    @property
    def level(self):
        return self._checkboxes("level", "listings/includes/level_choices.html")

    @property
    def work_mode(self):
        return self._checkboxes("work_mode")

    @property
    def employment_type(self):
        return self._checkboxes("employment_type")

    @property
    def skills(self):
        return ticked(
            "listings/includes/skill_choices.html",
            self.form["skills"],
            context=lambda field: {"groups": self.filterset.skill_groups(field)},
            key_extra=self.taxonomy,
        )

    def _specialisations(self, extra):
        return ticked(
            "listings/includes/specialisations.html",
            self.form["specialisation"],
            context=lambda field: {
                "choices": self.filterset.specialisation_choices(field),
                "label": field.label,
                "extra": extra,
            },
            key_extra=(*self.taxonomy, extra),
        )

    @property
    def specialisations(self):
        return self._specialisations("")

    @property
    def specialisation_facets(self):
        return self._specialisations("facets")
