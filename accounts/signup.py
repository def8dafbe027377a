"""The signup form: allauth's, costing the same for a known address as for a new one.

Its own module: allauth's forms module imports accounts.forms (RoleSignupForm is
mixed into its signup form), so accounts.forms cannot import allauth's forms.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        # With ACCOUNT_PREVENT_ENUMERATION, a known address only gets an "account
        # already exists" email: nothing is created and the password is never hashed,
        # so the answer came back hundreds of milliseconds sooner than for a new
        # address. Hash it as creating the account would (the result is discarded).
        if self.account_already_exists and self.cleaned_data.get("password1"):
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)
