from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("listings", "0010_closing_date_is_the_truth")]

    operations = [
        migrations.RemoveField(model_name="job", name="expires_at"),
        migrations.RemoveField(model_name="job", name="expiry_reminder_sent_for"),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ("published", "closed", "expired")), _negated=True)
                | models.Q(("closing_date__isnull", False)),
                name="job_published_has_closing_date",
            ),
        ),
    ]
