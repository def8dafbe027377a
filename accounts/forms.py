from django import forms

from .models import User


class RoleSignupForm(forms.Form):
    """Extra signup fields; allauth mixes this into its signup form."""

    role = forms.ChoiceField(
        label="I am",
        choices=[
            (User.Role.SEEKER, "Looking for a Python backend job"),
            (User.Role.EMPLOYER, "Hiring Python backend developers"),
        ],
        widget=forms.RadioSelect,
        initial=User.Role.SEEKER,
    )

    def signup(self, request, user):
        # The role is set by AccountAdapter.save_user before the first save.
        pass


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": "Your name"}
        help_texts = {"full_name": "Shown to employers when you apply, and in emails to you."}
