"""The employer area's API pages: API keys (create, shown once; list with their recent
writes; revoke)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from api.forms import ApiKeyForm
from api.models import ApiKey, ApiKeyUse
from api.services.keys import api_key_create, api_key_revoke
from listings.access import employer_required

RECENT_WRITES = 20


def _company_keys(request):
    return ApiKey.objects.for_company(request.membership.company).select_related("created_by", "revoked_by")


def _keys_with_recent_writes(request):
    """The company's keys, each with its last 20 writes: one query for all keys (a
    sliced prefetch is a window over the keys' uses)."""
    recent = Prefetch(
        "uses", queryset=ApiKeyUse.objects.newest_first()[:RECENT_WRITES], to_attr="recent_writes"
    )
    return _company_keys(request).prefetch_related(recent)


@employer_required
def api_keys(request):
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _row, new_key = api_key_create(
            company=request.membership.company,
            by=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
        )
        # Rendered, not redirected: the key exists only in this response (never stored).
        form = ApiKeyForm()
    context = {
        "form": form,
        "keys": _keys_with_recent_writes(request),
        "new_key": new_key,
        "recent_writes_shown": RECENT_WRITES,
    }
    return render(request, "api/employer/api_keys.html", context)


@require_POST
@employer_required
def api_key_revoke_view(request, pk):
    api_key = get_object_or_404(_company_keys(request), pk=pk)
    if api_key_revoke(api_key=api_key, by=request.user):
        messages.success(
            request, f"The key “{api_key.name}” is revoked: programs using it are refused from now on."
        )
    else:
        messages.info(request, f"The key “{api_key.name}” was already revoked.")
    return redirect("employer_api:keys")
