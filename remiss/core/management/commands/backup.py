from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from remiss.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database, the stored files and the audit checkpoints into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        manifest = backup(options["archive"])  # type: ignore[arg-type]
        self.stdout.write(
            f"Säkerhetskopia / backup: {options['archive']} ({len(manifest['members'])} delar)"
        )
