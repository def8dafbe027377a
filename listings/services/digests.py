"""The alert digests of saved searches: the jobs published since the last one, one
email per search and slot, written to the outbox by a beat task."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.services import email_outbox_add_from_templates
from jobportal.links import absolute_url
from listings.models import Job, SavedSearch
from listings.search.saved_query import SavedSearchFilterSet, describe_search, load_skills, query_data

from .saved_searches import saved_search_unsubscribe_url

# A digest lists this many of the newest jobs, then links to the search for the rest.
DIGEST_MAX_JOBS = 20
DIGEST_BATCH = 500
# Jobs published in the last minute wait for the next digest: a job_approve
# transaction still in flight must not fall behind the watermark unseen.
DIGEST_PUBLISH_GRACE = timedelta(minutes=1)
# One job of a digest (.txt and .html), rendered once per run.
DIGEST_JOB_TEMPLATE = "listings/email/includes/saved_search_digest_job"


def _next_digest_after(scheduled, interval, now):
    """The next slot on the search's own schedule that is after now (missed slots are skipped)."""
    if scheduled + interval > now:
        return scheduled + interval
    return scheduled + interval * ((now - scheduled) // interval + 1)


def _digest_filterset(query, *, skill_list, filtersets):
    """The search page's FilterSet for a saved query, validated once per distinct query
    in a run. "Posted within" is left out: the watermark says what is new."""
    if query not in filtersets:
        data = query_data(query)
        data.pop("posted", None)
        filterset = SavedSearchFilterSet(data, queryset=Job.objects.none(), skill_list=skill_list)
        filterset.errors  # noqa: B018 - validates the form, as FilterSet.qs does
        filtersets[query] = filterset
    return filtersets[query]


def _digest_filters(filterset, role_id=None):
    """The search as independent filters, each (key, query data for the FilterSet).

    Every filter of JobFilterSet narrows the jobs on its own (they are ANDed), so the
    search's jobs are the intersection of each filter's jobs. Salary is read with its
    currency; each skill is a filter of its own (all of them are required).
    """
    data = filterset.form.cleaned_data
    filters = []
    for name, value in data.items():
        if name in ("sort", "currency", "posted") or value in (None, "", False, [], ()):
            continue
        if name == "salary":
            currency = data.get("currency") or "USD"
            filters.append((("salary", value, currency), {"salary": str(value), "currency": currency}))
        elif name == "skills":
            filters.extend((("skills", slug), {"skills": [slug]}) for slug in value)
        elif isinstance(value, list | tuple):
            filters.append(((name, *sorted(value)), {name: list(value)}))
        elif value is True:
            filters.append(((name,), {name: "1"}))
        else:
            filters.append(((name, value), {name: value}))
    if role_id:
        filters.append((("role", role_id), None))
    return filters


def _digest_job_ids(saved_search, *, filterset, now, cutoff):
    """One search's digest in one query: ids of the newest open jobs matching it published
    since its watermark, at most DIGEST_MAX_JOBS + 1 (to know there are more). The
    reference for _DigestWindow, and its fallback."""
    jobs = Job.objects.open(now).filter(
        published_at__gt=saved_search.last_digest_at, published_at__lte=cutoff
    )
    if saved_search.role_id:
        jobs = jobs.for_role(saved_search.role_id)
    matches = filterset.filter_queryset(jobs).order_by("-published_at", "-pk")
    return list(matches.values_list("pk", flat=True)[: DIGEST_MAX_JOBS + 1])


class _DigestWindow:
    """The open jobs published in (start, cutoff], and the ids of those matching each
    filter the due searches use, computed once per filter through the search page's
    FilterSet (set-based: a few hundred queries for ten thousand searches).

    One query per search was too slow: "the newest 21 matching jobs published since
    X" walks every job of the week in date order when few match (~75 ms each).
    """

    def __init__(self, *, start, now, cutoff, skill_list):
        self.start, self.skill_list = start, skill_list
        self.jobs = Job.objects.open(now).filter(published_at__gt=start, published_at__lte=cutoff)
        self.newest_first = list(self.jobs.order_by("-published_at", "-pk").values_list("pk", "published_at"))
        self.published_at = dict(self.newest_first)
        self.matching = {}

    def covers(self, since):
        return since >= self.start

    def _ids(self, key, data):
        if key not in self.matching:
            if key[0] == "role":
                jobs = self.jobs.for_role(key[1])
            else:
                filterset = SavedSearchFilterSet(
                    query_data(data), queryset=self.jobs, skill_list=self.skill_list
                )
                jobs = filterset.qs
            self.matching[key] = set(jobs.order_by().values_list("pk", flat=True))
        return self.matching[key]

    def newest_matching(self, filters, *, since, limit):
        """Ids of the newest jobs passing every filter published after `since`, newest first."""
        sets = sorted((self._ids(key, data) for key, data in filters), key=len)
        if not sets:
            candidates = None
        else:
            candidates = sets[0].intersection(*sets[1:])
            if len(candidates) < limit * 50:
                ids = [pk for pk in candidates if self.published_at[pk] > since]
                ids.sort(key=lambda pk: (self.published_at[pk], pk), reverse=True)
                return ids[:limit]
        ids = []
        for pk, published_at in self.newest_first:
            if published_at <= since or len(ids) == limit:
                break
            if candidates is None or pk in candidates:
                ids.append(pk)
        return ids


def _digest_card(job):
    """A job as digests list it, rendered once per run however many digests list it
    (rendering it inside each email was a third of a 10,000-search run)."""
    context = {"job": job, "url": absolute_url(job.get_absolute_url())}
    return {
        "text": render_to_string(f"{DIGEST_JOB_TEMPLATE}.txt", context).strip(),
        # Rendered (and escaped) by its template: safe to insert as it is.
        "html": mark_safe(render_to_string(f"{DIGEST_JOB_TEMPLATE}.html", context).strip()),  # noqa: S308
    }


def _digest_cards(job_ids, cards):
    """Add the cards of `job_ids` missing from `cards`, in one query."""
    missing = set(job_ids) - cards.keys()
    if missing:
        jobs = Job.objects.select_related("company").only(
            "pk",
            "title",
            "slug",
            "city",
            "country",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "company__name",
        )
        cards.update({pk: _digest_card(job) for pk, job in jobs.in_bulk(missing).items()})
    return cards


def saved_searches_send_due(*, now=None, batch_size=DIGEST_BATCH):
    """Write the digest email of every due saved search. Returns {"processed", "emailed"}.

    Per search: the open jobs matching its query published since its watermark, up
    to the cutoff (now minus a minute). With new jobs, one outbox email keyed by the
    search and its scheduled slot; without, none. Either way the watermark moves to
    the cutoff (every job published before it was considered) and the next slot is set.

    Searches go in batches, one transaction each: the batch's rows are locked
    (SELECT … FOR UPDATE SKIP LOCKED, re-checking they are still due), their emails
    written and their schedules moved on in one UPDATE, then committed together. An
    overlapping run skips the rows this one holds and finds them no longer due once
    it commits; a run that dies mid-batch leaves that batch due for the next run.
    """
    now = now or timezone.now()
    cutoff = now - DIGEST_PUBLISH_GRACE
    # Newest watermarks first: daily searches share a day's window of jobs, weekly ones a week's.
    due = list(
        SavedSearch.objects.due(now).order_by("-last_digest_at", "pk").values_list("pk", "last_digest_at")
    )
    skill_list = load_skills()
    run = _DigestRun(now=now, cutoff=cutoff, skill_list=skill_list)
    cards, filtersets, window = {}, {}, None
    processed = emailed = 0
    for start in range(0, len(due), batch_size):
        batch = due[start : start + batch_size]
        oldest = min(last_digest_at for _, last_digest_at in batch)
        if window is None or not window.covers(oldest):
            # Some slack, so the next batches (slightly older watermarks) fit the same window.
            window = _DigestWindow(
                start=oldest - (cutoff - oldest) / 10, now=now, cutoff=cutoff, skill_list=skill_list
            )
        with transaction.atomic():
            batch_processed, batch_emailed = _digest_batch(
                [pk for pk, _ in batch], run=run, window=window, cards=cards, filtersets=filtersets
            )
        processed += batch_processed
        emailed += batch_emailed
    return {"processed": processed, "emailed": emailed}


@dataclass(frozen=True)
class _DigestRun:
    now: datetime
    cutoff: datetime
    skill_list: list


def _digest_batch(pks, *, run, window, cards, filtersets):
    """One batch of saved_searches_send_due, inside its transaction: lock the searches
    still due, find their new jobs, write their emails, move their schedules on.
    Returns (processed, emailed)."""
    now, cutoff = run.now, run.cutoff
    searches = list(
        SavedSearch.objects.due(now)
        .filter(pk__in=pks)
        .select_related("user", "role")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    found = {}
    for saved_search in searches:
        filterset = _digest_filterset(saved_search.query, skill_list=run.skill_list, filtersets=filtersets)
        if window.covers(saved_search.last_digest_at):
            ids = window.newest_matching(
                _digest_filters(filterset, saved_search.role_id),
                since=saved_search.last_digest_at,
                limit=DIGEST_MAX_JOBS + 1,
            )
        else:  # its watermark moved back since the batch was listed (alerts switched on again)
            ids = _digest_job_ids(saved_search, filterset=filterset, now=now, cutoff=cutoff)
        found[saved_search.pk] = filterset, ids
    _digest_cards({pk for _, ids in found.values() for pk in ids[:DIGEST_MAX_JOBS]}, cards)
    emailed = 0
    for saved_search in searches:
        filterset, ids = found[saved_search.pk]
        slot = saved_search.next_digest_at
        jobs = [cards[pk] for pk in ids[:DIGEST_MAX_JOBS] if pk in cards]
        if jobs:
            _saved_search_write_digest(
                saved_search,
                slot=slot,
                jobs=jobs,
                more=len(ids) > DIGEST_MAX_JOBS,
                summary=describe_search(filterset, saved_search.role),
            )
            saved_search.last_sent_at = now
            emailed += 1
        saved_search.next_digest_at = _next_digest_after(slot, saved_search.interval, now)
        saved_search.last_digest_at = max(cutoff, saved_search.last_digest_at)
    SavedSearch.objects.bulk_update(searches, ["next_digest_at", "last_digest_at", "last_sent_at"])
    return len(searches), emailed


def _saved_search_write_digest(saved_search, *, slot, jobs, more, summary):
    """The digest email of one slot of a search, in the outbox (once per search and slot)."""
    unsubscribe_url = absolute_url(saved_search_unsubscribe_url(saved_search))
    return email_outbox_add_from_templates(
        key=f"saved-search:{saved_search.pk}:{slot:%Y-%m-%d}",
        to=saved_search.user.email,
        template_prefix="listings/email/saved_search_digest",
        context={
            "recipient": saved_search.user,
            "saved_search": saved_search,
            "summary": summary,
            "jobs": jobs,
            "more": more,
            "search_url": absolute_url(saved_search.get_search_url()),
            "manage_url": absolute_url(reverse("searches:list")),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
