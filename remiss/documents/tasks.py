"""Background tasks of the documents app (django-tasks; the database backend by default).

The task is defined beside the service it runs; it is named here too, where tasks queued by
earlier versions look for it.
"""

from __future__ import annotations

from remiss.documents.readings import read_stored_file

__all__ = ["read_stored_file"]
