from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "remiss.search"
    label = "search"

    def ready(self) -> None:
        # The index follows every write of what it holds, in the write's own transaction.
        from remiss.search import signals

        signals.connect()
        post_migrate.connect(_index_existing_data, sender=self, dispatch_uid="search-first-build")


def _index_existing_data(**_: Any) -> None:
    """An installation upgraded to a version with search has data and an empty index: build it
    once (files' text is left to `remiss search rebuild`, which reads every file)."""
    from remiss.cases.models import Case
    from remiss.search import index
    from remiss.search.models import SearchEntry

    if Case.objects.exists() and not SearchEntry.objects.exists():
        index.rebuild()
