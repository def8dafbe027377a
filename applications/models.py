from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.models import resume_upload_to
from accounts.storage import private_storage


class ApplicationQuerySet(models.QuerySet):
    def current(self):
        """Not withdrawn: at most one per seeker and job (a withdrawn one is history)."""
        return self.exclude(status=Application.Status.WITHDRAWN)

    def for_seeker(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(seeker=user)

    def for_company_member(self, user):
        """Applications to jobs of the user's company: what an employer may see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(job__company__memberships__user=user)

    def for_seeker_list(self):
        return self.select_related("job__company").order_by("-created_at")

    def for_pipeline(self):
        return self.select_related("seeker__profile").order_by("created_at")

    def in_board_order(self):
        """As the pipeline board shows them: stage by stage (Application.BOARD), oldest first."""
        stage = models.Case(
            *(models.When(status=status, then=index) for index, status in enumerate(Application.BOARD)),
            default=len(Application.BOARD),
        )
        return self.alias(stage=stage).order_by("stage", "created_at", "pk")


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "New"
        IN_REVIEW = "in_review", "In review"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Not selected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Where the employer can move a candidate, in pipeline order.
    PIPELINE = [
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.INTERVIEW,
        Status.OFFER,
        Status.HIRED,
        Status.REJECTED,
    ]
    # The board's columns, left to right: the pipeline, then the candidates who left it.
    BOARD = [*PIPELINE, Status.WITHDRAWN]
    FINAL = {Status.HIRED, Status.WITHDRAWN}
    # The changes a candidate is emailed about.
    NOTIFY = {Status.INTERVIEW, Status.OFFER, Status.HIRED, Status.REJECTED}

    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="applications")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    cover_letter = models.TextField(blank=True, max_length=5000)
    # A copy taken at application time: later profile changes don't alter what was sent.
    resume = models.FileField(upload_to=resume_upload_to, storage=private_storage, blank=True)
    resume_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.SUBMITTED, db_index=True)
    viewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            # One current application per seeker and job; after withdrawing, they may apply
            # again (a new row), and the withdrawn one stays in both sides' history.
            models.UniqueConstraint(
                fields=["job", "seeker"],
                condition=~models.Q(status="withdrawn"),
                name="one_current_application_per_job",
            )
        ]
        indexes = [models.Index(fields=["job", "status"], name="application_job_status")]

    def __str__(self):
        return f"{self.seeker} → {self.job}"

    def get_absolute_url(self):
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def is_final(self):
        return self.status in self.FINAL or self.status == self.Status.REJECTED

    @property
    def can_withdraw(self):
        return not self.is_final


class ApplicationEvent(models.Model):
    """The timeline: every status change and the first view by the employer."""

    class Kind(models.TextChoices):
        STATUS = "status", "Status change"
        VIEWED = "viewed", "Viewed by the employer"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.STATUS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Application.Status, blank=True)
    to_status = models.CharField(max_length=16, choices=Application.Status, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # "Viewed" happens once per application.
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(kind="viewed"), name="application_viewed_once"
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.get_kind_display()} {self.to_status}"

    @property
    def label(self):
        if self.kind == self.Kind.VIEWED:
            return "Viewed by the employer"
        if self.to_status == Application.Status.SUBMITTED:
            return "Submitted"
        return Application.Status(self.to_status).label


class ApplicationNote(models.Model):
    """A private note of the hiring team; candidates never see it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on {self.application}"


class SavedJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs")
    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "job"], name="save_job_once")]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} saved {self.job}"


class CandidateInvitation(models.Model):
    """An employer invited a suggested candidate (an opted-in seeker who fits) to apply.

    Once per job and seeker; the seeker gets one email, the employer never their address.
    """

    job = models.ForeignKey("listings.Job", on_delete=models.CASCADE, related_name="invitations")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "seeker"], name="invite_candidate_once")]

    def __str__(self):
        return f"{self.seeker} invited to {self.job}"
