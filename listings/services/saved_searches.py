"""Saved searches: save, rename, switch alerts on and off, delete, and unsubscribe by
a signed link. Their digest emails: listings.services.digests."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from listings.models import MAX_SAVED_QUERY_LENGTH, MAX_SAVED_SEARCHES, SavedSearch
from listings.search.saved_query import describe_query, load_skills, normalise_query

SAVED_SEARCH_UNSUBSCRIBE_SALT = "listings.saved-search-unsubscribe"


class SavedSearchError(Exception):
    """The saved search can't be created or changed; the message says why, for the user."""


def _require_owner(saved_search, user):
    if saved_search.user_id != user.pk:
        raise PermissionDenied("This saved search belongs to someone else.")


def _check_saved_search_name(user, name, exclude_pk=None):
    same_name = SavedSearch.objects.filter(user=user, name__iexact=name).exclude(pk=exclude_pk)
    if same_name.exists():
        raise SavedSearchError(f"You already have a saved search called “{name}”. Choose another name.")


def saved_search_create(*, user, name, query, frequency, role=None, now=None):
    """Save a search (its query string, normalised) with email alerts on.

    The first digest comes one period from now, with the jobs published after now.
    """
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise SavedSearchError("Verify your email address first: alerts are sent to it.")
    skill_list = load_skills()
    query, _problems = normalise_query(query, skill_list=skill_list)
    if len(query) > MAX_SAVED_QUERY_LENGTH:
        raise SavedSearchError("This search has too many filters to save. Remove a few and try again.")
    name = (
        " ".join((name or "").split())[:100] or describe_query(query, skill_list=skill_list, role=role)[:100]
    )
    now = now or timezone.now()
    frequency = SavedSearch.Frequency(frequency)
    try:
        with transaction.atomic():
            # Serialise one user's saves (two tabs) so the limit holds.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            searches = SavedSearch.objects.filter(user=user)
            if searches.count() >= MAX_SAVED_SEARCHES:
                raise SavedSearchError(
                    f"You have {MAX_SAVED_SEARCHES} saved searches, the most we keep. "
                    "Delete one you no longer need, then save this one."
                )
            duplicate = searches.filter(query=query, role=role).first()
            if duplicate:
                raise SavedSearchError(f"You already saved this search as “{duplicate.name}”.")
            _check_saved_search_name(user, name)
            saved_search = SavedSearch(
                user=user,
                name=name,
                query=query,
                role=role,
                frequency=frequency,
                last_digest_at=now,
            )
            saved_search.next_digest_at = now + saved_search.interval
            saved_search.save()
    except IntegrityError as error:  # the same name saved at the same moment
        raise SavedSearchError(f"You already have a saved search called “{name}”.") from error
    return saved_search


@transaction.atomic
def saved_search_update(*, saved_search, by, name, frequency, alerts_enabled, now=None):
    """Rename, change the frequency, switch alerts on or off.

    A new frequency counts from now. Switching alerts back on starts from now too:
    the next digest has the jobs published after this moment, not a backlog.
    """
    _require_owner(saved_search, by)
    now = now or timezone.now()
    name = " ".join(name.split())
    _check_saved_search_name(by, name, exclude_pk=saved_search.pk)
    was_enabled, old_frequency = saved_search.alerts_enabled, saved_search.frequency
    saved_search.name = name
    saved_search.frequency = SavedSearch.Frequency(frequency)
    saved_search.alerts_enabled = alerts_enabled
    # Only what the user changed: the schedule is the digest run's, unless it must restart.
    fields = ["name", "frequency", "alerts_enabled", "updated_at"]
    if not alerts_enabled:
        saved_search.next_digest_at = None
        fields.append("next_digest_at")
    elif not was_enabled:
        saved_search.last_digest_at = now
        saved_search.next_digest_at = now + saved_search.interval
        fields += ["last_digest_at", "next_digest_at"]
    elif old_frequency != saved_search.frequency:
        saved_search.next_digest_at = now + saved_search.interval
        fields.append("next_digest_at")
    try:
        with transaction.atomic():
            saved_search.save(update_fields=fields)
    except IntegrityError as error:
        raise SavedSearchError(f"You already have a saved search called “{name}”.") from error
    return saved_search


def saved_search_set_alerts(*, saved_search, by, enabled, now=None):
    """The on/off switch of the list page."""
    return saved_search_update(
        saved_search=saved_search,
        by=by,
        name=saved_search.name,
        frequency=saved_search.frequency,
        alerts_enabled=enabled,
        now=now,
    )


def saved_search_delete(*, saved_search, by):
    _require_owner(saved_search, by)
    saved_search.delete()


def saved_search_unsubscribe(*, saved_search):
    """Alerts off, search kept. False if they already were off (a second click)."""
    updated = SavedSearch.objects.filter(pk=saved_search.pk, alerts_enabled=True).update(
        alerts_enabled=False, next_digest_at=None, updated_at=timezone.now()
    )
    saved_search.alerts_enabled, saved_search.next_digest_at = False, None
    return bool(updated)


def saved_search_unsubscribe_url(saved_search):
    """A link that switches this search's alerts off without logging in.

    It names the search and its owner, signed with a salt used for nothing else;
    it doesn't expire (an old email's unsubscribe link must keep working).
    """
    token = signing.dumps(
        {"s": saved_search.pk, "u": saved_search.user_id}, salt=SAVED_SEARCH_UNSUBSCRIBE_SALT, compress=True
    )
    return reverse("searches:unsubscribe", kwargs={"token": token})


def saved_search_from_unsubscribe_token(token):
    """The saved search a token names; raises signing.BadSignature if it is not one of ours.

    Returns None for a valid token whose search was deleted since.
    """
    payload = signing.loads(token, salt=SAVED_SEARCH_UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise signing.BadSignature("Not a saved-search token")
    return (
        SavedSearch.objects.select_related("user", "role")
        .filter(pk=payload["s"], user_id=payload.get("u"))
        .first()
    )
