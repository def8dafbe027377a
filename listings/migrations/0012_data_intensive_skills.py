""""Data-intensive applications" means the skills of data-intensive work.

It was every database skill, so PostgreSQL, MySQL or SQL (which nearly every backend job
lists) put most jobs in it and the facet hardly narrowed anything. Now it is streaming,
search, wide-column stores and data pipelines: Kafka, stream processing (a new skill:
Spark Streaming, Flink, Beam, Faust), Elasticsearch, Cassandra, data engineering, Pandas.
"""

from django.db import migrations

NOT_DATA_INTENSIVE = ["postgresql", "mysql", "sql", "mongodb", "dynamodb"]
STREAM_PROCESSING = {
    "name": "Stream processing",
    "category": "messaging",
    "specialisation": "data",
    "aliases": [
        "spark streaming",
        "structured streaming",
        "flink",
        "apache flink",
        "apache beam",
        "beam",
        "kafka streams",
        "faust",
        "bytewax",
    ],
}


def forwards(apps, schema_editor):
    Skill = apps.get_model("listings", "Skill")
    Skill.objects.filter(slug__in=NOT_DATA_INTENSIVE).update(specialisation="")
    Skill.objects.update_or_create(slug="stream-processing", defaults=STREAM_PROCESSING)


def backwards(apps, schema_editor):
    Skill = apps.get_model("listings", "Skill")
    Skill.objects.filter(slug__in=NOT_DATA_INTENSIVE).update(specialisation="data")
    Skill.objects.filter(slug="stream-processing").delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0011_drop_expires_at")]

    operations = [migrations.RunPython(forwards, backwards)]
