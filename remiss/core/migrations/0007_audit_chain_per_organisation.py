"""The audit trail as one chain per organisation (docs/security.md): each organisation's
appends lock only its own chain's head. Entries already written stay in the installation's
chain (0), linked and hashed as they were; the head row there is chain 0's."""

from importlib import import_module

from django.db import migrations, models

restore_sqlite_triggers = import_module(
    "remiss.core.migrations.0003_audit_chain"
).restore_sqlite_triggers


def advance_head_ids(apps, schema_editor):
    """The first head row was written with its id given (0003), which PostgreSQL's sequence
    did not count: the next head row would take that id again."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('core_auditchainhead', 'id'), "
            "coalesce((SELECT max(id) FROM core_auditchainhead), 0) + 1, false)"
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_task_origin")]

    operations = [
        # Undone last when the migration is reversed: the triggers back after SQLite rebuilt the
        # table to drop the column.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.IntegerField(default=0, unique=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.IntegerField(default=0, editable=False),
        ),
        # SQLite rebuilds the table to add a column with a default, and the append-only
        # triggers go with the old table: put them back.
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(advance_head_ids, migrations.RunPython.noop),
    ]
