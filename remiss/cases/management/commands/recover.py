"""`remiss recover`: after a crash, move committed uploads into place and remove stale ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from remiss.cases.services import recover_files


class Command(BaseCommand):
    help = "Move uploads whose registration was committed into place; remove stale ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=3600,
            help="Remove uncommitted pending uploads older than this many seconds.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handled = recover_files(older_than_seconds=options["older_than"])
        self.stdout.write(f"{handled} pending upload(s) handled")
