"""Account pages: settings, and the job seeker's profile with their resume and its
start from GitHub."""

from allauth.account import views as allauth_views
from allauth.account.internal.stagekit import unstash_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render

from . import services
from .access import seeker_required
from .forms import AccountSettingsForm, GitHubImportForm, SeekerProfileForm
from .github import GitHubUnavailable, github_import_fetch
from .models import SeekerProfile
from .social import github_account, github_is_configured, with_provider_forms
from .storage import resume_response


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


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's confirmation page, told whether confirming will log the person in: only
    in the browser session that signed up (allauth keeps the pending login there), so a
    forwarded link never opens the account."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = unstash_login(self.request, peek=True)
        user = self.object.email_address.user if self.object else None
        context["logs_in"] = bool(user and pending and pending.user and pending.user.pk == user.pk) or (
            user is not None and self.request.user.pk == user.pk
        )
        context["confirming_user"] = user
        return context


confirm_email = ConfirmEmailView.as_view()


# --- Job seekers -------------------------------------------------------------


@seeker_required
def profile(request):
    # Shown without creating a row: the service creates the profile on the first save.
    instance = SeekerProfile.objects.filter(user=request.user).first() or SeekerProfile(user=request.user)
    saved_resume = (instance.resume_name, instance.resume_uploaded_at) if instance.resume else None
    form = SeekerProfileForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.seeker_profile_update(user=request.user, **form.service_kwargs())
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
