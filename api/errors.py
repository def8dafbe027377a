"""Errors as JSON with a `detail` (and the field messages in `errors`), whatever raised
them; never a 500 for bad input."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

# Primary keys beyond PostgreSQL's bigint would be a database error, not "not found".
MAX_ID = 2**63 - 1
INVALID = "The request has errors: see `errors`."


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data
        if isinstance(data, list):
            response.data = {"detail": INVALID, "errors": {"non_field_errors": data}}
        elif "detail" not in data:
            response.data = {"detail": INVALID, "errors": data}
    return response


def require_id(*ids):
    """404 for an id no row can have (path converters accept any digits)."""
    for value in ids:
        if not 0 < value <= MAX_ID:
            raise exceptions.NotFound("Not found.")
