from django import forms

from .models import MAX_MESSAGE_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        help_text="Plain text; links become clickable.",
        error_messages={"required": "Write a message first."},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )
