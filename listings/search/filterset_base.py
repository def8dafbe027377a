"""A django-filter FilterSet that costs little to create on every request."""

import copy

import django_filters
from django.http import QueryDict

MAX_FORM_CLASSES = 8


class KeptFormFilterSet(django_filters.FilterSet):
    """django-filter deep-copies every filter, choices and all, for each FilterSet, and
    builds a new form class for it: for the job search ~1,000 deepcopy calls and ~15 new
    form fields per request, a sixth of a list page's CPU. Here each filter is copied
    shallowly (a filter's per-request state is its `model`, `parent` and `method`
    binding, all set here; a subclass that changes a filter's `extra` replaces the dict
    instead of changing it), and the form class is kept per subclass and
    `form_class_key()`."""

    _form_classes = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__, with copy.copy for copy.deepcopy.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                # Binds the filter's FilterMethod to the copy (the original's has no parent).
                filter_.method = filter_.method

    def form_class_key(self):
        """What the form's fields depend on besides the class (choices from the database)."""
        return ()

    def get_form_class(self):
        key = (type(self), self.form_class_key())
        form_class = self._form_classes.get(key)
        if form_class is None:
            if len(self._form_classes) >= MAX_FORM_CLASSES:  # a taxonomy edited a few times
                self._form_classes.clear()
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class
