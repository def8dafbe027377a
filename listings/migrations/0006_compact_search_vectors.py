"""Rebuild search vectors in the compact form (listings.services.job_search_vector)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from listings.search.index import job_search_vector

    apps.get_model("listings", "Job").objects.update(search_vector=job_search_vector())


class Migration(migrations.Migration):
    dependencies = [("listings", "0005_moderator_group")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
