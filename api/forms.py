"""Forms of the employer area's API pages: keys and webhook endpoints."""

from django import forms

from api.models import ApiKey


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Name", help_text="What will use it, e.g. “Greenhouse sync”. Only you see it."
    )
    scopes = forms.MultipleChoiceField(
        label="Permissions",
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one permission for the key."},
    )
