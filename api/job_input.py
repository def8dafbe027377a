"""A job sent as JSON, judged by the job form of the employer pages (JobForm): the
same required fields, limits, salary and location rules, so a program can't post a
job a person couldn't."""

from listings.forms.employer import JobForm
from listings.models import EDITABLE_FIELDS, Job
from listings.regions import REGIONS

SKILL_FIELDS = ("required_skills", "nice_skills")
# The form's two location lists are one list in the API.
FORM_LOCATION_FIELDS = {
    "applicant_regions": "applicant_locations",
    "applicant_countries": "applicant_locations",
}


def job_as_input(job):
    """The job's current values in the API's input shape (the base a PATCH changes)."""
    values = {name: getattr(job, name) for name in EDITABLE_FIELDS}
    values["country"] = job.country.code or ""
    job_skills = list(job.job_skills.select_related("skill"))
    values["required_skills"] = [js.skill.slug for js in job_skills if js.is_required]
    values["nice_skills"] = [js.skill.slug for js in job_skills if not js.is_required]
    values["applicant_locations"] = list(job.applicant_locations.values_list("code", flat=True))
    return values


def new_job_input(values):
    """A new job's values: what was sent, over the model's defaults (as the empty form's)."""
    defaults = {}
    for name in EDITABLE_FIELDS:
        field = Job._meta.get_field(name)
        if field.has_default():
            defaults[name] = field.get_default()
    return {**defaults, **values}


def _form_data(values):
    data = {}
    for name, value in values.items():
        if name == "applicant_locations":
            codes = [str(code).upper() for code in value or []]
            data["applicant_regions"] = [code for code in codes if code in REGIONS]
            data["applicant_countries"] = [code for code in codes if code not in REGIONS]
        elif name == "is_agency":
            data[name] = "True" if value else "False"
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    return data


def job_form_for(values, *, job=None):
    """The bound job form for these API values (on `job` when editing)."""
    return JobForm(data=_form_data(values), instance=job)


def form_errors(form):
    """The form's messages by API field name."""
    errors = {}
    for name, messages in form.errors.items():
        key = FORM_LOCATION_FIELDS.get(name, name)
        if key == "__all__":
            key = "non_field_errors"
        errors.setdefault(key, []).extend(str(message) for message in messages)
    return errors
