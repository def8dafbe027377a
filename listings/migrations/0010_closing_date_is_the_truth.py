"""The closing date becomes the one source of truth of when a job closes.

Until now a job kept both `closing_date` (what the employer picked, shown on its page)
and `expires_at` (what the expiry task and the search used), and edits or extensions
moved one without the other. This fills `closing_date` from what the site enforced, so
no live job closes earlier than it would have; 0011 then drops `expires_at`.
"""

from datetime import datetime, time, timedelta

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

WITH_CLOSING_DATE = ("published", "closed", "expired")
LIVE_OR_IN_REVIEW = ("published", "pending")
DEFAULT_LIFETIME = timedelta(days=60)


def closing_dates_from_expiry(apps, schema_editor):
    Job = apps.get_model("listings", "Job")
    expiry_day = TruncDate("expires_at")
    # Live (or back in review after a material edit): the later of the two dates. An
    # extension moved only expires_at; an edited closing date moved only closing_date.
    Job.objects.filter(status__in=LIVE_OR_IN_REVIEW, expires_at__isnull=False).filter(
        Q(closing_date__isnull=True) | Q(closing_date__lt=expiry_day)
    ).update(closing_date=expiry_day)
    # Closed or expired: the day it expired, or would have.
    Job.objects.filter(status__in=("closed", "expired"), expires_at__isnull=False).update(
        closing_date=expiry_day
    )
    # Rows that never had an expiry (not written by the services): 60 days after publication.
    orphans = Job.objects.filter(status__in=WITH_CLOSING_DATE, closing_date__isnull=True)
    for job in orphans.only("pk", "published_at", "created_at").iterator():
        published = job.published_at or job.created_at
        Job.objects.filter(pk=job.pk).update(
            closing_date=timezone.localdate(published + DEFAULT_LIFETIME)
        )
    Job.objects.filter(expiry_reminder_sent_for__isnull=False).update(
        reminder_sent_for=TruncDate("expiry_reminder_sent_for")
    )


def expiry_from_closing_dates(apps, schema_editor):
    Job = apps.get_model("listings", "Job")
    rows = Job.objects.filter(closing_date__isnull=False).exclude(status__in=("draft", "rejected"))
    for job in rows.only("pk", "closing_date", "reminder_sent_for").iterator():
        end = timezone.make_aware(datetime.combine(job.closing_date, time.max))
        reminded = job.reminder_sent_for == job.closing_date
        Job.objects.filter(pk=job.pk).update(expires_at=end, expiry_reminder_sent_for=end if reminded else None)


class Migration(migrations.Migration):
    dependencies = [("listings", "0009_job_view_day")]

    operations = [
        migrations.AddField(
            model_name="job",
            name="reminder_sent_for",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="job",
            name="reminder_links_used_for",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(closing_dates_from_expiry, expiry_from_closing_dates),
    ]
