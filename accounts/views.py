from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render

from . import services
from .forms import AccountSettingsForm


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
