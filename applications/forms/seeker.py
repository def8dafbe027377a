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

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
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
