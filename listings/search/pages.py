"""Pages of search results that cost the same at 300 jobs and at a million.

Two things grow with the number of matches, and neither is worth its cost:
- The exact count. A page says "1,000+ open jobs" past COUNT_CAP: counting stops
  at the cap (PostgreSQL reads that many matches, not all 33,000 of "django").
- Ranking. Sorting by relevance ranks only the newest RANK_WINDOW matches (the first
  pages); later pages continue with the rest, newest first. ts_rank reads each
  match's whole search vector, so ranking every match of a common word cost more
  than the rest of the page.

A search reads the ids of its first COUNT_CAP + 1 matches in order, once: their number
is the count, and a page's rows are fetched by id. The ids are kept in the cache under
the public pages version (listings.page_cache), so signed-in people, whose pages are
never cached whole, don't search again what a publication hasn't changed.

Pages past the cap are not served (the last page says to narrow the search), as on
the boards people know: nobody reads page 51 of a search.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Lookup
from django.utils.functional import cached_property

from listings.page_cache import public_pages_version

COUNT_CAP = 1000
RANK_WINDOW = 200
NEWEST_FIRST = ("-published_at", "-pk")


class CappedPaginator(Paginator):
    """A queryset's pages with the count stopped at COUNT_CAP + 1 and no page past the
    cap: a company with 40,000 open jobs costs what one with 40 does."""

    @cached_property
    def count(self):
        """The number of rows, up to COUNT_CAP + 1 (more than the cap: see `capped`)."""
        return self._count(self.object_list.order_by().values("pk")[: COUNT_CAP + 1])

    def _count(self, counted):
        return counted.count()

    @property
    def capped(self):
        return self.count > COUNT_CAP

    @property
    def count_label(self):
        """ "1,000+" past the cap, else the count: nobody counted further."""
        return f"{COUNT_CAP:,}+" if self.capped else f"{self.count:,}"

    @cached_property
    def num_pages(self):
        if not self.count:
            return 1
        return -(-min(self.count, COUNT_CAP) // self.per_page)

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = min(start + self.per_page, COUNT_CAP)
        return self._get_page(self._rows(start, stop), number, self)

    def _rows(self, start, stop):
        return self.object_list[start:stop]


class SearchPaginator(CappedPaginator):
    """Pages of a FilterSet's matches in its order, with the count capped and the
    relevance ranking bounded (module docstring).

    One query reads the ids of the first COUNT_CAP + 1 matches in order (newest first
    when ranking): their number is the count, and any page's rows are fetched by id.
    Counting and then finding the page walked the matches twice (at 100,000 jobs, in
    PostgreSQL: "django" 16.5 -> 9.8 ms, with three filters 41 -> 26 ms)."""

    def __init__(self, filterset, per_page):
        super().__init__(filterset.matches, per_page)
        self.filterset = filterset
        if RANK_WINDOW % per_page:
            raise ValueError("RANK_WINDOW must be a whole number of pages")

    @property
    def ranked(self):
        return self.filterset.rank_expression is not None and self.filterset.ordering[0] == "-rank"

    @property
    def id_order(self):
        """The order of `ordered_ids`: a relevance search's window is its newest matches."""
        return NEWEST_FIRST if self.ranked else self.filterset.ordering

    @cached_property
    def ordered_ids(self):
        """The ids of the first COUNT_CAP + 1 matches, in `id_order`."""
        ids = self.object_list.order_by(*self.id_order).values_list("pk", flat=True)[: COUNT_CAP + 1]
        if not settings.PAGE_CACHE_SECONDS:
            return list(ids)
        # The SQL says exactly what is read (filters, the role, today's date); the
        # version changes with every publication, edit or closing.
        sql = repr(ids.query.sql_with_params()).encode()
        key = f"search-ids:{public_pages_version()}:{hashlib.sha256(sql).hexdigest()}"
        found = cache.get(key)
        if found is None:
            found = list(ids)
            cache.set(key, found, settings.PAGE_CACHE_SECONDS)
        return found

    @cached_property
    def count(self):
        return len(self.ordered_ids)

    def _rows(self, start, stop):
        return self.rows_among(self.ordered_ids, start, stop)

    def window_ids(self):
        """The ids of the ranking window alone (the API pages through it without a count)."""
        return list(self.object_list.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[:RANK_WINDOW])

    def rows_among(self, ids, start, stop):
        """Rows start:stop of the search, given `ids` of its first matches in `id_order`.

        The rows are fetched by id from the FilterSet's base queryset (the card fields,
        still open, still the role's): the conditions that found them aren't tested again."""
        rows = self.filterset.queryset
        if self.ranked and start < RANK_WINDOW:
            ranked = with_ids(rows, ids[:RANK_WINDOW]).annotate(rank=self.filterset.rank_expression)
            return ranked.order_by(*self.filterset.ordering)[start:stop]
        # Past the ranked pages the rest follows newest first: rows RANK_WINDOW on in
        # that order are exactly the matches the window left out.
        return with_ids(rows, ids[start:stop]).order_by(*self.id_order)


class AnyOf(Lookup):
    """`field = ANY(%s)`: the values as one array parameter. `IN (%s, %s, …)` takes a
    placeholder each, and for the ranking window's 200 ids building and sending those
    cost more CPU than PostgreSQL spent on the query."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def with_ids(queryset, ids):
    """`queryset` narrowed to the rows with these primary keys."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(AnyOf(F("pk"), ids))
    return queryset.filter(pk__in=ids)
