"""What the public API answers: jobs named after schema.org JobPosting where it has a
name for the thing (title, datePosted, validThrough, employmentType, baseSalary,
jobLocation, applicantLocationRequirements, hiringOrganization), our own words
elsewhere (level, workMode, requiredSkills)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobportal.links import absolute_url
from listings.models import Job
from listings.regions import REGIONS
from listings.seo import EMPLOYMENT_TYPES, SALARY_UNITS


class SkillRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SkillSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    specialisation = serializers.CharField(allow_blank=True)
    aliases = serializers.ListField(child=serializers.CharField())


class RoleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()
    skills = SkillRefSerializer(many=True, source="skills.all")

    def get_url(self, role) -> str:
        return absolute_url(role.get_absolute_url(), self.context.get("request"))


class OrganizationSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    verified = serializers.BooleanField(source="is_verified")
    url = serializers.SerializerMethodField()
    apiUrl = serializers.SerializerMethodField()

    def get_url(self, company) -> str:
        return absolute_url(company.get_absolute_url(), self.context.get("request"))

    def get_apiUrl(self, company) -> str:
        return absolute_url(f"/api/v1/companies/{company.slug}/", self.context.get("request"))


class SalarySerializer(serializers.Serializer):
    currency = serializers.CharField()
    minValue = serializers.IntegerField()
    maxValue = serializers.IntegerField()
    unitText = serializers.ChoiceField(choices=sorted(SALARY_UNITS.values()))


class PlaceSerializer(serializers.Serializer):
    addressLocality = serializers.CharField(allow_blank=True)
    addressCountry = serializers.CharField(allow_blank=True)


class ApplicantLocationSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Country", "AdministrativeArea"])
    code = serializers.CharField()
    name = serializers.CharField()


def _salary(job):
    return {
        "currency": job.salary_currency,
        "minValue": job.salary_min,
        "maxValue": job.salary_max,
        "unitText": SALARY_UNITS[job.salary_period],
    }


def _applicant_location(code):
    if code in REGIONS:
        return {"type": "AdministrativeArea", "code": code, "name": REGIONS[code][0]}
    from django_countries import countries

    return {"type": "Country", "code": code, "name": countries.name(code) or code}


class JobPostingSerializer(serializers.Serializer):
    """A job as data; reads only what JobQuerySet.for_api() loads."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    title = serializers.CharField()
    description = serializers.SerializerMethodField()
    descriptionText = serializers.SerializerMethodField()
    datePosted = serializers.DateTimeField(source="published_at")
    validThrough = serializers.DateTimeField(source="closes_at")
    employmentType = serializers.SerializerMethodField()
    baseSalary = serializers.SerializerMethodField()
    jobLocationType = serializers.SerializerMethodField()
    jobLocation = serializers.SerializerMethodField()
    applicantLocationRequirements = serializers.SerializerMethodField()
    hiringOrganization = OrganizationSerializer(source="company")
    level = serializers.ChoiceField(choices=Job.Level.choices)
    openToJuniors = serializers.BooleanField(source="open_to_juniors")
    workMode = serializers.ChoiceField(source="work_mode", choices=Job.WorkMode.choices)
    visaSponsorship = serializers.BooleanField(source="visa_sponsorship")
    relocationHelp = serializers.BooleanField(source="relocation_help")
    isAgency = serializers.BooleanField(source="is_agency")
    directApply = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()
    requiredSkills = serializers.SerializerMethodField()
    niceToHaveSkills = serializers.SerializerMethodField()

    def get_url(self, job) -> str:
        return absolute_url(job.get_absolute_url(), self.context.get("request"))

    def get_description(self, job) -> str:
        """Sanitised HTML (the job page's)."""
        return str(job.rendered_description)

    def get_descriptionText(self, job) -> str:
        return job.plain_description

    @extend_schema_field(serializers.ChoiceField(choices=sorted(EMPLOYMENT_TYPES.values())))
    def get_employmentType(self, job):
        return EMPLOYMENT_TYPES[job.employment_type]

    @extend_schema_field(SalarySerializer)
    def get_baseSalary(self, job):
        return _salary(job)

    @extend_schema_field(serializers.ChoiceField(choices=["TELECOMMUTE"], allow_null=True))
    def get_jobLocationType(self, job):
        return "TELECOMMUTE" if job.is_remote else None

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_jobLocation(self, job):
        """The office; none for a remote job (its city is the company's, not the work's)."""
        if job.is_remote:
            return None
        return {"addressLocality": job.city, "addressCountry": job.country.code or ""}

    @extend_schema_field(ApplicantLocationSerializer(many=True))
    def get_applicantLocationRequirements(self, job):
        if not job.is_remote:
            return []
        return [_applicant_location(location.code) for location in job.applicant_locations.all()]

    def get_directApply(self, job) -> bool:
        return job.apply_method == Job.ApplyMethod.ON_SITE

    @extend_schema_field(OpenApiTypes.STR)
    def get_skills(self, job):
        """schema.org's skills: the names, comma-separated."""
        return ", ".join(job_skill.skill.name for job_skill in job.job_skills.all())

    @extend_schema_field(SkillRefSerializer(many=True))
    def get_requiredSkills(self, job):
        return [_skill_ref(js.skill) for js in job.job_skills.all() if js.is_required]

    @extend_schema_field(SkillRefSerializer(many=True))
    def get_niceToHaveSkills(self, job):
        return [_skill_ref(js.skill) for js in job.job_skills.all() if not js.is_required]


def _skill_ref(skill):
    return {"slug": skill.slug, "name": skill.name}


class JobSearchSerializer(serializers.Serializer):
    results = JobPostingSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last one.")
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="Filters that were ignored, and why (as /jobs/ says on the page).",
    )


class GoneJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["closed", "expired"])
    detail = serializers.CharField()
    closedAt = serializers.DateTimeField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Messages by field, for invalid input."
    )


class CompanySerializer(OrganizationSerializer):
    website = serializers.URLField(allow_blank=True)
    about = serializers.CharField(allow_blank=True)
    openJobs = JobPostingSerializer(many=True, source="open_jobs")
