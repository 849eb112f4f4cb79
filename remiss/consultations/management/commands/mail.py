"""`remiss mail fetch`: take the replies that came by e-mail from the organisation's mailbox
(IMAP, or a Maildir folder) — each message kept, registered as a reply where its referral is
known, otherwise left waiting for a person at /epost/ (remiss.consultations.mail). Run it every
few minutes, e.g. from the systemd timer in deploy/systemd (docs/mail.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from remiss.consultations.mail import FetchResult, ImapAccount, fetch_imap, fetch_maildir
from remiss.organisations.models import Organisation


class Command(BaseCommand):
    help = "Fetch replies by e-mail: remiss mail fetch [--organisation NAME] [--maildir DIR]"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["fetch"])
        parser.add_argument(
            "--organisation",
            default=settings.REMISS_MAIL_ORGANISATION,
            help="The organisation whose mailbox it is (REMISS_MAIL_ORGANISATION).",
        )
        parser.add_argument(
            "--maildir",
            default=settings.REMISS_MAIL_MAILDIR,
            help="A Maildir folder instead of IMAP (REMISS_MAIL_MAILDIR).",
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["organisation"]
        organisation = Organisation.objects.filter(name=name).first() if name else None
        if organisation is None:
            raise CommandError(
                f"Ingen organisation heter {name!r}: ange --organisation eller "
                f"REMISS_MAIL_ORGANISATION. / No organisation is called {name!r}."
            )
        if options["maildir"]:
            folder = Path(options["maildir"])
            if not (folder / "new").is_dir():
                raise CommandError(f"{folder} är ingen Maildir-mapp. / {folder} is not a Maildir.")
            result = fetch_maildir(organisation=organisation, folder=folder, limit=options["limit"])
        elif settings.REMISS_MAIL_IMAP_HOST:
            account = ImapAccount(
                host=settings.REMISS_MAIL_IMAP_HOST,
                port=settings.REMISS_MAIL_IMAP_PORT,
                user=settings.REMISS_MAIL_IMAP_USER,
                password=settings.REMISS_MAIL_IMAP_PASSWORD,
                folder=settings.REMISS_MAIL_IMAP_FOLDER,
                security=settings.REMISS_MAIL_IMAP_SECURITY,
            )
            try:
                result = fetch_imap(organisation=organisation, account=account,
                                    limit=options["limit"])  # fmt: skip
            except OSError as exc:
                raise CommandError(
                    f"IMAP-servern svarar inte: {exc} / The IMAP server does not answer."
                ) from exc
        else:
            raise CommandError(
                "Ingen brevlåda är inställd: REMISS_MAIL_IMAP_HOST eller --maildir. / "
                "No mailbox is configured."
            )
        self._report(result)
        if result.failed:
            raise CommandError(
                f"{result.failed} meddelanden kunde inte tas emot; de hämtas igen nästa gång. / "
                f"{result.failed} messages could not be kept; they are fetched again next time."
            )

    def _report(self, result: FetchResult) -> None:
        self.stdout.write(
            f"{result.received} nya meddelanden: {result.matched} registrerade som remissvar, "
            f"{result.waiting} väntar på en handläggare, {result.bounced} studsar; "
            f"{result.duplicates} redan mottagna. / "
            f"{result.received} new: {result.matched} registered as replies, "
            f"{result.waiting} waiting, {result.bounced} bounces; "
            f"{result.duplicates} already received."
        )
