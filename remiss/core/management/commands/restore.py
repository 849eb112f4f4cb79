from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remiss.core.backup import BackupError, restore
from remiss.core.chain import verify_chain


class Command(BaseCommand):
    help = "Restore a backup into an empty database and data folder, then verify the audit chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        try:
            restore(options["archive"])  # type: ignore[arg-type]
        except BackupError as exc:
            raise CommandError(f"Återställningen avbröts / restore refused: {exc}") from exc
        verdict = verify_chain()
        if not verdict.ok:
            raise CommandError(f"Ändringsloggen håller inte / the audit chain is broken: {verdict}")
        self.stdout.write(f"Återställd / restored; the audit chain holds ({verdict.checked}).")
