"""Cursor pages of a job search, in the search's own order (listings.search).

A cursor names where the previous page ended, never a page number: a page costs
the same at the 10th and the 5,000th, nothing counts every match, and a job posted
meanwhile does not shift the rows of the next page (keyset pagination).

- Newest first and highest salary: the cursor holds the last row's sort key; the
  next page is the rows strictly after it in that order (pk breaks ties).
- Best match (keywords): the page ranks only the newest RANK_WINDOW matches
  (listings.search.pages) and continues newest first; the API does the same: an
  offset into the ranked window, then a newest-first key from the window's end. So
  page after page the API lists exactly the rows of /jobs/ with the same query.
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q

from listings.search.pages import NEWEST_FIRST, RANK_WINDOW, SearchPaginator

DEFAULT_PAGE_SIZE = 20  # as /jobs/
MAX_PAGE_SIZE = 100


class BadCursor(ValueError):
    """The cursor is not one this API gave out (edited, truncated, from another sort)."""


def encode_cursor(data):
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(text):
    try:
        padded = text + "=" * (-len(text) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise BadCursor(str(error)) from None
    if not isinstance(data, dict):
        raise BadCursor("not an object")
    return data


def _field_names(ordering):
    return [name.lstrip("-") for name in ordering]


def _after(ordering, values):
    """Rows strictly after `values` in `ordering` (every field descending).

    The OR of the tie-breaks alone can't bound an index scan, so the first field's bound
    is also given on its own (`<=`): PostgreSQL then starts the scan of the (status,
    published_at) or salary index at the cursor instead of reading every earlier row."""
    names = _field_names(ordering)
    condition = Q()
    for index, name in enumerate(names):
        step = Q(**{f"{name}__lt": values[index]})
        for earlier, value in zip(names[:index], values[:index], strict=True):
            step &= Q(**{earlier: value})
        condition |= step
    return Q(**{f"{names[0]}__lte": values[0]}) & condition


def _key_of(row, ordering):
    values = []
    for name in _field_names(ordering):
        value = getattr(row, name)
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return values


def _parse_key(key, ordering):
    names = _field_names(ordering)
    if not isinstance(key, list) or len(key) != len(names):
        raise BadCursor("wrong key")
    parsed = []
    for name, value in zip(names, key, strict=True):
        if name == "published_at":
            if not isinstance(value, str):
                raise BadCursor("wrong date")
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise BadCursor("wrong date") from None
            if value.tzinfo is None:
                raise BadCursor("wrong date")
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
            raise BadCursor("wrong number")
        parsed.append(value)
    return parsed


class SearchPage:
    """One page of a JobFilterSet's matches after `cursor` (None: the first page):
    `rows`, and `next_cursor` (None on the last page)."""

    def __init__(self, filterset, *, cursor=None, size=DEFAULT_PAGE_SIZE):
        self.filterset, self.size = filterset, size
        self.matches = filterset.matches
        self.ordering = filterset.ordering
        self.ranked = filterset.rank_expression is not None and self.ordering[0] == "-rank"
        self.sort = filterset.sort_order
        data = decode_cursor(cursor) if cursor else {"s": self.sort, "o": 0}
        if data.get("s") != self.sort:
            raise BadCursor("from another sort order")
        if "o" in data and self.ranked:
            self._ranked_page(data["o"])
        elif "k" in data:
            self._keyset_page(_parse_key(data["k"], self._keyset_ordering))
        elif data.get("o") == 0:
            self._keyset_page(None)
        else:
            raise BadCursor("neither offset nor key")

    @property
    def _keyset_ordering(self):
        # Past the ranked window a keyword search continues newest first.
        return NEWEST_FIRST if self.ranked else self.ordering

    def _keyset_page(self, key):
        ordering = self._keyset_ordering
        rows = self.matches
        if key is not None:
            rows = rows.filter(_after(ordering, key))
        rows = list(rows.order_by(*ordering)[: self.size + 1])
        self.rows = rows[: self.size]
        self.next_cursor = None
        if len(rows) > self.size:
            self.next_cursor = encode_cursor({"s": self.sort, "k": _key_of(self.rows[-1], ordering)})

    def _ranked_page(self, offset):
        if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset < RANK_WINDOW:
            raise BadCursor("wrong offset")
        stop = min(offset + self.size, RANK_WINDOW)
        # The page's own query (listings.search.pages): the same rows in the same order.
        paginator = SearchPaginator(self.filterset, RANK_WINDOW)
        self.rows = list(paginator.rows_among(paginator.window_ids(), offset, stop))
        self.next_cursor = None
        if stop < RANK_WINDOW:
            if len(self.rows) == stop - offset:
                self.next_cursor = encode_cursor({"s": self.sort, "o": stop})
            return
        # The window is done: the rest follows newest first, after the window's oldest row.
        edge = list(
            self.matches.order_by(*NEWEST_FIRST).values_list("published_at", "pk")[stop - 1 : stop + 1]
        )
        if len(edge) == 2:
            published_at, pk = edge[0]
            self.next_cursor = encode_cursor({"s": self.sort, "k": [published_at.isoformat(), pk]})
