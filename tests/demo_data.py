"""The demo's data for tests that start from it, written by `remiss demo` once per test process
and copied into each test's empty database.

Loading the demo costs most of a second of services, audit entries and search indexing; about
two hundred tests start from it. `load_demo()` runs the command once, inside a transaction that
is rolled back, keeps every row it wrote, and from then on inserts those rows as they were:
the same primary keys, audit chain, checkpoints-to-be and search index (the database's own
triggers index the search entries as the command's writes did). `tests/test_demo.py` checks
that the copy is the command's data, row for row, and that its audit chain verifies. Tests of
the command itself call it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from remiss.core.chain import write_checkpoint
from remiss.core.models import AuditChainHead

# Rows that are in every migrated database before any test writes: not the demo's.
_PRESENT_BEFORE = {"contenttypes.contenttype", "auth.permission"}


@dataclass(frozen=True)
class TableRows:
    model: type[models.Model]
    fields: tuple[models.Field[Any, Any], ...]
    rows: tuple[tuple[Any, ...], ...]


_written: tuple[TableRows, ...] | None = None


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
        and model._meta.label_lower not in _PRESENT_BEFORE
    ]  # fmt: skip


def _rows(model: type[models.Model]) -> TableRows:
    fields = tuple(model._meta.concrete_fields)
    values = model._base_manager.order_by("pk").values_list(*(f.attname for f in fields))
    return TableRows(model, fields, tuple(values))


def current_rows() -> tuple[TableRows, ...]:
    """Every row of every table the demo may write, as the ORM reads it back."""
    return tuple(table for table in map(_rows, _tables()) if table.rows)


def _holds_rows(model: type[models.Model]) -> bool:
    rows = model._base_manager.all()
    if model is AuditChainHead:
        # a migrated database holds the chains' heads before any entry (last_id 0); the copy
        # replaces them
        rows = rows.filter(last_id__gt=0)
    return rows.exists()


def _refuse_unless_fresh() -> None:
    written = [model._meta.label for model in _tables() if _holds_rows(model)]
    if written:
        raise RuntimeError(
            "load_demo() starts from an empty database; this test wrote to "
            f"{', '.join(written)} first: call `call_command('demo')` instead."
        )


def _write_and_keep() -> tuple[TableRows, ...]:
    _refuse_unless_fresh()
    with transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        written = current_rows()
        transaction.set_rollback(True)
    return written


def load_demo() -> None:
    """What `call_command("demo")` writes into an empty database, written into this one."""
    global _written
    if _written is None:
        _written = _write_and_keep()
    _refuse_unless_fresh()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        AuditChainHead.objects.all().delete()  # the demo's heads replace those at the start
        # Foreign keys are checked when the transaction commits (Django makes them deferrable
        # on both databases), so the order of the tables does not matter.
        for table in _written:
            columns = ", ".join(quote(field.column) for field in table.fields)
            marks = ", ".join(["%s"] * len(table.fields))
            cursor.executemany(
                f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES ({marks})",
                [_prepared(table.fields, row) for row in table.rows],
            )
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in _written]
        ):
            cursor.execute(statement)
        _sign_on_commit()


def _prepared(fields: tuple[models.Field[Any, Any], ...], row: tuple[Any, ...]) -> list[Any]:
    return [
        field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)
    ]


def _sign_on_commit() -> None:
    """The command's transaction signs the heads of the audit chains it appended to once it
    commits (remiss.core.audit); so does the copy's."""
    chains = list(AuditChainHead.objects.filter(last_id__gt=0).values_list("chain", flat=True))
    transaction.on_commit(lambda: write_checkpoint(chains=chains))
