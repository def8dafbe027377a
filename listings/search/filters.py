"""The job search: keywords plus every filter of the spec, as one FilterSet.

The job list, role pages, their Atom feeds (and later saved searches) all read
the query string through this class, so a URL means the same search everywhere.
Values a form control could not have produced (an unknown skill, a negative
salary, binary junk) make that one filter invalid: it is ignored and the page
says so, instead of failing.
"""

from datetime import timedelta
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django_countries import countries

from listings.currency import CURRENCY_CHOICES, yearly_usd
from listings.models import Job, Skill, Specialisation

from .filterset_base import KeptFormFilterSet
from .panel import SearchPanel
from .taxonomy import search_skills
from .text import clean_search_text, keyword_match

POSTED_WITHIN_CHOICES = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]
SORT_RELEVANCE, SORT_NEWEST, SORT_SALARY = "relevance", "newest", "salary"
SORT_CHOICES = [
    (SORT_RELEVANCE, "Best match"),
    (SORT_NEWEST, "Newest"),
    (SORT_SALARY, "Highest salary"),
]
MAX_SALARY_FILTER = 100_000_000
MAX_VALUES_PER_FILTER = 10
UNKNOWN_CHOICE = {
    "invalid_choice": "That value isn't one we know, so this filter was ignored.",
    "invalid_list": "That value isn't one we know, so this filter was ignored.",
    "too_many": f"Pick at most {MAX_VALUES_PER_FILTER}, so this filter was ignored.",
}


class SearchTextField(forms.CharField):
    """Keywords as typed, cleaned rather than refused: NUL bytes, control
    characters and runaway lengths are dropped so the search still runs."""

    def to_python(self, value):
        return clean_search_text(value)

    def bound_data(self, data, initial):
        # Show the words that were searched for, not the junk around them.
        return clean_search_text(data)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class FlagCheckbox(forms.CheckboxInput):
    """A ticked box sends "on"; a hand-written "0", "false" or "off" means unticked."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return isinstance(value, str) and value.strip().lower() not in ("", "0", "false", "off", "no")


class FlagFilter(django_filters.Filter):
    """A checkbox: ticked narrows the search, unticked does nothing."""

    field_class = forms.BooleanField


class WholeNumberFilter(django_filters.Filter):
    field_class = forms.IntegerField


class BoundedMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """Checkboxes from a query string: a value sent twice counts once, and more
    than MAX_VALUES_PER_FILTER different values is not a search a person made
    (the filter is ignored with a message, like other junk)."""

    def to_python(self, value):
        return list(dict.fromkeys(super().to_python(value)))

    def validate(self, value):
        if len(value) > MAX_VALUES_PER_FILTER:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        super().validate(value)


class BoundedMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = BoundedMultipleChoiceField


def _checkboxes(choices, label, method=None, field_name=None):
    return BoundedMultipleChoiceFilter(
        choices=choices,
        label=label,
        method=method,
        field_name=field_name,
        widget=forms.CheckboxSelectMultiple,
        error_messages=UNKNOWN_CHOICE,
        distinct=False,  # a filter on the job's own column never repeats rows
    )


def _flag(label, method):
    return FlagFilter(label=label, method=method, widget=FlagCheckbox)


class JobFilterSet(KeptFormFilterSet):
    q = SearchFilter(
        label="Keywords",
        method="filter_keywords",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Django, FastAPI, Kafka, remote…",
                "maxlength": 200,
                "data-live": "",  # search.js: results follow the typing, debounced
            }
        ),
    )
    specialisation = _checkboxes(Specialisation.choices, "Specialisation", method="filter_specialisation")
    # Choices are the skill taxonomy, loaded once per search in __init__.
    skills = _checkboxes([], "Skills (all of)", method="filter_skills")
    level = _checkboxes(Job.Level.choices, "Level", field_name="level")
    juniors = _flag("Open to juniors", "filter_juniors")
    work_mode = _checkboxes(Job.WorkMode.choices, "Work mode", field_name="work_mode")
    country = django_filters.ChoiceFilter(
        choices=countries,
        label="I live in",
        empty_label="Anywhere",
        method="filter_country",
        error_messages=UNKNOWN_CHOICE,
    )
    salary = WholeNumberFilter(
        label="Minimum salary per year",
        method="filter_salary",
        min_value=0,
        max_value=MAX_SALARY_FILTER,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric", "data-live": ""}),
        error_messages={
            "invalid": "Enter the minimum salary as a whole number; this filter was ignored.",
            "min_value": "The minimum salary can't be negative; this filter was ignored.",
            "max_value": "That minimum salary is too large; this filter was ignored.",
        },
    )
    currency = django_filters.ChoiceFilter(
        choices=[(code, code) for code, _ in CURRENCY_CHOICES],
        label="Currency",
        empty_label=None,
        method="filter_nothing",
        error_messages=UNKNOWN_CHOICE,
    )
    employment_type = _checkboxes(Job.EmploymentType.choices, "Employment type", field_name="employment_type")
    visa = _flag("Visa sponsorship", "filter_visa")
    relocation = _flag("Relocation help", "filter_relocation")
    direct = _flag("Direct employers only (no agencies)", "filter_direct")
    posted = django_filters.ChoiceFilter(
        choices=POSTED_WITHIN_CHOICES,
        label="Posted",
        empty_label="Any time",
        method="filter_posted",
        error_messages=UNKNOWN_CHOICE,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        label="Sort by",
        empty_label=None,
        method="filter_nothing",  # applied last, in filter_queryset
        error_messages=UNKNOWN_CHOICE,
    )

    class Meta:
        model = Job
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The taxonomy, kept in the process: it validates the slugs in Python (junk
        # never reaches the database) and renders the checkboxes.
        self.skill_list = search_skills()
        self.skill_ids = {skill.slug: skill.pk for skill in self.skill_list}
        skills = self.filters["skills"]
        skills.extra = {**skills.extra, "choices": [(skill.slug, skill.name) for skill in self.skill_list]}

    def form_class_key(self):
        return tuple(self.filters["skills"].extra["choices"])

    def specialisation_choices(self, field=None):
        """Each specialisation's checkbox with the names of the skills that define it:
        a job is in a specialisation when it asks for any of them (from the taxonomy
        already loaded, so no query)."""
        names = {}
        for skill in self.skill_list:
            names.setdefault(skill.specialisation, []).append(skill.name)
        field = field or self.form["specialisation"]
        return [(choice, names.get(choice.data["value"], [])) for choice in field]

    @cached_property
    def panel(self):
        """The filter panel's groups of choices as HTML, rendered fast (search.panel)."""
        return SearchPanel(self)

    # --- Filters ---------------------------------------------------------------

    def filter_keywords(self, queryset, name, value):
        queryset, self.rank_expression = keyword_match(queryset, value, self.skill_list)
        return queryset

    def filter_specialisation(self, queryset, name, value):
        return queryset.in_specialisations(value)

    def filter_skills(self, queryset, name, value):
        return queryset.with_all_skills([self.skill_ids[slug] for slug in value])

    def filter_juniors(self, queryset, name, value):
        if not value:
            return queryset
        # Entry-level jobs are for juniors by definition.
        return queryset.filter(Q(open_to_juniors=True) | Q(level=Job.Level.ENTRY))

    def filter_country(self, queryset, name, value):
        return queryset.open_to_applicants_in(value)

    def filter_salary(self, queryset, name, value):
        currency = self.form.cleaned_data.get("currency") or "USD"
        return queryset.filter(salary_max_usd__gte=yearly_usd(value, currency, "year"))

    def filter_visa(self, queryset, name, value):
        return queryset.filter(visa_sponsorship=True) if value else queryset

    def filter_relocation(self, queryset, name, value):
        return queryset.filter(relocation_help=True) if value else queryset

    def filter_direct(self, queryset, name, value):
        return queryset.filter(is_agency=False) if value else queryset

    def filter_posted(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - timedelta(days=int(value)))

    def filter_nothing(self, queryset, name, value):
        return queryset

    rank_expression = None

    def filter_queryset(self, queryset):
        return self.sort_queryset(self.filter_matches(queryset))

    def filter_matches(self, queryset):
        """Every valid filter applied (sets rank_expression for keywords). Keywords go
        last: PostgreSQL tests conditions of equal cost in the order written, and the
        search vector's is the dearest (keywords + salary read 4,700 vectors for 200 rows)."""
        self.rank_expression = None
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    @property
    def matches(self):
        """The jobs of the search, unsorted and not ranked: for counting, and for
        search.pages, which ranks only the page's bounded set of candidates."""
        if not hasattr(self, "_matches"):
            queryset = self.queryset.all()
            if self.is_bound:
                self.errors  # noqa: B018 - validates the form, as django-filter's qs does
                queryset = self.filter_matches(queryset)
            self._matches = queryset
        return self._matches

    def sort_queryset(self, queryset):
        """The whole search in order, every match ranked by relevance (see `matches`
        for pages, where ranking every match of a common word would cost too much)."""
        if self.rank_expression is not None and self.sort_order == SORT_RELEVANCE:
            queryset = queryset.annotate(rank=self.rank_expression)
        return queryset.order_by(*self.ordering)

    @property
    def ordering(self):
        """The order of the search; relevance needs `rank` annotated (rank_expression)."""
        if self.sort_order == SORT_RELEVANCE and self.rank_expression is not None:
            return ("-rank", "-published_at", "-pk")
        if self.sort_order == SORT_SALARY:
            return ("-salary_max_usd", "-salary_min_usd", "-published_at", "-pk")
        return ("-published_at", "-pk")

    # --- What the page shows about the search ---------------------------------

    @property
    def keywords(self):
        self.form.is_valid()
        return self.form.cleaned_data.get("q") or ""

    @property
    def sort_order(self):
        """Relevance when there are keywords (unless asked otherwise), else newest."""
        self.form.is_valid()
        sort = self.form.cleaned_data.get("sort") or ""
        keywords = self.keywords
        if sort == SORT_SALARY:
            return SORT_SALARY
        if keywords and sort in ("", SORT_RELEVANCE):
            return SORT_RELEVANCE
        return SORT_NEWEST

    def problems(self):
        """One sentence per ignored filter, naming the filter, never echoing the junk."""
        self.form.is_valid()
        return [
            f"{self.form.fields[name].label}: {' '.join(errors)}"
            for name, errors in self.form.errors.items()
            if name in self.form.fields
        ]

    def cleaned_params(self):
        """The valid, non-empty search as (name, value) pairs, in form order."""
        self.form.is_valid()
        data = self.form.cleaned_data
        params = []
        for name in self.form.fields:
            value = data.get(name)
            if name == "currency" and not data.get("salary"):
                continue
            if name == "sort" and value in ("", None, SORT_RELEVANCE):
                continue
            if isinstance(value, list | tuple):
                params.extend((name, item) for item in value)
            elif value is True:
                params.append((name, "1"))
            elif value not in (None, "", False):
                params.append((name, str(value)))
        return params

    def query_string(self, without=None):
        """The clean search as a query string, optionally without one (name, value)."""
        return urlencode([pair for pair in self.cleaned_params() if pair != without])

    def active_filters(self):
        """What narrows the search, each with the query string that removes it."""
        data = self.form.cleaned_data
        skill_names = {skill.slug: skill.name for skill in self.skill_list}
        chips = []
        for name, value in self.cleaned_params():
            if name in ("sort", "currency"):
                continue
            field = self.form.fields[name]
            if name == "q":
                label = f"“{value}”"
            elif name == "skills":
                label = skill_names.get(value, value)
            elif name == "salary":
                label = f"At least {int(value):,} {data.get('currency') or 'USD'} a year"
            elif name == "country":
                label = f"Living in {countries.name(value)}"
            elif name == "posted":
                label = f"Posted: {dict(POSTED_WITHIN_CHOICES)[value].lower()}"
            elif isinstance(field, forms.BooleanField):
                label = field.label
            else:
                label = dict(field.choices).get(value, value)
            without = urlencode(
                [
                    pair
                    for pair in self.cleaned_params()
                    if pair != (name, value) and not (name == "salary" and pair[0] == "currency")
                ]
            )
            chips.append({"name": name, "label": label, "query": without})
        return chips

    def skill_groups(self, field=None):
        """The skill checkboxes grouped by category, for a readable list."""
        widgets = {widget.data["value"]: widget for widget in (field or self.form["skills"])}
        groups = {}
        for skill in self.skill_list:
            label = Skill.Category(skill.category).label
            groups.setdefault(label, []).append(widgets[skill.slug])
        return [(label, groups[label]) for label in [c.label for c in Skill.Category] if label in groups]

    def describe(self):
        """A short human title for the search, used by the feed."""
        parts = [chip["label"] for chip in self.active_filters()]
        return ", ".join(parts)
