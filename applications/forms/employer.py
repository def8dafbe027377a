"""The employer's small forms: move a candidate, add a private note, invite a suggested candidate."""

from django import forms

from applications.models import Application, ApplicationNote, CandidateInvitation

# Where an employer may send a candidate ("New" is where candidates arrive, not a target).
MOVE_TARGETS = [status for status in Application.PIPELINE if status != Application.Status.SUBMITTED]


class MoveForm(forms.Form):
    """Pick the stage to move a candidate to; the page to come back to is a fixed choice,
    never a URL from the request."""

    to_status = forms.ChoiceField(
        label="Move to",
        choices=[(status.value, status.label) for status in MOVE_TARGETS],
        error_messages={"invalid_choice": "Pick a stage of the pipeline.", "required": "Pick a stage."},
    )
    return_to = forms.ChoiceField(
        choices=[("board", "Applicants"), ("detail", "Application")], required=False
    )


def move_choices(current):
    return [(status.value, status.label) for status in MOVE_TARGETS if status != current]


def next_stage(current):
    """The stage after `current` in the pipeline (a candidate not selected goes back to review)."""
    order = [Application.Status.SUBMITTED, *MOVE_TARGETS]
    if current == Application.Status.REJECTED:
        return Application.Status.IN_REVIEW
    index = order.index(current) if current in order else 0
    return order[min(index + 1, len(order) - 2)]


class NoteForm(forms.ModelForm):
    class Meta:
        model = ApplicationNote
        fields = ["body"]
        labels = {"body": "Add a note"}
        help_texts = {"body": "Only people at your company see notes; the candidate never does."}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"body": {"required": "Write something first: a note can't be empty."}}


class InviteForm(forms.ModelForm):
    """An optional note with the invitation; the job and the seeker come from the URL."""

    class Meta:
        model = CandidateInvitation
        fields = ["message"]
        labels = {"message": "Your note to the candidate"}
        help_texts = {"message": "Optional. Why you think they'd fit; it goes in the email we send them."}
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "message": {
                "max_length": "Keep the note to %(limit_value)d characters or fewer (it has %(show_value)d)."
            }
        }
