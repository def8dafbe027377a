"""Account pages: settings, and the job seeker's profile with their resume and its
start from GitHub."""

import re
from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from applications.services import seeker_profile_update

from . import services
from .forms import AccountSettingsForm, GitHubImportForm, SeekerProfileForm
from .github import GitHubUnavailable, github_import_fetch
from .models import SeekerProfile
from .social import github_account, github_is_configured, with_provider_forms


@login_required
def account_settings(request):
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_settings(user=request.user, full_name=form.cleaned_data["full_name"])
        messages.success(request, "Your settings were saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


class LoginView(allauth_views.LoginView):
    """allauth's login, answering 429 (not 200) once failed attempts hit the limit."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = 429
        return response


# The login page holds the "Continue with GitHub/Google" buttons.
login = with_provider_forms(LoginView.as_view())


# --- Job seekers -------------------------------------------------------------


def safe_next(request, default=""):
    """The `next` the request names (POST or query string) if it stays on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


def login_redirect(request, default_next=None):
    """Send an anonymous visitor to log in and come back.

    A GET comes back to itself. A POST can't be replayed, so it comes back to
    the `next` it carries, the page htmx was on, or `default_next`. An htmx
    request gets HX-Redirect: the whole page goes to the login form, never a
    login form inside a fragment.
    """
    if request.method in ("GET", "HEAD"):
        target = request.get_full_path()
    else:
        current = request.headers.get("HX-Current-URL", "") if request.htmx else ""
        if current and url_has_allowed_host_and_scheme(
            current, {request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(current)
            current = urlunsplit(("", "", parts.path, parts.query, ""))
        else:
            current = ""
        target = safe_next(request) or current or default_next or reverse("home")
    if request.htmx:
        return HttpResponseClientRedirect(redirect_to_login(target).url)
    return redirect_to_login(target)


def seeker_required(view=None, *, default_next=None):
    """Signed in with a job seeker account; anyone else is told these pages are for seekers.

    `default_next` (a URL name or a callable of the view's kwargs) is where an
    anonymous POST returns after logging in when the request doesn't say.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                fallback = default_next(**kwargs) if callable(default_next) else default_next
                return login_redirect(request, resolve_url(fallback) if fallback else None)
            if not request.user.is_seeker:
                return render(request, "accounts/profile_seekers_only.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def download_name(name):
    """A file name safe for Content-Disposition: letters, digits and . - _ ( ) and spaces; ends in .pdf."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]", "_", name).strip(" .") or "resume"
    name = name[:100]
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def resume_response(field_file, name):
    """Serve a stored resume as a download that no browser will render or cache.

    attachment + nosniff: never shown inline, never guessed to be HTML.
    The sandbox CSP: even if opened, it runs nothing and loads nothing.
    no-store: a shared computer's cache keeps no copy of someone's CV.
    """
    if not field_file:
        raise Http404("No resume.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The resume file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(name or "resume.pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response


@seeker_required
def profile(request):
    # Shown without creating a row: the service creates the profile on the first save.
    instance = SeekerProfile.objects.filter(user=request.user).first() or SeekerProfile(user=request.user)
    saved_resume = (instance.resume_name, instance.resume_uploaded_at) if instance.resume else None
    form = SeekerProfileForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        seeker_profile_update(user=request.user, **form.service_kwargs())
        messages.success(request, "Your profile was saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "resume": saved_resume})


@seeker_required
def profile_resume(request):
    profile = SeekerProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404("No profile yet.")
    return resume_response(profile.resume, profile.resume_name)


# --- Start my profile from GitHub ---------------------------------------------

GITHUB_IMPORT_SESSION_KEY = "github_import"


@seeker_required
@with_provider_forms
def profile_github(request):
    """Fetch the public GitHub profile, show what it suggests, save only what is kept.

    A GET asks GitHub (two API calls) and keeps the suggestions in the session; the
    POST saves the ticked rows and skills. Nothing from GitHub is stored anywhere an
    employer can see until the seeker saves it here.
    """
    if not github_is_configured():
        raise Http404("Sign in with GitHub is not offered here.")
    account = github_account(request.user)
    if account is None:
        request.session.pop(GITHUB_IMPORT_SESSION_KEY, None)
        return render(request, "accounts/profile_github.html", {"connected": False})
    instance = SeekerProfile.objects.filter(user=request.user).first() or SeekerProfile(user=request.user)
    if request.method == "POST":
        suggestions = request.session.get(GITHUB_IMPORT_SESSION_KEY)
        if not suggestions or suggestions.get("account_uid") != account.uid:
            messages.info(request, "We read your GitHub profile again: check what to keep, then save.")
            return redirect("accounts:profile_github")
        form = GitHubImportForm(request.POST, suggestions=suggestions, profile=instance, user=request.user)
        if form.is_valid():
            kwargs = form.service_kwargs()
            services.seeker_profile_import(user=request.user, **kwargs)
            request.session.pop(GITHUB_IMPORT_SESSION_KEY, None)
            messages.success(request, import_saved_message(kwargs))
            return redirect("accounts:profile")
    else:
        try:
            suggestions = github_import_fetch(request.user)
        except GitHubUnavailable as exc:
            return render(
                request,
                "accounts/profile_github.html",
                {"connected": True, "failure": exc.reason, "account": account},
            )
        request.session[GITHUB_IMPORT_SESSION_KEY] = suggestions
        form = GitHubImportForm(suggestions=suggestions, profile=instance, user=request.user)
    return render(
        request,
        "accounts/profile_github.html",
        {"connected": True, "form": form, "suggestions": suggestions, "account": account},
    )


def import_saved_message(kwargs):
    kept = []
    if kwargs["full_name"] is not None:
        kept.append("your name")
    if "headline" in kwargs["fields"]:
        kept.append("your headline")
    if "city" in kwargs["fields"]:
        kept.append("your location")
    if kwargs["skills"]:
        count = len(kwargs["skills"])
        kept.append(f"{count} skill{'s' if count != 1 else ''}")
    if not kept:
        return "Nothing was taken from GitHub: your profile is unchanged."
    listed = kept[0] if len(kept) == 1 else f"{', '.join(kept[:-1])} and {kept[-1]}"
    return f"Saved from GitHub: {listed}. Add the rest below."
