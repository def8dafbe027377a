"""The signup forms: allauth's, costing the same for a known address as for a new one,
and the one a new GitHub or Google account fills in.

Its own module: allauth's forms module imports accounts.forms (RoleSignupForm is
mixed into its signup form), so accounts.forms cannot import allauth's forms.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.contrib.auth.hashers import make_password

from .social import signup_addresses


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Who you are before how you sign in.
        self.order_fields(["role", "full_name", "email", "password1", "password2"])

    def try_save(self, request):
        # With ACCOUNT_PREVENT_ENUMERATION, a known address only gets an "account
        # already exists" email: nothing is created and the password is never hashed,
        # so the answer came back hundreds of milliseconds sooner than for a new
        # address. Hash it as creating the account would (the result is discarded).
        if self.account_already_exists and self.cleaned_data.get("password1"):
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class SocialSignupForm(AllauthSocialSignupForm):
    """The one step of a new account made with GitHub or Google.

    Seeker or employer, chosen here with nothing preselected: the account is only
    created when this form is sent, so there is never an account without a role.
    The address is one the provider verified (so the account can sign in at once);
    only when the provider verified none is one typed in, and confirmed by email
    before the account can sign in.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provider = self.sociallogin.provider.name
        role = self.fields["role"]
        role.initial = None
        self.initial.pop("role", None)
        role.error_messages["required"] = "Choose whether you are looking for a job or hiring."
        addresses = signup_addresses(self.sociallogin)
        if addresses:
            which = "this address" if len(addresses) == 1 else "these addresses"
            self.fields["email"] = forms.ChoiceField(
                label="Email",
                choices=[(address, address) for address in addresses],
                initial=addresses[0],
                widget=forms.RadioSelect,
                help_text=f"{provider} verified {which}.",
            )
        else:
            self.fields[
                "email"
            ].help_text = (
                f"{provider} didn't share a verified address: we'll email this one a link to confirm it."
            )
        # The provider's name, if it told one; left empty, the apply form asks for it.
        name = self.fields["full_name"]
        name.required = False
        name.initial = self.sociallogin.user.full_name
        self.order_fields(["role", "full_name", "email"])
