"""Saved searches: save the current search, list/edit/delete them, and unsubscribe from
their alert emails with a signed link (no login needed for that one)."""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import signed_in
from listings.forms.searches import SavedSearchCreateForm, SavedSearchEditForm
from listings.models import MAX_SAVED_SEARCHES, Role, SavedSearch
from listings.search.saved_query import describe_query, load_skills
from listings.services import saved_searches as saved_search_services
from listings.services.saved_searches import SavedSearchError

SAVE_BOX = "listings/searches/includes/save_box.html#save-search"


def _own_search(request, pk):
    """The saved search if it is the user's own; any other id is a 404."""
    return get_object_or_404(SavedSearch.objects.for_user(request.user).select_related("role"), pk=pk)


# --- The list -------------------------------------------------------------------


@require_safe
@signed_in(default_next="searches:list")
def saved_search_list(request):
    searches = list(SavedSearch.objects.for_user(request.user).for_list_page())
    skill_list = load_skills() if searches else []
    rows = [
        (search, describe_query(search.query, skill_list=skill_list, role=search.role)) for search in searches
    ]
    return render(
        request,
        "listings/searches/list.html",
        {"rows": rows, "limit": MAX_SAVED_SEARCHES, "at_limit": len(searches) >= MAX_SAVED_SEARCHES},
    )


# --- Create, from the search page -----------------------------------------------------


@require_POST
@signed_in(default_next="searches:list")
def saved_search_create(request):
    """A plain POST saves and goes back to the search (PRG); htmx gets the box swapped."""
    form = SavedSearchCreateForm(request.POST)
    saved = None
    role = None
    if form.is_valid():
        role_slug = form.cleaned_data["role"]
        role = Role.objects.filter(slug=role_slug, is_published=True).first() if role_slug else None
        if role_slug and role is None:
            form.add_error(None, "That role page is no longer published, so its search can't be saved.")
        else:
            try:
                saved = saved_search_services.saved_search_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    query=form.cleaned_data["query"],
                    frequency=form.cleaned_data["frequency"],
                    role=role,
                )
            except SavedSearchError as error:
                form.add_error(None, str(error))
    search_url = _search_url(form, role)
    if saved and not request.htmx:
        messages.success(request, _saved_message(saved))
        return redirect(saved.get_search_url())
    context = {
        "save_form": form,
        "saved": saved,
        "saved_message": _saved_message(saved) if saved else "",
        "query": form.data.get("query", ""),
        "role": role,
        "search_url": search_url,
        "default_name": form.data.get("name", ""),
    }
    if request.htmx:
        return render(request, SAVE_BOX, context)
    return render(request, "listings/searches/create.html", context, status=400)


def _saved_message(saved):
    return (
        f"Saved “{saved.name}”. We'll email you {saved.get_frequency_display().lower()} "
        "when new jobs match it."
    )


def _search_url(form, role):
    """The search page the form came from, to go back to it."""
    base = role.get_absolute_url() if role else reverse("listings:job_list")
    query = form.data.get("query", "")
    return f"{base}?{urlencode(QueryDict(query))}" if query else base


# --- Edit, alerts on/off, delete ------------------------------------------------


@require_http_methods(["GET", "POST"])
@signed_in(default_next="searches:list")
def saved_search_edit(request, pk):
    saved_search = _own_search(request, pk)
    # The form fills its own copy: the service compares against the saved values.
    form = SavedSearchEditForm(request.POST or None, instance=copy.copy(saved_search))
    if request.method == "POST" and form.is_valid():
        try:
            saved_search_services.saved_search_update(
                saved_search=saved_search,
                by=request.user,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                alerts_enabled=form.cleaned_data["alerts_enabled"],
            )
        except SavedSearchError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Saved your changes to “{saved_search.name}”.")
            return redirect("searches:list")
    return render(
        request,
        "listings/searches/edit.html",
        {
            "saved_search": saved_search,
            "form": form,
            "summary": describe_query(saved_search.query, skill_list=load_skills(), role=saved_search.role),
        },
    )


@require_POST
@signed_in(default_next="searches:list")
def saved_search_alerts(request, pk):
    """The on/off switch: `enabled=1` or `enabled=0`."""
    saved_search = _own_search(request, pk)
    enabled = request.POST.get("enabled") == "1"
    saved_search_services.saved_search_set_alerts(saved_search=saved_search, by=request.user, enabled=enabled)
    if request.htmx:
        return render(
            request, "listings/searches/list.html#alerts-switch", {"search": saved_search, "switched": True}
        )
    if enabled:
        messages.success(request, f"Email alerts are on for “{saved_search.name}”.")
    else:
        messages.success(request, f"Email alerts are off for “{saved_search.name}”. The search stays saved.")
    return redirect("searches:list")


@require_http_methods(["GET", "POST"])
@signed_in(default_next="searches:list")
def saved_search_delete(request, pk):
    """GET asks to confirm; POST deletes."""
    saved_search = _own_search(request, pk)
    if request.method == "POST":
        saved_search_services.saved_search_delete(saved_search=saved_search, by=request.user)
        messages.success(request, f"Deleted the saved search “{saved_search.name}”.")
        return redirect("searches:list")
    return render(request, "listings/searches/delete_confirm.html", {"saved_search": saved_search})


# --- Unsubscribe from an email, without logging in -------------------------------------


# RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL from
# the header, without a CSRF token or cookies. The signed token is what authorises
# it, and the only state change is switching this one search's alerts off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a confirm button (mail scanners prefetch links); POST unsubscribes."""
    template = "listings/searches/unsubscribe.html"
    try:
        saved_search = saved_search_services.saved_search_from_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, template, {"problem": "invalid"}, status=400)
    if saved_search is None:
        return render(request, template, {"problem": "deleted"})
    context = {
        "saved_search": saved_search,
        "summary": describe_query(saved_search.query, skill_list=load_skills(), role=saved_search.role),
    }
    if request.method == "POST":
        changed = saved_search_services.saved_search_unsubscribe(saved_search=saved_search)
        return render(request, template, {**context, "done": True, "already": not changed})
    if not saved_search.alerts_enabled:
        return render(request, template, {**context, "done": True, "already": True})
    return render(request, template, context)
