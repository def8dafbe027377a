"""Forms of the employer pages: company, invitations, and the job form."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from listings.currency import yearly_usd
from listings.logos import logo_reencoded
from listings.models import EDITABLE_FIELDS, Company, Job, Skill
from listings.regions import REGION_CHOICES, REGIONS
from listings.text import normalise_line, normalise_text

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_DESCRIPTION_LENGTH = 20_000
# A yearly equivalent above this is a typo (an hourly rate entered as yearly, a zero too many).
MAX_YEARLY_USD = 10_000_000


class LogoField(forms.ImageField):
    """An image of at most 2 MB, checked before Pillow reads the whole file; what it
    cleans to is our own small PNG of it (listings.logos)."""

    def to_python(self, data):
        if data and getattr(data, "size", 0) > MAX_LOGO_BYTES:
            raise forms.ValidationError(
                "This file is %(size)s. Upload an image of at most 2 MB.",
                code="file_too_large",
                params={"size": filesizeformat(data.size)},
            )
        image_file = super().to_python(data)
        if image_file is None:
            return None
        return logo_reencoded(image_file)


class CompanyForm(forms.ModelForm):
    logo = LogoField(
        required=False,
        help_text="PNG, JPEG, WebP or GIF, at most 2 MB. A square image looks best.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    about = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown. Who you are, what you build, how you work.",
    )

    class Meta:
        model = Company
        fields = ["name", "website", "logo", "about"]
        labels = {"name": "Company name"}
        widgets = {"website": forms.URLInput(attrs={"placeholder": "https://"})}

    def logo_change(self):
        """What company_create/update should do with the logo: None keeps it, "" removes it."""
        logo = self.cleaned_data.get("logo")
        if logo is False:  # the "Clear" box was ticked
            return ""
        if "logo" in self.files:
            return logo
        return None


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Colleague's email address",
        help_text="They join the company once they sign up as an employer with this address and verify it.",
    )

    def __init__(self, *args, company, **kwargs):
        self.company = company
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.company.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(f"{email} is already a member of {self.company}.")
        if self.company.invitations.filter(email__iexact=email, accepted_at__isnull=True).exists():
            raise forms.ValidationError(f"{email} is already invited; the invitation is still pending.")
        return email


class CloseJobForm(forms.Form):
    reason = forms.ChoiceField(choices=Job.CloseReason)


def _skill_field(label, help_text, required):
    return forms.ModelMultipleChoiceField(
        queryset=Skill.objects.by_category(),
        to_field_name="slug",
        required=required,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class JobForm(forms.ModelForm):
    """Every field an employer sets on a job; state fields are never part of it."""

    level = forms.ChoiceField(choices=[("", "Choose a level"), *Job.Level.choices])
    work_mode = forms.ChoiceField(choices=Job.WorkMode.choices, widget=forms.RadioSelect, label="Work mode")
    description = forms.CharField(
        max_length=MAX_DESCRIPTION_LENGTH,
        help_text=(
            "Markdown: **bold**, *italic*, lists with -, headings with ##, links. "
            "What the team builds, what the person will do, what you offer."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    salary_min = forms.IntegerField(label="Minimum", min_value=1)
    salary_max = forms.IntegerField(label="Maximum", min_value=1)
    is_agency = forms.TypedChoiceField(
        label="Who is hiring",
        choices=[
            ("False", "We are the employer"),
            ("True", "We are a recruitment agency hiring for a client"),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    required_skills = _skill_field(
        "Required skills", "What the person must already know. Pick at least one.", required=True
    )
    nice_skills = _skill_field(
        "Nice to have", "A plus, not a condition. A skill is either required or nice to have.", required=False
    )
    applicant_regions = forms.MultipleChoiceField(
        label="Regions",
        choices=REGION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applicant_countries = forms.MultipleChoiceField(
        label="Countries",
        choices=lambda: list(countries),
        required=False,
        help_text="Hold Ctrl (⌘ on a Mac) to pick several.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Job
        # Never company, posted_by, status or counters: the services set those.
        fields = EDITABLE_FIELDS
        labels = {
            "title": "Job title",
            "employment_type": "Employment type",
            "salary_currency": "Currency",
            "salary_period": "Period",
            "visa_sponsorship": "We sponsor work visas",
            "relocation_help": "We help with relocation",
            "closing_date": "Closing date",
            "apply_method": "How to apply",
        }
        help_texts = {
            "title": "e.g. Senior Python Backend Engineer (Django, PostgreSQL)",
            "city": "Where the office is. For remote jobs, optional.",
            "country": "Required for on-site and hybrid jobs.",
            "closing_date": (
                "The job closes at the end of this day. Leave it empty and it closes 60 days after "
                "a moderator approves it."
            ),
            "apply_url": "Required when candidates apply on your website.",
        }
        widgets = {
            "apply_method": forms.RadioSelect,
            "apply_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        extra = {"is_agency": "False"}
        if instance is not None and instance.pk:
            job_skills = list(instance.job_skills.select_related("skill"))
            codes = list(instance.applicant_locations.values_list("code", flat=True))
            extra = {
                "is_agency": str(instance.is_agency),
                "required_skills": [js.skill.slug for js in job_skills if js.is_required],
                "nice_skills": [js.skill.slug for js in job_skills if not js.is_required],
                "applicant_regions": [code for code in codes if code in REGIONS],
                "applicant_countries": [code for code in codes if code not in REGIONS],
            }
        super().__init__(*args, instance=instance, initial={**extra, **(initial or {})}, **kwargs)
        self.label_suffix = ""
        today = timezone.localdate().isoformat()
        self.fields["closing_date"].widget = forms.DateInput(attrs={"type": "date", "min": today})
        if instance is not None and instance.status == Job.Status.PUBLISHED:
            # A live job always has a closing date: the day it closes, which the employer may move.
            self.fields["closing_date"].required = True
            self.fields["closing_date"].help_text = (
                "The job closes at the end of this day. Choose a later day to keep it up longer, "
                "an earlier one to close it sooner; changing it needs no new review."
            )
            self.fields["closing_date"].error_messages["required"] = (
                "A live job needs a closing date. To take it down now, close it from the dashboard."
            )
        self.fields["description"].widget.attrs.update(
            {
                # Live preview: htmx posts the text and swaps in the rendered Markdown.
                "data-hx-post": reverse("employer:markdown_preview"),
                "data-hx-trigger": "input changed delay:500ms",
                "data-hx-target": "#description-preview",
                "data-hx-swap": "outerHTML",
                "data-hx-params": "description",
                "data-hx-sync": "this:replace",
            }
        )
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update({"min": 1, "step": 1, "inputmode": "numeric"})
        self.fields["country"].widget.attrs["data-required-unless-remote"] = ""

    def posted_values(self):
        """The submitted values as `initial`, to redisplay the form without judging it."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }

    @property
    def required_skill_groups(self):
        return self._skill_groups("required_skills")

    @property
    def nice_skill_groups(self):
        return self._skill_groups("nice_skills")

    def _skill_groups(self, name):
        groups = {}
        for checkbox in self[name]:
            category = checkbox.data["value"].instance.get_category_display()
            groups.setdefault(category, []).append(checkbox)
        return list(groups.items())

    def clean_closing_date(self):
        closing_date = self.cleaned_data.get("closing_date")
        if closing_date and closing_date < timezone.localdate():
            raise forms.ValidationError(
                "The closing date can't be in the past. Choose a new one, or leave it empty: "
                "the job then closes 60 days after it is approved."
                if not self.fields["closing_date"].required
                else "The closing date can't be in the past. To take the job down now, close it."
            )
        return closing_date

    def clean_title(self):
        return normalise_line(self.cleaned_data.get("title"))

    def clean_city(self):
        return normalise_line(self.cleaned_data.get("city"))

    def clean_description(self):
        # The same text whether typed in a browser (CRLF line ends) or written by code.
        return normalise_text(self.cleaned_data.get("description"))

    def clean(self):
        data = super().clean()
        self._clean_skills(data)
        self._clean_location(data)
        self._clean_salary(data)
        self._clean_apply(data)
        return data

    def _clean_skills(self, data):
        both = set(data.get("required_skills") or []) & set(data.get("nice_skills") or [])
        if both:
            names = ", ".join(sorted(skill.name for skill in both))
            self.add_error(
                "nice_skills",
                f"A skill is either required or nice to have, not both: {names}. Untick it in one list.",
            )

    def _clean_location(self, data):
        mode = data.get("work_mode")
        if mode == Job.WorkMode.REMOTE:
            if not data.get("applicant_regions") and not data.get("applicant_countries"):
                self.add_error(
                    "applicant_regions",
                    "Say where applicants may live: pick a region (such as “Anywhere in the world”) "
                    "or countries.",
                )
        elif mode and not data.get("country"):
            self.add_error("country", "Choose the country of the office for an on-site or hybrid job.")

    def _clean_salary(self, data):
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is None or high is None:
            return
        if low > high:
            self.add_error("salary_max", "The maximum must be at least the minimum.")
            return
        currency, period = data.get("salary_currency"), data.get("salary_period")
        if currency and period and yearly_usd(high, currency, period) > MAX_YEARLY_USD:
            self.add_error(
                "salary_max",
                "That is more than 10 million US dollars a year: check the amount and the period.",
            )

    def _clean_apply(self, data):
        if data.get("apply_method") == Job.ApplyMethod.EXTERNAL:
            if not data.get("apply_url") and "apply_url" not in self.errors:
                self.add_error("apply_url", "Give the address where candidates apply.")
        else:
            data["apply_url"] = ""

    def service_kwargs(self):
        """Keyword arguments for job_create / job_update."""
        data = self.cleaned_data
        return {
            "fields": {name: data[name] for name in EDITABLE_FIELDS},
            "required_skills": list(data["required_skills"]),
            "nice_skills": list(data["nice_skills"]),
            "applicant_locations": [*data["applicant_regions"], *data["applicant_countries"]],
        }
