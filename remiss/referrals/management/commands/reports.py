from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from remiss.core.errors import ServiceError
from remiss.referrals.reports import parse_catalogue, reports_import


class Command(BaseCommand):
    help = (
        "The catalogue of reports: `remiss reports import FILE` loads a CSV or JSON file with "
        "ref, title, year, ministry (all rows or none)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"Filen finns inte / no such file: {path}")
        data = path.read_bytes()
        try:
            rows = parse_catalogue(data)
        except ServiceError as exc:
            with translation.override("sv"):
                swedish = str(exc.message)
            with translation.override("en"):
                english = str(exc.message)
            raise CommandError(
                f"{swedish} / {english}\nInget sparades / nothing was saved."
            ) from exc
        added, changed = reports_import(rows)
        self.stdout.write(
            f"Rapporter: {added} nya, {changed} ändrade, {len(rows) - added - changed} oförändrade"
            f" / reports: {added} added, {changed} changed, {len(rows) - added - changed} unchanged"
        )
