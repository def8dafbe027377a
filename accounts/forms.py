from django import forms
from django.template.defaultfilters import filesizeformat
from django_countries import countries

from listings.currency import CURRENCY_CHOICES
from listings.models import Skill

from .models import SeekerProfile, User

FULL_NAME_HELP = "Employers see it when you apply; colleagues see it on your company's pages."


class RoleSignupForm(forms.Form):
    """Extra signup fields; allauth mixes this into its signup form (and the social one,
    where the provider's name is the initial value)."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text=FULL_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name: employers see it when you apply."},
    )
    role = forms.ChoiceField(
        label="I am",
        choices=[
            (User.Role.SEEKER, "Looking for a Python backend job"),
            (User.Role.EMPLOYER, "Hiring Python backend developers"),
        ],
        widget=forms.RadioSelect,
        initial=User.Role.SEEKER,
    )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def signup(self, request, user):
        # The role and the name are set by AccountAdapter.save_user before the first save.
        pass


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": "Your name"}
        help_texts = {"full_name": "Shown to employers when you apply, and in emails to you."}

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


# --- Job seeker profile ---------------------------------------------------------

MAX_RESUME_BYTES = 5 * 1024 * 1024
# Browsers that sniff content look at the first bytes (512 in the WHATWG
# algorithm); a "PDF" whose head reads as a web page or an image could run as
# one if it were ever served inline. Our downloads never are, but such a file
# is not a resume either.
SNIFF_BYTES = 1024
MARKUP_SIGNATURES = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<?xml")


def resume_check(upload):
    """Raise a ValidationError unless `upload` looks like a PDF of at most 5 MB."""
    if upload.size == 0:
        raise forms.ValidationError("This file is empty. Upload your resume as a PDF.", code="empty")
    if upload.size > MAX_RESUME_BYTES:
        raise forms.ValidationError(
            "This file is %(size)s. Upload a PDF of at most 5 MB.",
            code="file_too_large",
            params={"size": filesizeformat(upload.size)},
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    # Judge by the content: the name and the browser's content type are the uploader's word.
    if not head.startswith(b"%PDF-"):
        raise forms.ValidationError(
            "This file is not a PDF (whatever its name says). Export your resume as PDF and upload that.",
            code="not_pdf",
        )
    lowered = head.lower()
    if any(signature in lowered for signature in MARKUP_SIGNATURES):
        raise forms.ValidationError(
            "This file contains web page or image markup, not just a PDF. Export your resume as PDF again.",
            code="markup",
        )


class ResumeField(forms.FileField):
    """A resume upload: a PDF (checked by its content), not empty, at most 5 MB."""

    default_error_messages = {
        "empty": "This file is empty. Upload your resume as a PDF.",
        "invalid": "No file was received. Choose your resume (PDF) again.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "PDF, at most 5 MB.")
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            resume_check(upload)
        return upload


def display_file_name(name):
    """The uploader's file name as display text only: no folders, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:255] or "resume.pdf"


class SeekerProfileForm(forms.ModelForm):
    """What a seeker tells employers and the matching; the resume goes to the service separately.
    Their name belongs to the account (User.full_name) but is asked here too: it is what
    employers read first."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="Employers see it when you apply.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name: employers see it when you apply."},
    )
    level = forms.ChoiceField(choices=[("", "Choose a level"), *SeekerProfile.Level.choices], required=False)
    years_experience = forms.IntegerField(
        label="Years of experience", min_value=0, max_value=60, required=False
    )
    desired_salary = forms.IntegerField(
        label="Desired yearly salary",
        min_value=1,
        max_value=100_000_000,
        required=False,
        help_text="Before tax, per year. Leave empty if you'd rather not say.",
    )
    desired_currency = forms.ChoiceField(label="Currency", choices=CURRENCY_CHOICES)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.by_category(),
        to_field_name="slug",
        required=False,
        label="Your skills",
        help_text="What you have used in real work. Matching compares them with each job's skills.",
        widget=forms.CheckboxSelectMultiple,
    )
    resume = ResumeField(required=False, label="Resume")

    class Meta:
        model = SeekerProfile
        # Never user or the resume's stored name and date: the service sets those.
        fields = [
            "headline",
            "city",
            "country",
            "level",
            "years_experience",
            "skills",
            "desired_salary",
            "desired_currency",
            "wants_remote",
            "wants_hybrid",
            "wants_onsite",
            "open_to_matching",
        ]
        labels = {
            "wants_remote": "Remote",
            "wants_hybrid": "Hybrid",
            "wants_onsite": "On-site",
            "open_to_matching": "Let employers find me by matching",
        }
        help_texts = {"city": "Where you live.", "open_to_matching": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["full_name"].initial = self.instance.user.full_name
        self.fields["years_experience"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["desired_salary"].widget.attrs.update({"inputmode": "numeric", "step": 1})
        self.fields["open_to_matching"].widget.attrs["aria-describedby"] = "matching-explainer"
        if self.instance.resume:
            self.fields["resume"].label = "Replace it with a new PDF"
        else:
            self.fields["resume"].label = "Upload your resume"

    @property
    def skill_groups(self):
        groups = {}
        for checkbox in self["skills"]:
            category = checkbox.data["value"].instance.get_category_display()
            groups.setdefault(category, []).append(checkbox)
        return list(groups.items())

    def resume_upload(self):
        """The new resume with its display name cleaned, or None to keep the current one."""
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        upload.name = display_file_name(upload.name)
        return upload

    def service_kwargs(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "skills"}
        fields["level"] = data["level"] or ""
        return {
            "fields": fields,
            "skills": list(data["skills"]),
            "resume_upload": self.resume_upload(),
            "full_name": " ".join(data["full_name"].split()),
        }


# --- Start my profile from GitHub -------------------------------------------------


class GitHubImportForm(forms.Form):
    """What a seeker keeps from their GitHub profile: each value can be edited or left
    out, and only suggested skills can be added. Nothing here is saved until it is sent.

    `suggestions` is accounts.github_profile.profile_suggestions' data; `profile` the
    seeker's current profile (unsaved if they have none) and `user` their account.
    A row GitHub has no value for is not offered; one the profile already has a
    different value for starts unticked: the import never overwrites by default.
    """

    use_name = forms.BooleanField(required=False, label="Use this name")
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    use_headline = forms.BooleanField(required=False, label="Use this headline")
    headline = forms.CharField(label="Headline", max_length=140, required=False)
    use_location = forms.BooleanField(required=False, label="Use this location")
    city = forms.CharField(label="City", max_length=100, required=False)
    country = forms.ChoiceField(label="Country", required=False)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),
        to_field_name="slug",
        required=False,
        label="Skills found in your public repositories",
        widget=forms.CheckboxSelectMultiple,
    )

    ROWS = {
        "name": ("use_name", ["full_name"]),
        "headline": ("use_headline", ["headline"]),
        "location": ("use_location", ["city", "country"]),
    }

    def __init__(self, *args, suggestions, profile, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["country"].choices = [("", "—"), *countries]
        current = {
            "name": user.full_name,
            "headline": profile.headline,
            "location": ", ".join(part for part in (profile.city, profile.country.name) if part),
        }
        country = dict(countries).get(suggestions.get("country", ""), "")
        suggested = {
            "name": suggestions.get("name", ""),
            "headline": suggestions.get("headline", ""),
            "location": ", ".join(part for part in (suggestions.get("city", ""), country) if part),
        }
        self.current = {}
        for row, (toggle, names) in self.ROWS.items():
            if not suggested[row]:
                for name in [toggle, *names]:
                    del self.fields[name]
                continue
            # Shown beside the suggestion when the profile says something else.
            self.current[row] = current[row] if current[row] != suggested[row] else ""
            # Ticked unless the profile already says something else.
            self.initial.setdefault(toggle, current[row] in ("", suggested[row]))
        self.initial.setdefault("full_name", suggestions.get("name", ""))
        self.initial.setdefault("headline", suggestions.get("headline", ""))
        self.initial.setdefault("city", suggestions.get("city", ""))
        self.initial.setdefault("country", suggestions.get("country", ""))

        have = set(profile.skills.values_list("slug", flat=True)) if profile.pk else set()
        evidence = {item["slug"]: item for item in suggestions.get("skills", [])}
        offered = [slug for slug in evidence if slug not in have]
        by_slug = Skill.objects.in_bulk(list(evidence), field_name="slug")
        self.already_have = [by_slug[slug] for slug in evidence if slug in have and slug in by_slug]
        self.fields["skills"].queryset = Skill.objects.filter(slug__in=offered)
        self.initial.setdefault("skills", offered)
        self.skill_rows = [(by_slug[slug], evidence[slug]) for slug in offered if slug in by_slug]

    def skill_checkboxes(self):
        """(checkbox, evidence) pairs in the order of the evidence (most repositories first)."""
        boxes = {str(box.data["value"]): box for box in self["skills"]}
        return [(boxes[skill.slug], proof) for skill, proof in self.skill_rows if skill.slug in boxes]

    def rows(self):
        """The profile rows offered: (key, toggle bound field, value bound fields, current value)."""
        return [
            (row, self[toggle], [self[name] for name in names], self.current[row])
            for row, (toggle, names) in self.ROWS.items()
            if toggle in self.fields
        ]

    def clean(self):
        data = super().clean()
        if data.get("use_name") and not data.get("full_name", "").strip():
            self.add_error("full_name", "Enter the name to use, or untick “Use this name”.")
        if data.get("use_headline") and not data.get("headline", "").strip():
            self.add_error("headline", "Enter the headline to use, or untick “Use this headline”.")
        if data.get("use_location") and not (data.get("city", "").strip() or data.get("country")):
            self.add_error("city", "Enter a city or a country, or untick “Use this location”.")
        return data

    def service_kwargs(self):
        """Only what was kept: accounts.services.seeker_profile_import's arguments."""
        data = self.cleaned_data
        fields = {}
        if data.get("use_headline"):
            fields["headline"] = data["headline"].strip()
        if data.get("use_location"):
            fields["city"] = data["city"].strip()
            fields["country"] = data["country"]
        return {
            "full_name": data["full_name"].strip() if data.get("use_name") else None,
            "fields": fields,
            "skills": list(data.get("skills") or []),
        }
