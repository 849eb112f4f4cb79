"""On PostgreSQL, a trigram index makes the register's title search (ILIKE '%…%') an index scan.
Skipped, with a note, where the pg_trgm extension cannot be created; search then scans."""

import sys

from django.db import DatabaseError, migrations, transaction

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_case_title_trgm "
    "ON cases_case USING gin (upper(title::text) gin_trgm_ops)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for statement in CREATE:
                schema_editor.execute(statement)
    except DatabaseError as exc:
        sys.stderr.write(f"Note: no trigram index for title search ({exc}).\n")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_case_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_register_order_index")]

    operations = [migrations.RunPython(create, drop)]
