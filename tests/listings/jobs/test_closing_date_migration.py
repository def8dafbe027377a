"""Migration 0010: existing jobs get the closing date the site actually enforced."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("listings", "0009_job_view_day")]
AFTER = [("listings", "0011_drop_expires_at")]


def end_of(day):
    return timezone.make_aware(datetime.combine(day, time.max))


@pytest.fixture
def migrate():
    """Runs the migrations to a target; leaves the database on the latest ones."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()

    def run(targets):
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield run
    run(latest)


@pytest.mark.django_db(transaction=True)
def test_existing_jobs_get_the_closing_date_the_site_enforced(migrate):
    old = migrate(BEFORE)
    Company, Job = old.get_model("listings", "Company"), old.get_model("listings", "Job")
    company = Company.objects.create(name="Acme", slug="acme")
    today = timezone.localdate()
    common = {"company": company, "description": "x", "level": "mid", "work_mode": "remote"}
    common |= {"salary_min": 1, "salary_max": 2, "published_at": timezone.now()}

    def job(title, status, closing_date=None, expires_at=None, **extra):
        return Job.objects.create(
            title=title, status=status, closing_date=closing_date, expires_at=expires_at, **common, **extra
        ).pk

    edited = job("Edited", "published", today + timedelta(days=20), end_of(today + timedelta(days=50)))
    extended = job("Extended", "published", today + timedelta(days=5), end_of(today + timedelta(days=35)))
    default = job("Default", "published", None, end_of(today + timedelta(days=40)))
    expired = job("Expired", "expired", today + timedelta(days=3), end_of(today - timedelta(days=2)))
    draft = job("Draft", "draft", date(2099, 1, 1))
    reminded = job(
        "Reminded",
        "published",
        None,
        end_of(today + timedelta(days=4)),
        expiry_reminder_sent_for=end_of(today + timedelta(days=4)),
    )

    new = migrate(AFTER)

    closing = dict(new.get_model("listings", "Job").objects.values_list("pk", "closing_date"))
    # A live job never closes earlier than the site was keeping it up.
    assert closing[edited] == today + timedelta(days=50)
    assert closing[extended] == today + timedelta(days=35)
    assert closing[default] == today + timedelta(days=40)
    assert closing[expired] == today - timedelta(days=2)
    assert closing[draft] == date(2099, 1, 1)
    reminder = new.get_model("listings", "Job").objects.get(pk=reminded).reminder_sent_for
    assert reminder == today + timedelta(days=4)  # no second reminder for the same date
