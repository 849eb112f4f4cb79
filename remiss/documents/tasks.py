"""Background tasks of the documents app (django-tasks; the database backend by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def read_stored_file(reading_id: int) -> str:
    """Read one stored file; safe to run again (a finished reading is kept)."""
    from remiss.documents.readings import reading_perform

    return reading_perform(reading_id).status
