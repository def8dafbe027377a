"""PostgreSQL-only search structures; on SQLite (the embedded default) these are no-ops."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS job_search_vector_gin ON listings_job USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS job_title_trgm ON listings_job USING gin (title gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS job_search_vector_gin",
    "DROP INDEX IF EXISTS job_title_trgm",
]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run_on_postgres(CREATE), run_on_postgres(DROP)),
    ]
