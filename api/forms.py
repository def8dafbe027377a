"""Forms of the employer area's API pages: keys and webhook endpoints."""

from django import forms

from api.models import ApiKey, WebhookEventType


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


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label="Endpoint URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where we POST each event, e.g. https://ats.example.com/hooks/pybackend.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one event."},
    )
