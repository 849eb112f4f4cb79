from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remiss.accounts.models import User
from remiss.cases.archive import archive_export, copy_package_to
from remiss.cases.models import Case, CaseStatus
from remiss.core.errors import NotAllowed, ServiceError
from remiss.reading.references import parse_case_number


class Command(BaseCommand):
    help = (
        "Export closed cases for the archive as E-ARK/FGS packages: "
        'remiss archive export "KS 2026/13" --user registrator --out DIR '
        "(or --all-closed for every closed case not yet exported)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write packages of closed cases")
        export.add_argument("case_numbers", nargs="*", help='e.g. "KS 2026/13"')
        export.add_argument(
            "--all-closed",
            action="store_true",
            help="every closed case of the user's organisation without a package",
        )
        export.add_argument(
            "--user", required=True, help="the registrar or administrator exporting (audited)"
        )
        export.add_argument("--out", required=True, help="folder to write the .tar files into")

    def handle(self, *args: object, **options: object) -> None:
        user = User.objects.filter(username=str(options["user"]), is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen sådan användare / no such user: {options['user']}")
        cases = self._cases(user, options)
        if not cases:
            self.stdout.write("Inga ärenden att exportera / no cases to export")
            return
        out = Path(str(options["out"]))
        failed = 0
        for case in cases:
            try:
                package = archive_export(actor=user, case=case)
            except (NotAllowed, ServiceError) as exc:
                failed += 1
                self.stderr.write(f"{case.number}: {exc}")
                continue
            target = copy_package_to(package, out)
            self.stdout.write(f"{case.number}: {target} ({package.stored.size} bytes)")
        if failed:
            raise CommandError(
                f"{failed} av {len(cases)} ärenden kunde inte exporteras / "
                f"{failed} of {len(cases)} cases could not be exported"
            )

    def _cases(self, user: User, options: dict[str, object]) -> list[Case]:
        mine = Case.objects.select_related("registry__organisation").filter(
            registry__organisation=user.organisation
        )
        if options["all_closed"]:
            return list(
                mine.filter(status=CaseStatus.CLOSED, archive_packages__isnull=True).order_by(
                    "registered_at"
                )
            )
        found = []
        for text in options["case_numbers"]:  # type: ignore[attr-defined]
            number = parse_case_number(str(text))
            if number is None:
                raise CommandError(f"Inget diarienummer / not a case number: {text}")
            case = mine.filter(
                registry__prefix=number.prefix, year=number.year, serial=number.serial
            ).first()
            if case is None:
                raise CommandError(f"Ärendet finns inte / no such case: {number}")
            found.append(case)
        if not found:
            raise CommandError(
                "Ange diarienummer eller --all-closed / give case numbers or --all-closed"
            )
        return found
