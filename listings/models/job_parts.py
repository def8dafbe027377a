"""What a job is made of besides its own row: its skills, the places its applicants
may live, and its page views per day."""

from django.db import models

from listings.regions import REGIONS, country_name


class JobSkill(models.Model):
    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="job_skills")
    skill = models.ForeignKey("listings.Skill", on_delete=models.CASCADE, related_name="job_skills")
    is_required = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "skill"], name="job_skill_once")]
        ordering = ["-is_required", "skill__name"]

    def __str__(self):
        return f"{self.skill} ({'required' if self.is_required else 'nice to have'})"


class ApplicantLocation(models.Model):
    """A country (ISO code) or region code whose residents may apply to a remote job."""

    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="applicant_locations")
    code = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "code"], name="applicant_location_once")]
        indexes = [models.Index(fields=["code", "job"], name="applicant_location_code")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.code in REGIONS:
            return REGIONS[self.code][0]
        return country_name(self.code)


class JobViewDay(models.Model):
    """How many times a job's page was seen on one day (UTC), by the public.

    Written in batches by job_views_flush, never once per view; Job.view_count
    keeps the total the dashboard shows."""

    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="job_view_day_once")]

    def __str__(self):
        return f"{self.job_id} on {self.day}: {self.views}"
