"""Pages of search results that cost the same at 300 jobs and at a million.

Two things grow with the number of matches, and neither is worth its cost:
- The exact count. A page says "1,000+ open jobs" past COUNT_CAP: counting stops
  at the cap (PostgreSQL reads that many matches, not all 33,000 of "django").
- Ranking. Sorting by relevance ranks only the newest RANK_WINDOW matches (the first
  pages); later pages continue with the rest, newest first. ts_rank reads each
  match's whole search vector, so ranking every match of a common word cost more
  than the rest of the page.

The count is kept in the cache under the public pages version (listings.page_cache),
so signed-in people, whose pages are never cached whole, don't count again what a
publication hasn't changed.

Pages past the cap are not served (the last page says to narrow the search), as on
the boards people know: nobody reads page 51 of a search.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from listings.page_cache import public_pages_version

COUNT_CAP = 1000
RANK_WINDOW = 200


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
    relevance ranking bounded (module docstring)."""

    def __init__(self, filterset, per_page):
        super().__init__(filterset.matches, per_page)
        self.filterset = filterset
        if RANK_WINDOW % per_page:
            raise ValueError("RANK_WINDOW must be a whole number of pages")

    def _count(self, counted):
        if not settings.PAGE_CACHE_SECONDS:
            return counted.count()
        # The SQL says exactly what is counted (filters, the role, today's date).
        sql = repr(counted.query.sql_with_params()).encode()
        key = f"search-count:{public_pages_version()}:{hashlib.sha256(sql).hexdigest()}"
        count = cache.get(key)
        if count is None:
            count = counted.count()
            cache.set(key, count, settings.PAGE_CACHE_SECONDS)
        return count

    def _rows(self, start, stop):
        matches, filterset = self.object_list, self.filterset
        rank = filterset.rank_expression
        if rank is None or filterset.ordering[0] != "-rank":
            return matches.order_by(*filterset.ordering)[start:stop]
        newest_first = ("-published_at", "-pk")
        if start >= RANK_WINDOW:
            # Past the ranked pages the rest follows newest first: rows RANK_WINDOW on
            # in that order are exactly the matches the window left out.
            return matches.order_by(*newest_first)[start:stop]
        window = matches.order_by(*newest_first).values("pk")[:RANK_WINDOW]
        ranked = matches.filter(pk__in=window).annotate(rank=rank).order_by(*filterset.ordering)
        return ranked[start:stop]
