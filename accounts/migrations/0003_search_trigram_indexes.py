"""Trigram indexes for the search across accounts (PostgreSQL only).

The search filters with ``icontains``, which PostgreSQL runs as ``UPPER(col) LIKE UPPER(%q%)``;
a GIN index on ``UPPER(col) gin_trgm_ops`` serves exactly that. SQLite has no such index and
scans, which is fine for a first look.
"""

from django.db import migrations

COLUMNS = ("name", "short_name", "phone", "email")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS accounts_account_{column}_trgm "
            f"ON accounts_account USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS accounts_account_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_archive_layers_plan_financials")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
