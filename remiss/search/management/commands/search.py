"""`remiss search rebuild`: build the search index again from the data (after a restore, an
upgrade, or a bulk change that bypassed the services). `--files` also extracts every stored
file's text again (slow: each file is read in the sandbox)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from remiss.cases.models import RecordFile
from remiss.search import index
from remiss.search.models import SearchEntry
from remiss.search.tasks import index_file_text


class Command(BaseCommand):
    help = "Rebuild the search index: remiss search rebuild [--files]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument(
            "--files",
            action="store_true",
            help="also extract the text of every stored file again",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = index.count_objects()
        with tqdm(total=total, desc=_("Indexing"), unit="", disable=None) as bar:

            def advance(done: int) -> None:
                bar.update(done - bar.n)

            written = index.rebuild(progress=advance)
        files = RecordFile.objects.order_by("pk")
        if not options["files"]:  # only the files whose text the index does not hold
            indexed = {
                int(key.split(":")[1])
                for key in SearchEntry.objects.filter(key__startswith="file:").values_list(
                    "key", flat=True
                )
            }
            files = files.exclude(pk__in=indexed)
        pages = 0
        for record_file in tqdm(list(files), desc=_("File text"), unit="", disable=None):
            pages += index_file_text(record_file.pk)
        self.stdout.write(
            _("The search index holds %(entries)d entries and %(pages)d pages of file text.")
            % {"entries": written, "pages": pages}
        )
