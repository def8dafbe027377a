"""The employer API's shapes: a job as its company sees it, the job it writes (validated
by the job form itself, listings.forms.employer.JobForm), and applications."""

from rest_framework import serializers

from api.serializers.public import ApplicantLocationSerializer, SalarySerializer, SkillRefSerializer
from applications.models import Application
from listings.models import Job


class JobWriteSerializer(serializers.Serializer):
    """What a program may send; every field as in the job form. Only the types are
    checked here: the form (the same as the employer's page) judges the values."""

    title = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Job.Level.choices, required=False)
    open_to_juniors = serializers.BooleanField(required=False)
    employment_type = serializers.ChoiceField(choices=Job.EmploymentType.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, help_text="Markdown.")
    work_mode = serializers.ChoiceField(choices=Job.WorkMode.choices, required=False)
    city = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166 code, e.g. DE.")
    salary_min = serializers.IntegerField(required=False, min_value=1, max_value=2_000_000_000)
    salary_max = serializers.IntegerField(required=False, min_value=1, max_value=2_000_000_000)
    salary_currency = serializers.CharField(required=False, help_text="ISO 4217 code, e.g. EUR.")
    salary_period = serializers.ChoiceField(choices=Job.SalaryPeriod.choices, required=False)
    visa_sponsorship = serializers.BooleanField(required=False)
    relocation_help = serializers.BooleanField(required=False)
    is_agency = serializers.BooleanField(required=False)
    closing_date = serializers.DateField(required=False, allow_null=True)
    apply_method = serializers.ChoiceField(choices=Job.ApplyMethod.choices, required=False)
    apply_url = serializers.CharField(required=False, allow_blank=True)
    required_skills = serializers.ListField(child=serializers.CharField(), required=False, max_length=100)
    nice_skills = serializers.ListField(child=serializers.CharField(), required=False, max_length=100)
    applicant_locations = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        max_length=300,
        help_text="Remote jobs: country codes and region codes (EUROPE, EU, WORLDWIDE…).",
    )


class JobCreateSerializer(JobWriteSerializer):
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit it for review at once (else it stays a draft)."
    )


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Job.CloseReason.choices)


class EmployerJobSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=Job.Status.choices)
    title = serializers.CharField()
    level = serializers.CharField()
    open_to_juniors = serializers.BooleanField()
    employment_type = serializers.CharField()
    description = serializers.CharField()
    work_mode = serializers.CharField()
    city = serializers.CharField()
    country = serializers.SerializerMethodField()
    baseSalary = serializers.SerializerMethodField()
    visa_sponsorship = serializers.BooleanField()
    relocation_help = serializers.BooleanField()
    is_agency = serializers.BooleanField()
    closing_date = serializers.DateField(allow_null=True)
    apply_method = serializers.CharField()
    apply_url = serializers.CharField()
    required_skills = serializers.SerializerMethodField()
    nice_skills = serializers.SerializerMethodField()
    applicant_locations = serializers.SerializerMethodField()
    rejection_reason = serializers.CharField()
    close_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    material_changes = serializers.SerializerMethodField(
        help_text="After an edit: the fields that sent a published job back to review."
    )

    def get_country(self, job) -> str:
        return job.country.code or ""

    def get_baseSalary(self, job) -> SalarySerializer:
        from api.serializers.public import _salary

        return _salary(job)

    def _skills(self, job, required):
        return [
            {"slug": js.skill.slug, "name": js.skill.name}
            for js in job.job_skills.all()
            if js.is_required == required
        ]

    def get_required_skills(self, job) -> SkillRefSerializer(many=True):
        return self._skills(job, True)

    def get_nice_skills(self, job) -> SkillRefSerializer(many=True):
        return self._skills(job, False)

    def get_applicant_locations(self, job) -> ApplicantLocationSerializer(many=True):
        from api.serializers.public import _applicant_location

        return [_applicant_location(location.code) for location in job.applicant_locations.all()]

    def get_material_changes(self, job) -> list[str]:
        return list(getattr(job, "material_changes", []))


class EmployerJobListSerializer(serializers.Serializer):
    results = EmployerJobSerializer(many=True)
    next = serializers.URLField(allow_null=True)


class CandidateSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()


class ApplicationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    job = serializers.IntegerField(source="job_id")
    status = serializers.ChoiceField(choices=Application.Status.choices)
    candidate = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(source="created_at")
    updated_at = serializers.DateTimeField()
    viewed_at = serializers.DateTimeField(allow_null=True)

    def get_candidate(self, application) -> CandidateSerializer:
        seeker = application.seeker
        return {"name": seeker.get_full_name(), "email": seeker.email}


class StageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    from_status = serializers.CharField(allow_blank=True, allow_null=True)
    to_status = serializers.CharField(allow_blank=True, allow_null=True)
    at = serializers.DateTimeField(source="created_at")


class ResumeLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()
    expires_at = serializers.DateTimeField()


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    cover_letter = serializers.CharField()
    stage_history = StageSerializer(many=True, source="events.all")
    resume = ResumeLinkSerializer(allow_null=True, source="resume_link")


class ApplicationListSerializer(serializers.Serializer):
    results = ApplicationSummarySerializer(many=True)
    next = serializers.URLField(allow_null=True)


class MoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in Application.PIPELINE if s != Application.Status.SUBMITTED]
    )
