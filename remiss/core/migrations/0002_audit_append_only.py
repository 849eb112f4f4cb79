"""The database itself refuses UPDATE, DELETE and TRUNCATE on the audit trail.

The one-row table core_audit_guard (no Django model, so that no flush or ORM call reaches it)
switches the guard; only a person with direct database access can turn it off, and the test
suite does so around its own database flushes (tests/conftest.py).
"""

from django.db import migrations

GUARD = "(SELECT enabled FROM core_audit_guard) = 1"
SQLITE = [
    "CREATE TABLE core_audit_guard (enabled integer NOT NULL);",
    "INSERT INTO core_audit_guard (enabled) VALUES (1);",
    f"""CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       WHEN {GUARD} BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
    f"""CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
       WHEN {GUARD} BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
]
POSTGRES = [
    "CREATE TABLE core_audit_guard (enabled integer NOT NULL);",
    "INSERT INTO core_audit_guard (enabled) VALUES (1);",
    f"""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN
         IF {GUARD} THEN RAISE EXCEPTION 'the audit trail is append-only'; END IF;
         IF TG_OP = 'TRUNCATE' THEN RETURN NULL; END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry
       FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();""",
    """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete;",
    "DROP TABLE IF EXISTS core_audit_guard;",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
    "DROP TABLE IF EXISTS core_audit_guard;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
