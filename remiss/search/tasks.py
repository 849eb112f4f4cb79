"""The background task that keeps a stored file's text in the search index."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from remiss.cases import files
from remiss.cases.models import RecordFile
from remiss.documents.readings import READABLE_TYPES
from remiss.reading.extract import extract_isolated
from remiss.search.index import index_file_pages


def index_file_text(record_file_id: int) -> int:
    """Extract the file's text in the reader's sandbox (time and memory limits; a hostile file
    kills only the child) and index it page by page. Safe to run again. Returns the pages
    indexed."""
    record_file = (
        RecordFile.objects.select_related("stored", "record__case__registry")
        .filter(pk=record_file_id)
        .first()
    )
    if record_file is None or record_file.stored.content_type not in READABLE_TYPES:
        return 0
    with files.local_copy(record_file.stored.sha256) as path:
        extracted = extract_isolated(path, timeout=getattr(settings, "REMISS_READ_TIMEOUT", 60))
    return index_file_pages(record_file, extracted.pages)


@task()
def index_file_text_task(record_file_id: int) -> int:
    return index_file_text(record_file_id)
