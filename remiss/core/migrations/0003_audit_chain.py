"""The audit trail becomes a hash chain. Entries written before this migration are chained in
their order, with the append-only guard lifted for that one pass."""

from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from remiss.core.chain import GENESIS, entry_hash

    entry_model = apps.get_model("core", "AuditEntry")
    head_model = apps.get_model("core", "AuditChainHead")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audit_guard SET enabled = 0")
    previous, last_id = GENESIS, 0
    for entry in entry_model.objects.order_by("id"):
        entry.prev_hash = previous
        entry.hash = entry_hash(entry, previous)
        entry.save(update_fields=["prev_hash", "hash"])
        previous, last_id = entry.hash, entry.pk
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audit_guard SET enabled = 1")
    head_model.objects.create(pk=1, last_id=last_id, last_hash=previous)


SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       WHEN (SELECT enabled FROM core_audit_guard) = 1
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
       WHEN (SELECT enabled FROM core_audit_guard) = 1
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;""",
]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("last_id", models.BigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="time"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        # SQLite rebuilds a table to alter it, and its triggers go with the old table: put the
        # append-only triggers back. (Every later migration that alters core_auditentry must too.)
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
