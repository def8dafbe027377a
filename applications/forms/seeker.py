"""Forms of the job seeker's pages: applying to a job."""

from django import forms
from django.utils import formats

from accounts.forms import ResumeField, display_file_name

MAX_COVER_LETTER = 5000


class ApplyForm(forms.Form):
    """A cover letter and a resume: the profile's, or a new upload.

    Never the job, the seeker or a status: the view and the service set those.
    """

    PROFILE, UPLOAD = "profile", "upload"

    cover_letter = forms.CharField(
        label="Cover letter",
        required=False,
        max_length=MAX_COVER_LETTER,
        help_text="Optional. Why this job, and what you would bring to it.",
        widget=forms.Textarea(attrs={"rows": 10, "data-counter": ""}),
    )
    resume_choice = forms.ChoiceField(label="Resume", widget=forms.RadioSelect, required=False)
    resume = ResumeField(required=False, label="Upload a resume")

    def __init__(self, *args, profile=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        if user is not None and not user.full_name:
            # The employer is promised the candidate's name: ask for it when the account has none.
            self.fields["full_name"] = forms.CharField(
                label="Your name",
                max_length=150,
                help_text="Employers see it with your application; it is saved on your account.",
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
                error_messages={"required": "Enter your name: the employer sees it with your application."},
            )
            self.order_fields(["full_name"])
        self.profile_resume = profile if profile is not None and profile.resume else None
        if self.profile_resume:
            uploaded = self.profile_resume.resume_uploaded_at
            when = f", uploaded {formats.date_format(uploaded, 'j M Y')}" if uploaded else ""
            self.fields["resume_choice"].choices = [
                (self.PROFILE, f"Use my profile resume ({self.profile_resume.resume_name}{when})"),
                (self.UPLOAD, "Upload another resume for this job"),
            ]
            self.fields["resume_choice"].initial = self.PROFILE
        else:
            # Nothing to choose from: the upload is the resume.
            del self.fields["resume_choice"]
            self.fields["resume"].label = "Your resume"

    def clean(self):
        data = super().clean()
        if "resume" in self.errors:
            return data
        use_profile = self.profile_resume and data.get("resume_choice") != self.UPLOAD
        if not data.get("resume") and not use_profile:
            self.add_error(
                "resume",
                forms.ValidationError("Attach your resume as a PDF.", code="required"),
            )
        return data

    def typed_name(self):
        """The name typed here, or None when the account already has one."""
        name = self.cleaned_data.get("full_name")
        return " ".join(name.split()) if name else None

    def resume_upload(self):
        """The new file to send, or None to send (a copy of) the profile's resume.

        A file chosen in the form is what the candidate means to send, even if
        the radio still says "profile" (it is preselected).
        """
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        upload.name = display_file_name(upload.name)
        return upload
