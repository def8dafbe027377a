"""The job search's query parameters in the OpenAPI schema, read from the FilterSet
itself, so the documentation lists exactly the filters /jobs/ understands."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from listings.search.filters import FlagFilter, JobFilterSet, WholeNumberFilter

from .pagination import MAX_PAGE_SIZE


def _parameter(name, filter_):
    description = str(filter_.label or name)
    if name == "skills":
        description += ", by slug (see /api/v1/skills/)"
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        choices = [value for value, _ in filter_.extra.get("choices") or []]
        return OpenApiParameter(
            name,
            {"type": "array", "items": {"type": "string", **({"enum": choices} if choices else {})}},
            description=f"{description}. Repeat the parameter for several values.",
            explode=True,
            style="form",
        )
    if isinstance(filter_, FlagFilter):
        return OpenApiParameter(name, OpenApiTypes.STR, description=f"{description}: 1 narrows the search.")
    if isinstance(filter_, WholeNumberFilter):
        return OpenApiParameter(name, OpenApiTypes.INT, description=description)
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = [value for value, _ in filter_.extra.get("choices") or []]
        enum = choices if len(choices) < 50 else None  # countries: documented as codes
        return OpenApiParameter(name, OpenApiTypes.STR, description=description, enum=enum)
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


def search_parameters():
    parameters = [_parameter(name, filter_) for name, filter_ in JobFilterSet.base_filters.items()]
    parameters += [
        OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next` of the previous page."),
        OpenApiParameter(
            "page_size", OpenApiTypes.INT, description=f"Jobs per page, 1 to {MAX_PAGE_SIZE} (default 20)."
        ),
    ]
    return parameters
