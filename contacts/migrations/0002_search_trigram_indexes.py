"""Trigram indexes for the search across contacts (PostgreSQL only).

The search filters with ``icontains``, which PostgreSQL runs as ``UPPER(col) LIKE UPPER(%q%)``;
a GIN index on ``UPPER(col) gin_trgm_ops`` serves exactly that. SQLite has no such index and
scans, which is fine for a first look.
"""

from django.db import migrations

COLUMNS = ("name", "english_name", "mobile", "phone", "email")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS contacts_contact_{column}_trgm "
            f"ON contacts_contact USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS contacts_contact_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
