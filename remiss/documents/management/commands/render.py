from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remiss.cases.models import Case
from remiss.core.errors import ServiceError
from remiss.documents.services import FORMATS, render_reply
from remiss.reading.references import parse_case_number


class Command(BaseCommand):
    help = 'Render a case\'s reply document: remiss render "KS 2020/132" --format pdf -o FILE'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_number", help='e.g. "KS 2020/132"')
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", help="file to write (default: the reply's name)")

    def handle(self, *args: object, **options: object) -> None:
        number = parse_case_number(str(options["case_number"]))
        if number is None:
            raise CommandError(f"Inget diarienummer / not a case number: {options['case_number']}")
        case = (
            Case.objects.select_related("registry__organisation")
            .filter(registry__prefix=number.prefix, year=number.year, serial=number.serial)
            .first()
        )
        if case is None:
            raise CommandError(f"Ärendet finns inte / no such case: {number}")
        try:
            rendered = render_reply(case, str(options["format"]))
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        target = Path(str(options["output"] or rendered.filename))
        target.write_bytes(rendered.content)
        self.stdout.write(f"{target} ({len(rendered.content)} bytes)")
